// The WebSocket to a MeshCall gateway (PROTOCOL.md, "WebSocket JSON"): requests with ids and their
// replies, pushed events, and reopening after a drop over a list of gateway URLs with jittered backoff.

import { backoffMs, delay } from './backoff.js';

const REPLY_OPS = new Set(['joined', 'ok', 'pong', 'error']);

export class SignalingError extends Error {
  constructor(code, message) {
    super(`${code}: ${message}`);
    this.name = 'SignalingError';
    this.code = code;
  }
}

export class SignalingSocket {
  #urls;
  #next = 0;
  #ws = null;
  #ids = 0;
  #pending = new Map();
  #onEvent;
  #onDrop;

  /** @param {string[]} urls gateway /ws URLs, tried in turn */
  constructor(urls, { onEvent, onDrop }) {
    this.#urls = urls;
    this.#onEvent = onEvent;
    this.#onDrop = onDrop;
  }

  get urlCount() {
    return this.#urls.length;
  }

  get isOpen() {
    return this.#ws?.readyState === WebSocket.OPEN;
  }

  /** Opens a socket to the next URL in the list; rejects if that gateway cannot be reached. */
  open(timeoutMs = 10000) {
    const url = this.#urls[this.#next++ % this.#urls.length];
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const timer = setTimeout(() => { ws.close(); reject(new SignalingError('unavailable', `no answer from ${url}`)); }, timeoutMs);
      ws.onopen = () => { clearTimeout(timer); this.#ws = ws; resolve(); };
      ws.onerror = () => { clearTimeout(timer); reject(new SignalingError('unavailable', `cannot reach ${url}`)); };
      ws.onmessage = (e) => this.#receive(e.data);
      ws.onclose = (e) => {
        clearTimeout(timer);
        if (this.#ws !== ws) return;
        this.#ws = null;
        this.#failPending(new SignalingError('unavailable', 'connection lost'));
        this.#onDrop(e);
      };
    });
  }

  /** Opens a socket, retrying over the URLs with exponential backoff until it works or `shouldStop()`. */
  async reopen(shouldStop, { minMs = 250, maxMs = 5000 } = {}) {
    for (let attempt = 0; !shouldStop(); attempt++) {
      await delay(backoffMs(attempt, { minMs, maxMs }));
      if (shouldStop()) return false;
      try {
        await this.open();
        return true;
      } catch {
        // next URL, longer wait
      }
    }
    return false;
  }

  /** Sends a request and resolves with its reply, or rejects with a SignalingError. */
  request(message, timeoutMs = 10000) {
    if (!this.isOpen) return Promise.reject(new SignalingError('unavailable', 'not connected'));
    const id = ++this.#ids;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new SignalingError('unavailable', `no reply to ${message.op}`));
      }, timeoutMs);
      this.#pending.set(id, { resolve, reject, timer });
      this.#ws.send(JSON.stringify({ ...message, id }));
    });
  }

  /** Sends without waiting for the reply; errors come back as `error` events. Returns false when closed. */
  send(message) {
    if (!this.isOpen) return false;
    this.#ws.send(JSON.stringify({ ...message, id: ++this.#ids }));
    return true;
  }

  close() {
    const ws = this.#ws;
    this.#ws = null;
    this.#failPending(new SignalingError('unavailable', 'closed'));
    ws?.close(1000);
  }

  #receive(text) {
    let message;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (message === null || typeof message !== 'object') return;
    // `lobby` answers a join held for a moderator: the real reply (joined, or error denied) comes whenever they decide.
    if (message.op === 'lobby') clearTimeout(this.#pending.get(message.id)?.timer);
    const waiter = REPLY_OPS.has(message.op) ? this.#pending.get(message.id) : undefined;
    if (!waiter) {
      this.#onEvent(message);
      return;
    }
    // The waiter's continuation runs as a microtask, so a reply (the roster in `joined`) is applied
    // before the next frame's event is read.
    this.#pending.delete(message.id);
    clearTimeout(waiter.timer);
    if (message.op === 'error') waiter.reject(new SignalingError(message.code, message.message));
    else waiter.resolve(message);
  }

  #failPending(error) {
    for (const { reject, timer } of this.#pending.values()) {
      clearTimeout(timer);
      reject(error);
    }
    this.#pending.clear();
  }
}
