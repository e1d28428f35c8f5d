// Waiting before trying again: exponential, capped, and jittered, so clients refused together do not come back together.

/** The wait before try `attempt + 1` (0-based): a random point in the upper half of min·2^attempt, capped at max. */
export function backoffMs(attempt, { minMs, maxMs }) {
  const ceiling = Math.min(maxMs, minMs * 2 ** attempt);
  return ceiling / 2 + Math.random() * ceiling / 2;
}

export function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
