// Joins a room over /ws, prints every message that arrives, then leaves (so the others see `peer-left` at once
// instead of waiting out the resume window) and exits when the server has closed the socket.
//   node --experimental-websocket examples/node-hello.mjs [ws-url] [room] [seconds]
// (Node 22 and later have WebSocket without the flag.)
const [url = 'ws://127.0.0.1:8080/ws', room = 'demo', seconds = '10'] = process.argv.slice(2);

const ws = new WebSocket(url);
ws.onopen = () => ws.send(JSON.stringify({ op: 'join', room, name: 'node', id: 1 }));
ws.onmessage = event => console.log(event.data);
ws.onclose = () => process.exit(0);
ws.onerror = () => process.exit(1);
setTimeout(() => ws.send(JSON.stringify({ op: 'leave', id: 2 })), Number(seconds) * 1000);
