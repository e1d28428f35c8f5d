// Getting onto a gateway, and back onto one after the socket dropped: the same peer id through `resume`, or a
// fresh session when the resume window has passed (PROTOCOL.md `join`, `resume-expired`).

import { backoffMs, delay } from './backoff.js';

// A resume (or join) refused for now is tried again; `rate-limited` joins are counted per minute, so wait longer.
const REJOIN_RETRY = { unavailable: { minMs: 250, maxMs: 5000 }, 'rate-limited': { minMs: 1000, maxMs: 30000 } };

/** Opens the socket to the first gateway of its list that answers; rejects with the last one's error. */
export async function openAny(socket) {
  let lastError;
  for (let i = 0; i < socket.urlCount; i++) {
    try {
      return await socket.open();
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

/**
 * Reopens the socket (with backoff, over its URLs) and joins again, `joinRequest(true)` resuming and
 * `joinRequest(false)` starting afresh. Resolves with the `joined` reply, or null once `wanted()` turns false;
 * rejects with a refusal that trying again cannot fix (a bad token, a full room).
 */
export async function reconnect(socket, joinRequest, wanted) {
  let failures = 0;
  while (wanted()) {
    if (!await socket.reopen(() => !wanted())) return null;
    if (!wanted()) {
      socket.close(); // left while the socket was opening
      return null;
    }
    try {
      return await rejoin(socket, joinRequest);
    } catch (error) {
      socket.close();
      const retry = REJOIN_RETRY[error.code];
      if (!retry) throw error;
      await delay(backoffMs(failures++, retry));
    }
  }
  return null;
}

async function rejoin(socket, joinRequest) {
  try {
    return await socket.request(joinRequest(true));
  } catch (error) {
    if (error.code !== 'resume-expired') throw error;
    return await socket.request(joinRequest(false));
  }
}
