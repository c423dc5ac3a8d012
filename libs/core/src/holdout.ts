import { createHash } from 'node:crypto';

/**
 * Holdout groups (see docs/insights.md#holdout-set-up): a stable share of eligible customers is
 * kept back per rule and occasion, chosen by a hash, so a re-run treats the same customer the same
 * way.
 */
export function holdoutBucket(ruleId: number, customerId: number, occasionKey: string): number {
  const digest = createHash('sha256').update(`${ruleId}:${customerId}:${occasionKey}`).digest();
  return digest.readUInt32BE(0) % 10_000; // 0..9999, i.e. hundredths of a percent
}

export function isHeldOut(ruleId: number, customerId: number, occasionKey: string, percent: number): boolean {
  if (!percent || percent <= 0) return false;
  return holdoutBucket(ruleId, customerId, occasionKey) < Math.round(percent * 100);
}
