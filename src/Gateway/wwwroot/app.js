// The demo call page: join a room, see everyone, chat. `window.meshcall` is the page's MeshClient.
import { MeshClient } from '/meshcall.js';
import { TileGrid } from './tiles.js';
import { tileActions, toggle, updateOwnAttributes, watchMembers, wireRoomSwitches } from './members.js';

// A browser may never answer for the camera (a permission prompt nobody clicks, a device that hangs): past this,
// the page joins to watch and listen, and takes the camera into the call if it comes later.
const CAMERA_WAIT_MS = 5000;
const TIMED_OUT = Symbol('timed out');

const $ = (selector) => document.querySelector(selector);
const joinForm = $('#join-form');
const tiles = new TileGrid(tileActions(() => window.meshcall, note));
wireRoomSwitches(() => window.meshcall, note);
const params = new URLSearchParams(location.search);
joinForm.room.value = params.get('room') ?? '';
joinForm.name.value = params.get('name') ?? localStorage.getItem('meshcall.name') ?? '';

joinForm.addEventListener('submit', (e) => {
  e.preventDefault();
  localStorage.setItem('meshcall.name', joinForm.name.value);
  start(joinForm.room.value, joinForm.name.value);
});
if (params.get('autojoin') === '1' && joinForm.room.checkValidity()) start(joinForm.room.value, joinForm.name.value);

async function start(room, name) {
  joinForm.hidden = true;
  status('Starting camera…');
  const asking = navigator.mediaDevices.getUserMedia({ audio: true, video: { width: { ideal: 640 }, height: { ideal: 360 } } });
  const answer = await within(asking, CAMERA_WAIT_MS).catch(() => null);
  const stream = answer === TIMED_OUT ? null : answer;
  if (answer === TIMED_OUT) {
    note(`The camera and microphone did not start within ${CAMERA_WAIT_MS / 1000} s: joining to watch and listen. Allow them and they join the call.`);
  } else if (!stream) {
    note('No camera or microphone available: joining to watch and listen.');
  }
  // With Auth:Mode=Jwt the page needs a room grant: /?room=r1&token=<jwt> (see the README's token command).
  const client = new MeshClient({ room, name, stream, token: params.get('token') ?? undefined });
  window.meshcall = client;
  listen(client);
  if (stream) tiles.showSelf(name, stream);
  if (answer === TIMED_OUT) asking.then((late) => addLateMedia(client, late), () => {});
  $('#call').hidden = false;
  status(`Joining ${room}…`);
  try {
    await client.join();
  } catch (error) {
    note(`Could not join: ${error.message}`);
    finish(client.stream);
    // finish() hides the call and its log: the header keeps the reason (denied from the lobby, room-locked) in view.
    status(`Could not join: ${error.message}`);
  }
}

function listen(client) {
  client.on('joined', ({ peerId, resumed }) => {
    status(`In ${client.room} as ${client.name || 'Guest'}`);
    note(resumed ? 'Reconnected.' : `Joined ${client.room} (your id ${peerId.slice(0, 6)}…).`);
  });
  client.on('peer', ({ peerId, name }) => {
    tiles.addPeer(peerId, name);
    note(`${name || 'Guest'} joined.`);
  });
  client.on('peer-left', ({ peerId, name, reason }) => {
    note(`${name || 'Guest'} left (${reason}).`);
    tiles.removePeer(peerId);
  });
  client.on('track', ({ peerId, stream }) => tiles.addStream(peerId, stream));
  client.on('connection-state', ({ peerId, state }) => tiles.setState(peerId, state));
  client.on('peer-state', ({ peerId, state }) => tiles.setState(peerId, state === 'reconnecting' ? 'reconnecting' : client.connections.get(peerId)?.connectionState ?? state));
  client.on('message', ({ from, name, data }) => {
    if (data?.type === 'chat' && typeof data.text === 'string') say(name || 'Guest', data.text);
  });
  client.on('state', ({ state }) => {
    if (state === 'reconnecting') status('Connection lost, reconnecting…');
    if (state === 'left' || state === 'closed') finish(client.stream);
  });
  client.on('closed', ({ reason }) => note(`The server closed this call (${reason}).`));
  client.on('error', ({ code, message }) => console.warn(`[meshcall] ${code}: ${message}`));
  watchMembers(client, tiles, note); // after `peer` above: it marks tiles that exist by then
}

/** The promise's value, or TIMED_OUT if it has none after `ms`. */
function within(promise, ms) {
  let timer;
  const timeout = new Promise((resolve) => { timer = setTimeout(resolve, ms, TIMED_OUT); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The camera and microphone allowed after the page joined without them: sent to everyone from now on. */
function addLateMedia(client, stream) {
  if (client.state === 'left' || client.state === 'closed') {
    for (const track of stream.getTracks()) track.stop();
    return;
  }
  client.stream = stream;
  for (const track of stream.getTracks()) client.addTrack(track, stream, track.kind === 'audio' ? 'microphone' : 'camera');
  tiles.showSelf(client.name, stream);
  note('Camera and microphone on.');
}

function finish(stream) {
  for (const track of stream?.getTracks() ?? []) track.stop();
  tiles.clear();
  $('#call').hidden = true;
  joinForm.hidden = false;
  status('');
}

$('#mute').addEventListener('click', (e) => {
  const muted = e.currentTarget.getAttribute('aria-pressed') !== 'true';
  window.meshcall?.setMicrophoneEnabled(!muted);
  toggle(e.currentTarget, muted, 'Unmute', 'Mute');
  updateOwnAttributes(window.meshcall, tiles, { muted }, note);
});

$('#camera').addEventListener('click', async (e) => {
  const button = e.currentTarget;
  const off = button.getAttribute('aria-pressed') !== 'true';
  try {
    await window.meshcall?.setCameraEnabled(!off);
    toggle(button, off, 'Camera on', 'Camera off');
    updateOwnAttributes(window.meshcall, tiles, { cameraOff: off }, note);
  } catch (error) {
    note(`Camera: ${error.message}`);
  }
});

$('#screen').addEventListener('click', async (e) => {
  const button = e.currentTarget;
  const sharing = button.getAttribute('aria-pressed') === 'true';
  try {
    if (sharing) window.meshcall?.stopScreenShare();
    else {
      const screen = await window.meshcall?.startScreenShare();
      screen?.getVideoTracks()[0]?.addEventListener('ended', () => toggle(button, false, 'Stop sharing', 'Share screen'));
    }
    toggle(button, !sharing, 'Stop sharing', 'Share screen');
  } catch (error) {
    note(`Screen share: ${error.message}`);
  }
});

$('#hand').addEventListener('click', (e) => {
  const raised = e.currentTarget.getAttribute('aria-pressed') !== 'true';
  toggle(e.currentTarget, raised, 'Lower hand', 'Raise hand');
  updateOwnAttributes(window.meshcall, tiles, { handRaised: raised }, note);
});

$('#leave').addEventListener('click', () => window.meshcall?.leave());

$('#chat-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const input = e.currentTarget.text;
  const text = input.value.trim();
  if (!text || !window.meshcall) return;
  input.value = '';
  say('You', text);
  try {
    await window.meshcall.broadcast({ type: 'chat', text });
  } catch (error) {
    note(`Not sent: ${error.message}`);
  }
});

function status(text) {
  $('#status').textContent = text;
}

function say(who, text) {
  log(`${who}: ${text}`, 'chat');
}

function note(text) {
  log(text, 'system');
}

function log(text, kind) {
  const item = document.createElement('li');
  item.className = kind;
  item.textContent = text; // never innerHTML: names and messages come from other people
  $('#chat-log').append(item);
  item.scrollIntoView({ block: 'end' });
}
