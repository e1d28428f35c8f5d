// The room's other members and, for each, its connection (meshcall/peer-link.js) and the queue of signals to it
// (meshcall/peer-queue.js). A connection given up is rebuilt here; MeshClient only tells who came, left or signalled.

import { PeerLink } from './peer-link.js';
import { PeerQueue } from './peer-queue.js';
import { shareUplink } from './uplink.js';

export class PeerMesh {
  /** @type {Map<string, RTCPeerConnection>} one connection per remote peer (MeshClient.connections) */
  connections = new Map();
  /** @type {Map<string, {peerId: string, name: string, polite: boolean, state: string, role: string, attributes: object}>} (MeshClient.peers) */
  peers = new Map();
  #links = new Map();
  #queues = new Map(); // peerId → PeerQueue: the signals to that peer, in order
  #epochs = new Map();
  #msgId = 0; // numbers this client's signals: a retry keeps its number, so the server delivers it once
  #uplink = Promise.resolve();
  #host;

  /**
   * `host`: `selfId()` this client's peer id; `request(message)` sends and settles with the reply; `ready()` says
   * whether signals may go now; `emit(type, detail)` raises a MeshClient event; `iceServers()`, `localTracks()`;
   * and the options `uplinkKbps`, `maxIceRestarts`.
   */
  constructor(host) {
    this.#host = host;
  }

  /** The current connections (meshcall/peer-link.js). */
  get links() {
    return [...this.#links.values()];
  }

  get size() {
    return this.#links.size;
  }

  has(peerId) {
    return this.#links.has(peerId);
  }

  /** A member (from `joined` or `peer-joined`: its `role` and `attributes` too) and a connection to it, as `side`. */
  add({ peerId, name, polite, role = 'member', attributes = {} }, side) {
    if (this.peers.has(peerId) || peerId === this.#host.selfId()) return;
    this.peers.set(peerId, { peerId, name, polite, state: 'connected', role, attributes: attributes ?? {} });
    this.#queues.set(peerId, new PeerQueue({
      request: (message) => this.#host.request(message),
      ready: () => this.#host.ready(),
      failed: (message, error) => this.#signalFailed(peerId, message, error),
    }));
    this.#host.emit('peer', { peerId, name, polite, role, attributes: attributes ?? {} });
    this.#createLink(peerId, side);
  }

  drop(peerId, reason) {
    const peer = this.peers.get(peerId);
    if (!peer) return;
    this.peers.delete(peerId);
    this.#links.get(peerId)?.close();
    this.#links.delete(peerId);
    this.connections.delete(peerId);
    this.#epochs.delete(peerId);
    this.#queues.get(peerId)?.clear();
    this.#queues.delete(peerId);
    this.#host.emit('peer-left', { peerId, name: peer.name, reason });
    this.shareUplink();
  }

  /** Drops every peer for which `gone(peerId)` holds. */
  dropWhere(gone, reason) {
    for (const peerId of [...this.#links.keys()]) if (gone(peerId)) this.drop(peerId, reason);
  }

  /** A remote peer's `peer-state`: a reconnecting peer keeps its RTCPeerConnection, since media may well still flow. */
  setState(peerId, state) {
    const peer = this.peers.get(peerId);
    if (!peer) return;
    peer.state = state;
    this.#host.emit('peer-state', { peerId, state });
  }

  receive({ from, type, data }) {
    const link = this.#links.get(from);
    if (type === 'bye') {
      if (link && data?.epoch === link.epoch) this.#rebuild(from, false);
      return;
    }
    if (link) {
      link.receive(type, data);
    } else if (type === 'offer' && from !== this.#host.selfId()) {
      // The server orders peer-joined first; this only guards a client that missed it.
      this.add({ peerId: from, name: '', polite: this.#host.selfId() < from }, 'answerer');
      this.#links.get(from).receive(type, data);
    }
  }

  restartIce(peerId) {
    this.#links.get(peerId)?.restartIce();
  }

  stats() {
    return this.links.map((link) => link.stats());
  }

  /** After a resume: what was queued while away goes now, each peer's signals in order. */
  resumeSignals() {
    for (const queue of this.#queues.values()) queue.resume();
  }

  close() {
    for (const link of this.#links.values()) link.close();
    this.#links.clear();
    this.connections.clear();
    for (const queue of this.#queues.values()) queue.clear();
    this.#queues.clear();
  }

  shareUplink() {
    const links = this.links;
    this.#uplink = this.#uplink.then(() => shareUplink(links, this.#host.uplinkKbps));
  }

  #signal(to, type, data) {
    this.#queues.get(to)?.push({ op: 'signal', to, type, data, msgId: ++this.#msgId });
  }

  /** A signal given up after its retries (meshcall/peer-queue.js), or refused for good (e.g. unknown-peer: that peer left). */
  #signalFailed(peerId, message, error) {
    this.#host.emit('error', { code: error.code, message: error.message });
    // The far side never got this description, so this negotiation cannot finish: start the pair afresh.
    const description = message.type === 'offer' || message.type === 'answer';
    if (description && error.code === 'unavailable' && this.#links.has(peerId)) this.#rebuild(peerId, true);
  }

  #createLink(peerId, role) {
    const { polite } = this.peers.get(peerId);
    const epoch = (this.#epochs.get(peerId) ?? 0) + 1;
    this.#epochs.set(peerId, epoch);
    const link = new PeerLink({
      peerId, polite, epoch,
      iceServers: this.#host.iceServers(),
      maxIceRestarts: this.#host.maxIceRestarts,
      send: (type, data) => this.#signal(peerId, type, data),
      emit: (type, detail) => this.#onLinkEvent(link, type, detail),
    });
    this.#links.set(peerId, link);
    this.connections.set(peerId, link.pc);
    if (role === 'offerer') link.startAsOfferer(this.#host.localTracks());
    else link.startAsAnswerer(this.#host.localTracks());
  }

  /** A connection given up (failed ICE restarts, or a description never delivered) is replaced; the impolite side offers. */
  #rebuild(peerId, notify) {
    this.#queues.get(peerId)?.clear(); // the unsent signals were for the connection given up
    this.#links.get(peerId)?.close(notify);
    this.#createLink(peerId, this.peers.get(peerId).polite ? 'answerer' : 'offerer');
  }

  #onLinkEvent(link, type, detail) {
    if (this.#links.get(link.peerId) !== link) return; // a connection already replaced or closed
    if (type === 'negotiated') this.shareUplink();
    else if (type === 'gave-up') this.#rebuild(link.peerId, true);
    else this.#host.emit(type, detail);
  }
}
