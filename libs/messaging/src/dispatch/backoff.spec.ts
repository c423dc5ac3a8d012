import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, backoffMs } from './backoff';

describe('backoffMs', () => {
  it('doubles with each attempt, between half and the whole of the step', () => {
    expect(backoffMs(1, () => 0)).toBe(BACKOFF_BASE_MS / 2);
    expect(backoffMs(1, () => 1)).toBe(BACKOFF_BASE_MS);
    expect(backoffMs(2, () => 1)).toBe(2 * BACKOFF_BASE_MS);
    expect(backoffMs(4, () => 0.5)).toBe(Math.round(8 * BACKOFF_BASE_MS * 0.75));
  });

  it('never exceeds the cap, even after many attempts', () => {
    expect(backoffMs(50, () => 1)).toBe(BACKOFF_CAP_MS);
    expect(backoffMs(1000, () => 0)).toBe(BACKOFF_CAP_MS / 2);
  });

  it('jitters: different randoms give different delays', () => {
    const seen = new Set([0.1, 0.4, 0.9].map((r) => backoffMs(3, () => r)));
    expect(seen.size).toBe(3);
  });
});
