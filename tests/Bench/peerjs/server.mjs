// PeerJS server (npm `peer`), as its users run it, on 127.0.0.1 for the MeshCall benchmark.
// Only two settings differ from its defaults: no per-connection console log (the CLI prints one line per
// client, which would measure the terminal) and a concurrent limit above the density scenario's clients.
import http from 'node:http';
import express from 'express';
import { ExpressPeerServer } from 'peer';

const port = Number(process.argv[process.argv.indexOf('--port') + 1]);
const app = express();
const server = http.createServer(app);
const peers = ExpressPeerServer(server, { key: 'peerjs', path: '/', concurrent_limit: 1_000_000 });
app.get('/readyz', (_req, res) => res.send('ready'));
app.use('/', peers);
server.listen(port, '127.0.0.1', () => console.log(`PeerJS server on 127.0.0.1:${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
