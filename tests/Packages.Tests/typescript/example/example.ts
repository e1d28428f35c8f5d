// A call page written against the npm package's types: what README "Use it from JavaScript" does.
import { MeshClient, SignalingError, type MeshClientState, type MemberRole, type PeerAttributes, type PeerConnectionStats, type RoomSettings } from 'meshcall';

const tiles = new Map<string, HTMLVideoElement>();
const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
const client = new MeshClient({ urls: ['ws://127.0.0.1:8080/ws'], room: 'standup', name: 'Ada', stream, uplinkKbps: 1500 });

const unsubscribe = client.on('peer', ({ peerId, name, polite }) => {
  const video = document.createElement('video');
  video.title = `${name} (${polite ? 'polite' : 'impolite'})`;
  tiles.set(peerId, video);
});
client.on('track', ({ peerId, stream: remote, track }) => {
  const video = tiles.get(peerId);
  if (video && track.kind === 'video') video.srcObject = remote;
});
client.on('connection-state', ({ peerId, state }) => console.log(peerId, state === 'failed' ? 'failed' : state));
client.on('peer-left', ({ peerId, reason }) => { tiles.delete(peerId); console.log(reason); });
client.on('message', ({ from, name, data }) => console.log(name ?? from, JSON.stringify(data)));
client.on('state', ({ state }) => { const now: MeshClientState = state; console.log(now); });
client.on('error', ({ code, message }) => console.warn(code, message));

// Roles, moderation, the lobby and attributes.
const hands = new Set<string>();
client.on('peer', ({ peerId, role, attributes }) => { if (attributes.handRaised === true) hands.add(peerId); console.log(role); });
client.on('peer-updated', ({ peerId, attributes }) => (attributes.handRaised === true ? hands.add(peerId) : hands.delete(peerId)));
client.on('role-changed', ({ peerId, role, self }) => { const mine: MemberRole = client.role; console.log(peerId, role, self, mine); });
client.on('room-updated', ({ settings, by }) => { const now: RoomSettings = client.settings; console.log(settings.locked, settings.lobby, by, now); });
client.on('moderation', ({ action, by, name }) => console.log(action === 'mute' ? 'muted' : 'camera off', name ?? by));
client.on('lobby', ({ lobbyId }) => console.log('waiting in the lobby', lobbyId));
client.on('knock', async ({ lobbyId, name }) => { if (name === 'Bob') await client.admit(lobbyId); else await client.deny(lobbyId); });
client.on('knock-withdrawn', ({ lobbyId }) => console.log(client.knocks.has(lobbyId)));
await client.setAttributes({ handRaised: false, emoji: '👋' });

try {
  const joined = await client.join();
  console.log(joined.peerId === client.peerId, joined.peers.length, joined.iceServers, client.maxPeers);
} catch (error) {
  if (error instanceof SignalingError && error.code === 'room-full') console.log('full');
}

for (const [peerId, pc] of client.connections) console.log(peerId, pc.connectionState, client.peers.get(peerId)?.state);
const stats: PeerConnectionStats[] = client.connectionStats();
console.log(stats.map((s) => s.connectMs ?? s.glare + s.iceRestarts));

client.setMicrophoneEnabled(false);
await client.setCameraEnabled(false);
const screen: MediaStream = await client.startScreenShare();
client.stopScreenShare();
const [camera] = stream.getVideoTracks();
await client.replaceTrack(camera, null);
client.addTrack(screen.getVideoTracks()[0], screen, 'screen');
client.removeTrack(screen.getVideoTracks()[0]);
client.restartIce('p2');
await client.broadcast({ chat: 'hello', at: Date.now() });
if (client.role === 'moderator') {
  await client.setRoomSettings({ locked: true });
  await client.setRoomSettings({ lobby: !client.settings.lobby });
  await client.moderate('p2', 'mute');
  await client.moderate('p2', 'camera-off');
  await client.kick('p3');
}
const mine: PeerAttributes = client.attributes;
await client.updateAttributes({ handRaised: !mine.handRaised });
for (const peer of client.peers.values()) console.log(peer.name, peer.role, peer.attributes.muted === true);
unsubscribe();
await client.leave();
