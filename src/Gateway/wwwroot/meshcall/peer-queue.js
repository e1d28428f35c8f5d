// The signals this client sends to one remote peer, in the order they were made. Each leaves only once the one
// before it was answered `ok` (or given up), so a signal being retried is never overtaken: an ICE-restart offer
// cannot arrive after its own candidates. Queues to different peers run side by side.

import { backoffMs, delay } from './backoff.js';

// `unavailable`: the cluster could not deliver it now (PROTOCOL.md: retry). A few tries, then it is given up.
const UNAVAILABLE = { minMs: 100, maxMs: 5000, attempts: 6 };
// `rate-limited`: this connection asked too fast. Its budget refills, so the signal waits longer but is kept.
const RATE_LIMITED = { minMs: 500, maxMs: 10000, attempts: Infinity };

/** The wait before sending `message` again after its `attempts`-th try failed with `error`, or null to give it up. */
export function retryDelay(message, error, attempts) {
  const policy = { unavailable: UNAVAILABLE, 'rate-limited': RATE_LIMITED }[error.code];
  if (!policy) return null; // e.g. unknown-peer: that peer has left
  // Without its bye the far side keeps the connection this side replaced, and the new one never starts.
  if (attempts >= policy.attempts && message.type !== 'bye') return null;
  return backoffMs(attempts - 1, policy);
}

export class PeerQueue {
  #waiting = []; // { message, attempts }: the first is in flight or waiting out its backoff
  #generation = 0; // moved on by clear(): a reply to what was sent before is for a connection given up
  #draining = false;
  #request;
  #ready;
  #failed;

  /**
   * `request(message)` sends and settles with the reply; `ready()` says whether signals may go now (when not,
   * `resume()` is called once they may); `failed(message, error)` is told of a signal given up.
   */
  constructor({ request, ready, failed }) {
    this.#request = request;
    this.#ready = ready;
    this.#failed = failed;
  }

  push(message) {
    this.#waiting.push({ message, attempts: 0 });
    this.#drain();
  }

  /** Sends what waited for the socket, first the signal a drop cut off (its msgId has the server deliver it once). */
  resume() {
    this.#drain();
  }

  /** Drops what was not sent yet (it was for a connection given up); what is pushed next goes at once. */
  clear() {
    this.#waiting = [];
    this.#generation++;
    this.#draining = false;
  }

  async #drain() {
    if (this.#draining) return;
    this.#draining = true;
    const generation = this.#generation;
    const current = () => generation === this.#generation;
    try {
      while (current() && this.#waiting.length > 0 && this.#ready()) {
        const item = this.#waiting[0];
        item.attempts++;
        const error = await this.#request(item.message).then(() => null, (e) => e);
        if (!current()) return;
        if (error === null) {
          this.#waiting.shift();
        } else if (!this.#ready()) {
          item.attempts--; // the socket dropped: not the signal's fault, resume() sends it again
        } else {
          const wait = retryDelay(item.message, error, item.attempts);
          if (wait !== null) {
            await delay(wait);
          } else {
            this.#waiting.shift();
            this.#failed(item.message, error);
          }
        }
      }
    } finally {
      if (current()) this.#draining = false;
    }
  }
}
