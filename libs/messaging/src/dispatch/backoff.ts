/** First retry after about a minute, doubling each time, at most six hours; jitter spreads a burst. */
export const BACKOFF_BASE_MS = 60_000;
export const BACKOFF_CAP_MS = 6 * 3600_000;

/**
 * Delay before the next try after `attempts` failed tries (1, 2, …): exponential with "equal
 * jitter", i.e. uniformly between half and the whole of min(cap, base·2^(attempts−1)).
 * `random` is injectable for tests.
 */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const exp = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}
