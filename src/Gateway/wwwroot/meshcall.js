// meshcall.js: the browser side of a MeshCall mesh call (PROTOCOL.md). No dependencies, no bundler:
//   import { MeshClient } from '/meshcall.js';
//   const client = new MeshClient({ room: 'r1', name: 'Ada', stream });
//   client.on('track', ({ peerId, stream }) => …);
//   await client.join();
// One RTCPeerConnection per remote peer (client.connections), addressed signals, perfect negotiation.

import { GatewaySession } from './meshcall/gateway-session.js';
import { LocalMedia } from './meshcall/local-media.js';
import { PeerMesh } from './meshcall/peer-mesh.js';
import { RoomMembers } from './meshcall/room-members.js';
import { SignalingError } from './meshcall/signaling.js';

export { SignalingError };

export class MeshClient extends EventTarget {
  /** @type {Map<string, RTCPeerConnection>} one connection per remote peer */
  connections;
  /** @type {Map<string, {peerId: string, name: string, polite: boolean, state: string, role: string, attributes: object}>} the room's other members */
  peers;
  /** `moderator` or `member`; `settings` the room's `{locked, lobby}`; `attributes` this client's own (what the others see) */
  role = 'member';
  settings = { locked: false, lobby: false };
  attributes = {};
  knocks; // Map lobbyId → {lobbyId, name}: who knocks in the lobby (moderators see them)
  peerId = null;
  resumeToken = null;
  iceServers = [];
  maxPeers = undefined;
  /** idle → joining → joined ⇄ reconnecting → left | closed */
  state = 'idle';
  room;
  name;

  #session; // joining, resuming, acks, leaving: meshcall/gateway-session.js
  #mesh; // the other members, their connections and the signals to them: meshcall/peer-mesh.js
  #media; // what this client sends: meshcall/local-media.js
  #members; // roles, moderation, the lobby, attributes: meshcall/room-members.js

  constructor({ url, urls, room, name = '', token, stream = null, uplinkKbps = 2500, statsIntervalMs = 5000, maxIceRestarts = 3 } = {}) {
    super();
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const gateways = urls ?? [url ?? `${scheme}://${location.host}/ws`];
    this.room = room;
    this.name = name;
    this.stream = stream;
    this.#session = new GatewaySession(gateways, { room, name, token, statsIntervalMs }, {
      joined: (joined, resumed) => this.#applyJoined(joined, resumed),
      event: (message) => this.#onEvent(message),
      reconnecting: () => this.#setState('reconnecting'),
      ended: () => this.#setState('closed'),
      stopped: () => this.#mesh.close(),
      stats: () => (this.state === 'joined' && this.#mesh.size > 0 ? this.connectionStats() : null),
    });
    this.#mesh = new PeerMesh({
      selfId: () => this.peerId,
      request: (message) => this.#session.request(message),
      ready: () => this.state === 'joined' && this.#session.isOpen,
      emit: (type, detail) => this.#emit(type, detail),
      iceServers: () => this.iceServers,
      localTracks: () => this.#media.entries,
      uplinkKbps,
      maxIceRestarts,
    });
    this.connections = this.#mesh.connections;
    this.peers = this.#mesh.peers;
    this.#media = new LocalMedia(stream, () => this.#mesh.links, () => this.#mesh.shareUplink());
    this.#members = new RoomMembers(this, {
      selfId: () => this.peerId, peers: this.peers, media: this.#media,
      request: (message) => this.#session.request(message),
      ready: () => this.state === 'joined' && this.#session.isOpen,
      emit: (type, detail) => this.#emit(type, detail),
    });
    this.knocks = this.#members.knocks;
  }

  /** Subscribes to an event; the handler gets its detail. Returns the unsubscribe function. */
  on(type, handler) {
    const listener = (e) => handler(e.detail);
    this.addEventListener(type, listener);
    return () => this.removeEventListener(type, listener);
  }

  async join() {
    if (this.state !== 'idle') throw new Error('join() is called once per MeshClient');
    this.#setState('joining');
    try {
      return await this.#session.join();
    } catch (error) {
      this.#setState('closed');
      throw error;
    }
  }

  async leave() {
    if (await this.#session.leave()) this.#setState('left');
  }

  /** Sends `data` (any JSON) to every other member; they get a `message` event. */
  async broadcast(data) {
    if (this.state === 'reconnecting') this.#session.queue({ op: 'broadcast', data });
    else await this.#session.request({ op: 'broadcast', data });
  }

  // What this client sends (mute, camera, screen, tracks): see meshcall/local-media.js.
  setMicrophoneEnabled(enabled) {
    this.#media.setMicrophoneEnabled(enabled);
  }

  setCameraEnabled(enabled, constraints) {
    return this.#media.setCameraEnabled(enabled, constraints);
  }

  startScreenShare(stream) {
    return this.#media.startScreenShare(stream);
  }

  stopScreenShare() {
    this.#media.stopScreenShare();
  }

  addTrack(track, stream, role) {
    this.#media.add(track, stream, role);
  }

  removeTrack(track) {
    this.#media.remove(track);
  }

  replaceTrack(oldTrack, newTrack) {
    return this.#media.replace(oldTrack, newTrack);
  }

  // Roles and moderation (moderators only: others get `forbidden`) and attributes: see meshcall/room-members.js.
  setRoomSettings(settings) { return this.#members.setRoomSettings(settings); }
  kick(peerId) { return this.#members.kick(peerId); }
  moderate(peerId, action) { return this.#members.moderate(peerId, action); }
  admit(lobbyId) { return this.#members.admit(lobbyId); }
  deny(lobbyId) { return this.#members.deny(lobbyId); }
  setAttributes(attributes) { return this.#members.setAttributes(attributes); }
  updateAttributes(changes) { return this.#members.updateAttributes(changes); }

  /** Restarts ICE toward one peer (what the client does itself when a connection fails), e.g. after a network change. */
  restartIce(peerId) {
    this.#mesh.restartIce(peerId);
  }

  /** Per remote peer: connection state, time to connect, glare count, ICE restarts (what `stats` reports). */
  connectionStats() {
    return this.#mesh.stats();
  }

  #applyJoined(joined, resumed) {
    // A new session: every member will see a new peer, and the old connections are dead.
    if (!resumed) this.#mesh.dropWhere(() => true, 'left');
    this.peerId = joined.peerId;
    this.resumeToken = joined.resumeToken;
    this.iceServers = joined.iceServers ?? [];
    this.maxPeers = joined.maxPeers;
    const roster = new Map(joined.peers.map((p) => [p.peerId, p]));
    if (resumed) {
      this.#mesh.dropWhere((peerId) => !roster.has(peerId), 'left');
      // Members that joined while we were away have offered to us; their offers follow this reply.
      for (const peer of roster.values()) this.#mesh.add(peer, 'answerer');
    } else {
      for (const peer of joined.peers) this.#mesh.add(peer, 'offerer');
    }
    this.#setState('joined');
    this.#members.applyJoined(joined, resumed);
    // What was sent while away goes now, each peer's signals in order.
    this.#session.flush();
    this.#mesh.resumeSignals();
    this.#emit('joined', { peerId: this.peerId, room: this.room, resumed });
  }

  #onEvent(message) {
    if (this.#members.receive(message)) return undefined;
    switch (message.op) {
      case 'peer-joined': return this.#mesh.add(message, 'answerer');
      case 'peer-left': return this.#mesh.drop(message.peerId, message.reason);
      case 'peer-state': return this.#mesh.setState(message.peerId, message.state);
      case 'signal': return this.#mesh.receive(message);
      case 'broadcast': return this.#emit('message', { from: message.from, name: this.peers.get(message.from)?.name, data: message.data });
      case 'closed': return this.#emit('closed', { reason: message.reason });
      case 'error': return this.#emit('error', { code: message.code, message: message.message });
      default: return undefined;
    }
  }

  #setState(state) {
    this.state = state;
    this.#emit('state', { state });
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
