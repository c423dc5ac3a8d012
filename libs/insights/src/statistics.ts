import type * as SimpleStatistics from 'simple-statistics';
import { lazy } from '@touchbase/core';

/** Loaded with the first report that needs it, not at start-up. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const stats = lazy(() => require('simple-statistics') as typeof SimpleStatistics);

/**
 * Standard interval formulas for comparing touched and held-out customers (see
 * docs/insights.md#the-formulas-95-). Pure functions; docs/insights.md states the same formulas.
 */

export interface Interval {
  low: number;
  high: number;
}

/** z for a two-sided 95 % interval: Φ⁻¹(0.975) (simple-statistics' probit is only a 3-digit approximation). */
export const Z_95 = 1.959963984540054;

/**
 * Wilson score interval for a proportion x/n:
 *   centre = (p + z²/2n) / (1 + z²/n),  half = z/(1 + z²/n) · √(p(1−p)/n + z²/4n²)
 */
export function wilsonInterval(successes: number, n: number, z = Z_95): Interval {
  if (n <= 0) return { low: 0, high: 1 };
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * Newcombe's hybrid score interval (his method 10, 1998) for the difference p1 − p2 of two
 * independent proportions, built from the two Wilson intervals [l1,u1] and [l2,u2]:
 *   low  = d − √((p1 − l1)² + (u2 − p2)²)
 *   high = d + √((u1 − p1)² + (p2 − l2)²)
 */
export function newcombeDifference(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  z = Z_95,
): Interval & { difference: number } {
  const p1 = n1 > 0 ? x1 / n1 : 0;
  const p2 = n2 > 0 ? x2 / n2 : 0;
  const a = wilsonInterval(x1, n1, z);
  const b = wilsonInterval(x2, n2, z);
  const difference = p1 - p2;
  return {
    difference,
    low: difference - Math.sqrt((p1 - a.low) ** 2 + (b.high - p2) ** 2),
    high: difference + Math.sqrt((a.high - p1) ** 2 + (p2 - b.low) ** 2),
  };
}

/** Summary of one group's per-customer values, as the database aggregates them. */
export interface GroupMoments {
  n: number;
  sum: number;
  sumOfSquares: number;
}

export function meanAndVariance(g: GroupMoments): { mean: number; variance: number } {
  if (g.n <= 0) return { mean: 0, variance: 0 };
  const mean = g.sum / g.n;
  if (g.n < 2) return { mean, variance: 0 };
  // sample variance s² = (Σx² − n·x̄²) / (n − 1); clamp rounding noise below zero
  return { mean, variance: Math.max(0, (g.sumOfSquares - g.n * mean * mean) / (g.n - 1)) };
}

/**
 * Welch's t interval for the difference of two means with unequal variances:
 *   se = √(s1²/n1 + s2²/n2)
 *   df = se⁴ / ((s1²/n1)²/(n1−1) + (s2²/n2)²/(n2−1))   (Welch–Satterthwaite)
 *   d ± t(0.975, df) · se
 */
export function welchDifference(
  a: GroupMoments,
  b: GroupMoments,
  confidence = 0.95,
): Interval & { difference: number; df: number | null } {
  const x = meanAndVariance(a);
  const y = meanAndVariance(b);
  const difference = x.mean - y.mean;
  if (a.n < 2 || b.n < 2) return { difference, low: -Infinity, high: Infinity, df: null };
  const va = x.variance / a.n;
  const vb = y.variance / b.n;
  const se = Math.sqrt(va + vb);
  if (se === 0) return { difference, low: difference, high: difference, df: null };
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  const t = studentTQuantile(1 - (1 - confidence) / 2, df);
  return { difference, low: difference - t * se, high: difference + t * se, df };
}

/**
 * Regularized incomplete beta I_x(a, b) by Lentz's continued fraction (Numerical Recipes §6.4),
 * with ln B(a, b) from simple-statistics' gammaln.
 */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const { gammaln } = stats();
  const front = Math.exp(gammaln(a + b) - gammaln(a) - gammaln(b) + a * Math.log(x) + b * Math.log(1 - x));
  if (x < (a + 1) / (a + b + 2)) return (front * betaFraction(x, a, b)) / a;
  return 1 - (front * betaFraction(1 - x, b, a)) / b;
}

function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-14) break;
  }
  return h;
}

/** P(T ≤ t) for Student's t with df degrees of freedom (df may be fractional). */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The p-quantile of Student's t, by bisection on the CDF (an infinite df is treated as 1e10, i.e. the normal). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError('p must be between 0 and 1');
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  if (!(df > 0)) throw new RangeError('df must be positive');
  if (!Number.isFinite(df)) df = 1e10;
  let low = 0;
  let high = 1;
  while (studentTCdf(high, df) < p) high *= 2;
  for (let i = 0; i < 200 && high - low > 1e-12; i++) {
    const mid = (low + high) / 2;
    if (studentTCdf(mid, df) < p) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}
