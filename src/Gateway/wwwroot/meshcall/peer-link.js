// One RTCPeerConnection to one remote peer, negotiated with "perfect negotiation"
// (https://w3c.github.io/webrtc-pc/#perfect-negotiation-example) in the role the server states.

const DISCONNECTED_GRACE_MS = 4000;

export class PeerLink {
  /** @type {RTCPeerConnection} */
  pc;
  peerId;
  polite;
  /** Which rebuild of this pair's connection this is; a `bye` names the epoch it gives up. */
  epoch;
  glare = 0;
  iceRestarts = 0;
  connectMs = undefined;

  #send;
  #emit;
  #maxIceRestarts;
  #createdAt = performance.now();
  #senders = new Map(); // local track entry -> RTCRtpSender
  #tracksAttached = false;
  #pendingTracks = null; // an answerer's local tracks, attached to the first offer's transceivers
  #makingOffer = false;
  #ignoreOffer = false;
  #settingAnswer = false;
  #pendingCandidates = [];
  #inbox = Promise.resolve();
  #failedRestarts = 0;
  #disconnectedTimer = 0;
  #closed = false;

  constructor({ peerId, polite, epoch = 1, iceServers, send, emit, maxIceRestarts = 3 }) {
    this.peerId = peerId;
    this.polite = polite;
    this.epoch = epoch;
    this.#send = send;
    this.#emit = emit;
    this.#maxIceRestarts = maxIceRestarts;
    // One transport for all media: a mesh already runs N-1 connections, each needn't gather per track too.
    this.pc = new RTCPeerConnection({ iceServers, bundlePolicy: 'max-bundle' });
    this.pc.onnegotiationneeded = () => this.#offer();
    this.pc.onicecandidate = ({ candidate }) => {
      if (candidate) this.#send('candidate', candidate.toJSON());
    };
    this.pc.ontrack = ({ track, streams }) => {
      this.#emit('track', { peerId, track, stream: streams[0] ?? new MediaStream([track]) });
    };
    this.pc.onconnectionstatechange = () => this.#connectionStateChanged();
    this.pc.onsignalingstatechange = () => {
      if (this.pc.signalingState === 'stable') this.#emit('negotiated', { peerId });
    };
  }

  get state() {
    return this.#closed ? 'closed' : this.pc.connectionState;
  }

  /** The newcomer offers: it sends its tracks (or asks to receive) and negotiationneeded does the rest. */
  startAsOfferer(localTracks) {
    this.#attach(localTracks);
    if (localTracks.length === 0) {
      this.pc.addTransceiver('audio', { direction: 'recvonly' });
      this.pc.addTransceiver('video', { direction: 'recvonly' });
    }
  }

  /** An existing member waits for the newcomer's offer and attaches its tracks to that offer's transceivers. */
  startAsAnswerer(localTracks) {
    this.#pendingTracks = localTracks;
  }

  /** Handles one signal from this peer; signals are processed one at a time, in the order they came. */
  receive(type, data) {
    this.#inbox = this.#inbox.then(() => this.#handle(type, data)).catch((error) => {
      console.warn(`[meshcall] ${this.peerId}: ${type} failed`, error);
    });
    return this.#inbox;
  }

  addTrack(entry) {
    if (this.#closed || this.#senders.has(entry)) return;
    if (!this.#tracksAttached) return; // attached with the first offer
    this.#senders.set(entry, this.pc.addTrack(entry.track, entry.stream));
  }

  removeTrack(entry) {
    const sender = this.#senders.get(entry);
    if (!sender || this.#closed) return;
    this.#senders.delete(entry);
    this.pc.removeTrack(sender);
  }

  async replaceTrack(entry, track) {
    const sender = this.#senders.get(entry);
    if (sender && !this.#closed) await sender.replaceTrack(track);
  }

  /** Video senders with a track: their uplink is shared with every other remote peer's. */
  videoSenders() {
    if (this.#closed) return [];
    return [...this.#senders.values()].filter((s) => s.track?.kind === 'video');
  }

  /** Closes this connection; `notify` tells the remote side it was given up, so it rebuilds too. */
  close(notify = false) {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#disconnectedTimer);
    if (notify) this.#send('bye', { epoch: this.epoch });
    this.pc.close();
    this.#emit('connection-state', { peerId: this.peerId, state: 'closed' });
  }

  stats() {
    return { peerId: this.peerId, state: this.state, connectMs: this.connectMs, glare: this.glare, iceRestarts: this.iceRestarts };
  }

  #attach(localTracks) {
    this.#tracksAttached = true;
    for (const entry of localTracks) {
      if (entry.track) this.#senders.set(entry, this.pc.addTrack(entry.track, entry.stream));
    }
  }

  async #offer() {
    if (this.#closed) return;
    try {
      this.#makingOffer = true;
      await this.pc.setLocalDescription();
      this.#send('offer', this.pc.localDescription.toJSON());
    } catch (error) {
      console.warn(`[meshcall] ${this.peerId}: offer failed`, error);
    } finally {
      this.#makingOffer = false;
    }
  }

  async #handle(type, data) {
    if (this.#closed) return;
    if (type === 'offer' || type === 'answer') await this.#description(data);
    else if (type === 'candidate') await this.#candidate(data);
  }

  async #description(description) {
    const pc = this.pc;
    const readyForOffer = !this.#makingOffer && (pc.signalingState === 'stable' || this.#settingAnswer);
    const collision = description.type === 'offer' && !readyForOffer;
    if (collision) this.glare++;
    this.#ignoreOffer = !this.polite && collision;
    if (this.#ignoreOffer) return;

    this.#settingAnswer = description.type === 'answer';
    try {
      await pc.setRemoteDescription(description); // a polite peer's own offer is rolled back implicitly
    } finally {
      // Even when it failed: left set, the next offer would be taken for no collision while ours is out.
      this.#settingAnswer = false;
    }
    await this.#drainCandidates();
    if (description.type !== 'offer') return;

    if (!this.#tracksAttached) {
      // addTrack now reuses the transceivers the offer created, so the answer sends at once.
      this.#attach(this.#pendingTracks ?? []);
      this.#pendingTracks = null;
    }
    await pc.setLocalDescription();
    this.#send('answer', pc.localDescription.toJSON());
  }

  async #candidate(candidate) {
    if (!this.pc.remoteDescription) {
      this.#pendingCandidates.push(candidate);
      return;
    }
    try {
      await this.pc.addIceCandidate(candidate);
    } catch (error) {
      if (!this.#ignoreOffer) throw error; // candidates of an offer we ignored are expected to fail
    }
  }

  /** Adds the candidates that came before their description; one the browser refuses does not stop the rest. */
  async #drainCandidates() {
    const queued = this.#pendingCandidates.splice(0);
    for (const candidate of queued) {
      try {
        await this.#candidate(candidate);
      } catch (error) {
        console.warn(`[meshcall] ${this.peerId}: candidate refused`, error);
      }
    }
  }

  #connectionStateChanged() {
    if (this.#closed) return;
    const state = this.pc.connectionState;
    clearTimeout(this.#disconnectedTimer);
    if (state === 'connected') {
      this.connectMs ??= Math.round(performance.now() - this.#createdAt);
      this.#failedRestarts = 0;
    } else if (state === 'disconnected') {
      // Often transient (a network switch); restart ICE only if it does not come back by itself.
      this.#disconnectedTimer = setTimeout(() => this.#recover(), DISCONNECTED_GRACE_MS);
    } else if (state === 'failed') {
      this.#recover();
    }
    this.#emit('connection-state', { peerId: this.peerId, state });
  }

  /** Gathers new candidates with new ICE credentials: negotiationneeded follows with an offer. */
  restartIce() {
    if (this.#closed) return;
    this.iceRestarts++;
    this.pc.restartIce();
  }

  #recover() {
    if (this.#closed || this.pc.connectionState === 'connected') return;
    if (this.#failedRestarts >= this.#maxIceRestarts) {
      this.#emit('gave-up', { peerId: this.peerId, epoch: this.epoch });
      return;
    }
    this.#failedRestarts++;
    this.restartIce();
  }
}
