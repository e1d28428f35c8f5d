// This client's session on the gateways (PROTOCOL.md "WebSocket JSON"): joining, staying joined across dropped
// sockets (resume, meshcall/rejoin.js), acknowledging events, the periodic `stats`, and leaving, also on a page hide.

import { EventAcks } from './acks.js';
import { openAny, reconnect } from './rejoin.js';
import { SignalingSocket } from './signaling.js';

const MAX_OUTBOX = 256;

export class GatewaySession {
  #socket;
  #acks = new EventAcks((seq) => this.#socket.send({ op: 'ack', seq })); // the last event seen, and acking it
  #options;
  #host;
  #peerId = null;
  #resumeToken = null;
  #outbox = []; // broadcasts sent while reconnecting, flushed on resume
  #wanted = false;
  #reconnecting = false;
  #statsTimer = 0;

  /**
   * `options`: room, name, token, statsIntervalMs. `host`: `joined(reply, resumed)` applies a `joined` reply;
   * `event(message)` handles a pushed event, each once; `reconnecting()` the socket dropped; `ended()` the session is
   * over for good; `stopped()` drop the connections; `stats()` the per-peer numbers to report, or null for none.
   */
  constructor(urls, options, host) {
    this.#options = options;
    this.#host = host;
    this.#socket = new SignalingSocket(urls, { onEvent: (m) => this.#onEvent(m), onDrop: () => this.#onDrop() });
  }

  get isOpen() {
    return this.#socket.isOpen;
  }

  async join() {
    this.#wanted = true;
    try {
      await openAny(this.#socket);
      const joined = await this.#socket.request(this.#joinRequest(false));
      this.#applyJoined(joined);
      this.#statsTimer = setInterval(() => this.#sendStats(), this.#options.statsIntervalMs);
      addEventListener('pagehide', this.#onPageHide);
      return joined;
    } catch (error) {
      this.#wanted = false;
      this.#socket.close();
      throw error;
    }
  }

  /** Leaves; false when there was nothing to leave. */
  async leave() {
    if (!this.#wanted) return false;
    this.#wanted = false;
    this.#stop();
    try {
      await this.#socket.request({ op: 'leave' }, 2000);
    } catch {
      // the server times the session out instead
    }
    this.#socket.close();
    return true;
  }

  request(message) {
    return this.#socket.request(message);
  }

  /** Keeps `message` until the session is back (flush()). */
  queue(message) {
    // Like the server's backlog, bounded: after a long outage the oldest broadcasts matter least.
    if (this.#outbox.length >= MAX_OUTBOX) this.#outbox.shift();
    this.#outbox.push(message);
  }

  /** Sends what was queued while away. */
  flush() {
    for (const message of this.#outbox.splice(0)) this.#socket.send(message);
  }

  #joinRequest(resume) {
    const { room, name, token } = this.#options;
    const request = { op: 'join', room, name };
    if (token) request.token = token;
    if (resume) {
      request.resume = this.#resumeToken;
      if (this.#acks.lastSeq > 0) request.lastSeq = this.#acks.lastSeq; // a resume asks only for what came after it
    }
    return request;
  }

  #applyJoined(joined) {
    const resumed = this.#peerId !== null && joined.peerId === this.#peerId;
    if (!resumed) {
      this.#acks.reset(); // a new session numbers its events afresh
      this.#outbox = []; // and what was meant for the old one's members is moot
    }
    this.#peerId = joined.peerId;
    this.#resumeToken = joined.resumeToken;
    this.#host.joined(joined, resumed);
  }

  #onEvent(message) {
    if (!this.#acks.take(message.seq)) return; // replayed after a resume, and seen already
    this.#host.event(message);
    // `shutdown`: this gateway is going away: reconnect to another and resume.
    if (message.op === 'closed' && message.reason !== 'shutdown') this.#end(null);
  }

  #onDrop() {
    if (!this.#wanted || this.#reconnecting) return;
    this.#host.reconnecting();
    this.#reconnect();
  }

  async #reconnect() {
    this.#reconnecting = true;
    try {
      const joined = await reconnect(this.#socket, (resume) => this.#joinRequest(resume), () => this.#wanted);
      if (joined) this.#applyJoined(joined);
    } catch (error) {
      this.#end(error);
    } finally {
      this.#reconnecting = false;
    }
  }

  /** Over for good: closed by the server, or a refusal that trying again cannot fix (reported as an `error` event). */
  #end(error) {
    this.#wanted = false;
    if (error) this.#host.event({ op: 'error', code: error.code, message: error.message });
    this.#stop();
    this.#host.ended();
  }

  #sendStats() {
    const peers = this.#host.stats();
    if (peers) this.#socket.send({ op: 'stats', peers });
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
    this.#host.stopped();
    this.#outbox = [];
  }
}
