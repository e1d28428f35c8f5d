// Acknowledging events (PROTOCOL.md `ack`): the server keeps a session's events for a resume until they are
// acknowledged. An ack spends the connection's request budget like any frame, so at most one goes out per
// ACK_DELAY_MS: the first event not yet acknowledged arms one timer, and when it fires the highest `seq` handled
// so far is acknowledged.

export const ACK_DELAY_MS = 250;

export class EventAcks {
  /** The highest `seq` handled: what an ack names, and what a resume asks to be continued after. */
  lastSeq = 0;
  #acked = 0;
  #timer = 0;
  #stopped = false;
  #send;

  /** @param {(seq: number) => boolean} send sends the ack; false when it could not (no open socket) */
  constructor(send) {
    this.#send = send;
  }

  /**
   * Takes an event's `seq` (events without one pass). False for one at or below `lastSeq`: replayed after a resume
   * and handled already. The caller handles the event at once, before any timer can fire.
   */
  take(seq) {
    if (typeof seq !== 'number') return true;
    if (seq <= this.lastSeq) return false;
    this.lastSeq = seq;
    if (!this.#timer && !this.#stopped) this.#timer = setTimeout(() => this.#fire(), ACK_DELAY_MS);
    return true;
  }

  /** A new session numbers its events afresh: nothing of the old one is ever acknowledged to it. */
  reset() {
    clearTimeout(this.#timer);
    this.#timer = 0;
    this.lastSeq = 0;
    this.#acked = 0;
  }

  /** After a leave or a close nothing is acknowledged any more. */
  stop() {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = 0;
  }

  #fire() {
    this.#timer = 0;
    // Unsent (the socket dropped): the next event arms the timer again, and a resume names lastSeq meanwhile.
    if (this.lastSeq > this.#acked && this.#send(this.lastSeq)) this.#acked = this.lastSeq;
  }
}
