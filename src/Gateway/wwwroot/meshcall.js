// meshcall.js: the browser side of a MeshCall mesh call (PROTOCOL.md). No dependencies, no bundler:
//   import { MeshClient } from '/meshcall.js';
//   const client = new MeshClient({ room: 'r1', name: 'Ada', stream });
//   client.on('track', ({ peerId, stream }) => …);
//   await client.join();
// One RTCPeerConnection per remote peer (client.connections), addressed signals, perfect negotiation.

import { EventAcks } from './meshcall/acks.js';
import { backoffMs, delay } from './meshcall/backoff.js';
import { LocalMedia } from './meshcall/local-media.js';
import { PeerLink } from './meshcall/peer-link.js';
import { PeerQueue } from './meshcall/peer-queue.js';
import { SignalingError, SignalingSocket } from './meshcall/signaling.js';
import { shareUplink } from './meshcall/uplink.js';

export { SignalingError };

const MAX_OUTBOX = 256;
// A resume (or join) refused for now is tried again; `rate-limited` joins are counted per minute, so wait longer.
const REJOIN_RETRY = { unavailable: { minMs: 250, maxMs: 5000 }, 'rate-limited': { minMs: 1000, maxMs: 30000 } };

export class MeshClient extends EventTarget {
  /** @type {Map<string, RTCPeerConnection>} one connection per remote peer */
  connections = new Map();
  /** @type {Map<string, {peerId: string, name: string, polite: boolean, state: string}>} the room's other members */
  peers = new Map();
  peerId = null;
  resumeToken = null;
  iceServers = [];
  maxPeers = undefined;
  /** idle → joining → joined ⇄ reconnecting → left | closed */
  state = 'idle';
  room;
  name;

  #options;
  #socket;
  #links = new Map();
  #queues = new Map(); // peerId → PeerQueue: the signals to that peer, in order
  #epochs = new Map();
  #media;
  #outbox = []; // broadcasts sent while reconnecting, flushed on resume
  #msgId = 0; // numbers this client's signals: a retry keeps its number, so the server delivers it once
  #acks = new EventAcks((seq) => this.#socket.send({ op: 'ack', seq })); // the last event seen, and acking it
  #uplink = Promise.resolve();
  #wanted = false;
  #reconnecting = false;
  #statsTimer = 0;

  constructor({ url, urls, room, name = '', token, stream = null, uplinkKbps = 2500, statsIntervalMs = 5000, maxIceRestarts = 3 } = {}) {
    super();
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const gateways = urls ?? [url ?? `${scheme}://${location.host}/ws`];
    this.room = room;
    this.name = name;
    this.stream = stream;
    this.#options = { token, uplinkKbps, statsIntervalMs, maxIceRestarts };
    this.#socket = new SignalingSocket(gateways, { onEvent: (m) => this.#onEvent(m), onDrop: () => this.#onDrop() });
    this.#media = new LocalMedia(stream, () => [...this.#links.values()], () => this.#shareUplink());
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
    this.#wanted = true;
    try {
      await this.#openAny();
      const joined = await this.#socket.request(this.#joinRequest(null));
      this.#applyJoined(joined);
      this.#statsTimer = setInterval(() => this.#sendStats(), this.#options.statsIntervalMs);
      addEventListener('pagehide', this.#onPageHide);
      return joined;
    } catch (error) {
      this.#wanted = false;
      this.#socket.close();
      this.#setState('closed');
      throw error;
    }
  }

  async leave() {
    if (!this.#wanted) return;
    this.#wanted = false;
    this.#stop();
    try {
      await this.#socket.request({ op: 'leave' }, 2000);
    } catch {
      // the server times the session out instead
    }
    this.#socket.close();
    this.#setState('left');
  }

  /** Sends `data` (any JSON) to every other member; they get a `message` event. */
  async broadcast(data) {
    if (this.state === 'reconnecting') this.#queue({ op: 'broadcast', data });
    else await this.#socket.request({ op: 'broadcast', data });
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

  /** Restarts ICE toward one peer (what the client does itself when a connection fails), e.g. after a network change. */
  restartIce(peerId) {
    this.#links.get(peerId)?.restartIce();
  }

  /** Per remote peer: connection state, time to connect, glare count, ICE restarts (what `stats` reports). */
  connectionStats() {
    return [...this.#links.values()].map((link) => link.stats());
  }

  // --- signaling -----------------------------------------------------------------------------

  #joinRequest(resume) {
    const request = { op: 'join', room: this.room, name: this.name };
    if (this.#options.token) request.token = this.#options.token;
    if (resume) {
      request.resume = resume;
      if (this.#acks.lastSeq > 0) request.lastSeq = this.#acks.lastSeq; // a resume asks only for what came after it
    }
    return request;
  }

  async #openAny() {
    let lastError;
    for (let i = 0; i < this.#socket.urlCount; i++) {
      try {
        return await this.#socket.open();
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError;
  }

  #applyJoined(joined) {
    const resumed = this.peerId !== null && joined.peerId === this.peerId;
    if (this.peerId !== null && !resumed) {
      // The old session is gone: every member will see a new peer, and the old connections are dead.
      for (const peerId of [...this.#links.keys()]) this.#dropPeer(peerId, 'left');
      this.#outbox = [];
    }
    if (!resumed) this.#acks.reset(); // a new session numbers its events afresh
    this.peerId = joined.peerId;
    this.resumeToken = joined.resumeToken;
    this.iceServers = joined.iceServers ?? [];
    this.maxPeers = joined.maxPeers;
    const roster = new Map(joined.peers.map((p) => [p.peerId, p]));
    if (resumed) {
      for (const peerId of [...this.#links.keys()]) if (!roster.has(peerId)) this.#dropPeer(peerId, 'left');
      // Members that joined while we were away have offered to us; their offers follow this reply.
      for (const peer of roster.values()) this.#addPeer(peer, 'answerer');
    } else {
      for (const peer of joined.peers) this.#addPeer(peer, 'offerer');
    }
    this.#setState('joined');
    // What was sent while away goes now, each peer's signals in order.
    for (const message of this.#outbox.splice(0)) this.#socket.send(message);
    for (const queue of this.#queues.values()) queue.resume();
    this.#emit('joined', { peerId: this.peerId, room: this.room, resumed });
  }

  #onEvent(message) {
    if (!this.#acks.take(message.seq)) return; // replayed after a resume, and seen already
    switch (message.op) {
      case 'peer-joined': return this.#addPeer(message, 'answerer');
      case 'peer-left': return this.#dropPeer(message.peerId, message.reason);
      case 'peer-state': return this.#peerState(message);
      case 'signal': return this.#onSignal(message);
      case 'broadcast': return this.#emit('message', { from: message.from, name: this.peers.get(message.from)?.name, data: message.data });
      case 'closed': return this.#onClosed(message.reason);
      case 'error': return this.#emit('error', { code: message.code, message: message.message });
      default: return undefined;
    }
  }

  #onSignal({ from, type, data }) {
    const link = this.#links.get(from);
    if (type === 'bye') {
      if (link && data?.epoch === link.epoch) this.#rebuild(from, false);
      return;
    }
    if (link) {
      link.receive(type, data);
    } else if (type === 'offer' && from !== this.peerId) {
      // The server orders peer-joined first; this only guards a client that missed it.
      this.#addPeer({ peerId: from, name: '', polite: this.peerId < from }, 'answerer');
      this.#links.get(from).receive(type, data);
    }
  }

  #signal(to, type, data) {
    this.#queues.get(to)?.push({ op: 'signal', to, type, data, msgId: ++this.#msgId });
  }

  /** A signal given up after its retries (meshcall/peer-queue.js), or refused for good (e.g. unknown-peer: that peer left). */
  #signalFailed(peerId, message, error) {
    this.#emit('error', { code: error.code, message: error.message });
    // The far side never got this description, so this negotiation cannot finish: start the pair afresh.
    const description = message.type === 'offer' || message.type === 'answer';
    if (description && error.code === 'unavailable' && this.#links.has(peerId)) this.#rebuild(peerId, true);
  }

  #queue(message) {
    // Like the server's backlog, bounded: after a long outage the oldest broadcasts matter least.
    if (this.#outbox.length >= MAX_OUTBOX) this.#outbox.shift();
    this.#outbox.push(message);
  }

  #peerState({ peerId, state }) {
    const peer = this.peers.get(peerId);
    if (!peer) return;
    peer.state = state; // a reconnecting peer keeps its RTCPeerConnection: media may well still flow
    this.#emit('peer-state', { peerId, state });
  }

  #onClosed(reason) {
    this.#emit('closed', { reason });
    if (reason === 'shutdown') return; // this gateway is going away: reconnect to another and resume
    this.#wanted = false;
    this.#stop();
    this.#setState('closed');
  }

  #onDrop() {
    if (!this.#wanted || this.#reconnecting) return;
    this.#setState('reconnecting');
    this.#reconnect();
  }

  async #reconnect() {
    this.#reconnecting = true;
    let failures = 0;
    try {
      while (this.#wanted) {
        if (!await this.#socket.reopen(() => !this.#wanted)) return;
        if (!this.#wanted) {
          this.#socket.close(); // left while the socket was opening
          return;
        }
        try {
          this.#applyJoined(await this.#rejoin());
          return;
        } catch (error) {
          this.#socket.close();
          const retry = REJOIN_RETRY[error.code];
          if (!retry) {
            this.#emit('error', { code: error.code, message: error.message });
            this.#wanted = false;
            this.#stop();
            this.#setState('closed');
            return;
          }
          await delay(backoffMs(failures++, retry));
        }
      }
    } finally {
      this.#reconnecting = false;
    }
  }

  async #rejoin() {
    try {
      return await this.#socket.request(this.#joinRequest(this.resumeToken));
    } catch (error) {
      if (error.code !== 'resume-expired') throw error;
      return await this.#socket.request(this.#joinRequest(null));
    }
  }

  #sendStats() {
    if (this.state !== 'joined' || this.#links.size === 0) return;
    this.#socket.send({ op: 'stats', peers: this.connectionStats() });
  }

  #onPageHide = () => {
    // A reload or a closed tab is a leave, not a drop: the others should not wait out the resume window.
    if (!this.#wanted) return;
    this.#wanted = false;
    this.#socket.send({ op: 'leave' });
    this.#stop();
  };

  #stop() {
    clearInterval(this.#statsTimer);
    this.#acks.stop();
    removeEventListener('pagehide', this.#onPageHide);
    for (const link of this.#links.values()) link.close();
    this.#links.clear();
    this.connections.clear();
    for (const queue of this.#queues.values()) queue.clear();
    this.#queues.clear();
    this.#outbox = [];
  }

  // --- peers and their connections -----------------------------------------------------------

  #addPeer({ peerId, name, polite }, role) {
    if (this.peers.has(peerId) || peerId === this.peerId) return;
    this.peers.set(peerId, { peerId, name, polite, state: 'connected' });
    this.#queues.set(peerId, new PeerQueue({
      request: (message) => this.#socket.request(message),
      ready: () => this.state === 'joined' && this.#socket.isOpen,
      failed: (message, error) => this.#signalFailed(peerId, message, error),
    }));
    this.#emit('peer', { peerId, name, polite });
    this.#createLink(peerId, role);
  }

  #dropPeer(peerId, reason) {
    const peer = this.peers.get(peerId);
    if (!peer) return;
    this.peers.delete(peerId);
    this.#links.get(peerId)?.close();
    this.#links.delete(peerId);
    this.connections.delete(peerId);
    this.#epochs.delete(peerId);
    this.#queues.get(peerId)?.clear();
    this.#queues.delete(peerId);
    this.#emit('peer-left', { peerId, name: peer.name, reason });
    this.#shareUplink();
  }

  #createLink(peerId, role) {
    const { polite } = this.peers.get(peerId);
    const epoch = (this.#epochs.get(peerId) ?? 0) + 1;
    this.#epochs.set(peerId, epoch);
    const link = new PeerLink({
      peerId, polite, epoch,
      iceServers: this.iceServers,
      maxIceRestarts: this.#options.maxIceRestarts,
      send: (type, data) => this.#signal(peerId, type, data),
      emit: (type, detail) => this.#onLinkEvent(link, type, detail),
    });
    this.#links.set(peerId, link);
    this.connections.set(peerId, link.pc);
    if (role === 'offerer') link.startAsOfferer(this.#media.entries);
    else link.startAsAnswerer(this.#media.entries);
  }

  /** A connection given up (failed ICE restarts, or a description never delivered) is replaced; the impolite side offers. */
  #rebuild(peerId, notify) {
    this.#queues.get(peerId)?.clear(); // the unsent signals were for the connection given up
    this.#links.get(peerId)?.close(notify);
    this.#createLink(peerId, this.peers.get(peerId).polite ? 'answerer' : 'offerer');
  }

  #onLinkEvent(link, type, detail) {
    if (this.#links.get(link.peerId) !== link) return; // a connection already replaced or closed
    if (type === 'negotiated') this.#shareUplink();
    else if (type === 'gave-up') this.#rebuild(link.peerId, true);
    else this.#emit(type, detail);
  }

  #shareUplink() {
    const links = [...this.#links.values()];
    this.#uplink = this.#uplink.then(() => shareUplink(links, this.#options.uplinkKbps));
  }

  #setState(state) {
    this.state = state;
    this.#emit('state', { state });
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
