import { formatMoney } from '@touchbase/core';
import { GroupMoments, newcombeDifference, welchDifference } from './statistics';

/**
 * The incremental effect of one rule's touches: touched vs held-out customers (see
 * docs/insights.md#what-is-measured). Pure: takes the database's aggregates, returns figures and a
 * plain sentence.
 */

/** One group's aggregates, as the database sums them (revenue in minor units). */
export interface GroupAggregate {
  /** Customer-occasions in the group (one per touch row). */
  customers: number;
  /** Of them, how many placed at least one order within the window. */
  repeaters: number;
  revenueMinor: number;
  /** Σ revenue² per customer-occasion, for the variance. */
  revenueSquaresMinor: number;
}

export interface EffectInterval {
  difference: number;
  low: number;
  high: number;
}

export type EffectVerdict = 'too_few_customers' | 'not_conclusive' | 'conclusive_gain' | 'conclusive_loss';

export interface RuleEffect {
  ruleId: number;
  ruleName: string;
  windowDays: number;
  currency: string;
  touched: GroupAggregate & { repeatRate: number; revenuePerCustomerMinor: number };
  heldOut: GroupAggregate & { repeatRate: number; revenuePerCustomerMinor: number };
  /** Difference in repeat purchase rate in percentage points, Newcombe hybrid score 95 % CI. */
  repeatRatePoints: EffectInterval;
  /** Difference in revenue per customer in minor units, Welch 95 % CI (null bounds: not computable). */
  revenuePerCustomerMinor: { difference: number; low: number | null; high: number | null };
  verdict: EffectVerdict;
  revenueVerdict: EffectVerdict;
  sentence: string;
  revenueSentence: string;
}

export interface EffectOptions {
  windowDays: number;
  currency: string;
  locale: string;
  /** Below this many customers in either group the sentence says "too few customers". */
  minPerGroup: number;
}

const MINUS = '\u2212';

function signed(value: number, digits: number): string {
  const rounded = Number(value.toFixed(digits));
  if (rounded === 0) return (0).toFixed(digits);
  return `${rounded > 0 ? '+' : MINUS}${Math.abs(rounded).toFixed(digits)}`;
}

function signedMoney(minor: number, currency: string, locale: string): string {
  const text = formatMoney(Math.abs(Math.round(minor)), currency, locale);
  if (Math.round(minor) === 0) return text;
  return `${minor > 0 ? '+' : MINUS}${text}`;
}

function verdictOf(low: number | null, high: number | null, enough: boolean): EffectVerdict {
  if (!enough) return 'too_few_customers';
  if (low == null || high == null) return 'not_conclusive';
  if (low > 0) return 'conclusive_gain';
  if (high < 0) return 'conclusive_loss';
  return 'not_conclusive';
}

const VERDICT_WORDS: Record<EffectVerdict, string> = {
  too_few_customers: 'too few customers to tell yet',
  not_conclusive: 'not yet conclusive',
  conclusive_gain: 'conclusive: the touches bring customers back',
  conclusive_loss: 'conclusive: touched customers come back less',
};

const REVENUE_VERDICT_WORDS: Record<EffectVerdict, string> = {
  too_few_customers: 'too few customers to tell yet',
  not_conclusive: 'not yet conclusive',
  conclusive_gain: 'conclusive: touched customers spend more',
  conclusive_loss: 'conclusive: touched customers spend less',
};

export function computeEffect(
  rule: { id: number; name: string },
  touched: GroupAggregate,
  heldOut: GroupAggregate,
  o: EffectOptions,
): RuleEffect {
  const rate = (g: GroupAggregate) => (g.customers > 0 ? g.repeaters / g.customers : 0);
  const perCustomer = (g: GroupAggregate) => (g.customers > 0 ? g.revenueMinor / g.customers : 0);
  const enough = touched.customers >= o.minPerGroup && heldOut.customers >= o.minPerGroup;
  const hasBoth = touched.customers > 0 && heldOut.customers > 0;

  const p = newcombeDifference(touched.repeaters, touched.customers, heldOut.repeaters, heldOut.customers);
  const repeatRatePoints = { difference: p.difference * 100, low: p.low * 100, high: p.high * 100 };
  const moments = (g: GroupAggregate): GroupMoments => ({
    n: g.customers,
    sum: g.revenueMinor,
    sumOfSquares: g.revenueSquaresMinor,
  });
  const w = welchDifference(moments(touched), moments(heldOut));
  const revenue = {
    difference: w.difference,
    low: Number.isFinite(w.low) ? w.low : null,
    high: Number.isFinite(w.high) ? w.high : null,
  };
  const verdict = hasBoth
    ? verdictOf(repeatRatePoints.low, repeatRatePoints.high, enough)
    : 'too_few_customers';
  const revenueVerdict = hasBoth ? verdictOf(revenue.low, revenue.high, enough) : 'too_few_customers';

  const sizes = `${touched.customers} vs ${heldOut.customers} customers`;
  const sentence = hasBoth
    ? `${rule.name}: ${signed(repeatRatePoints.difference, 1)} points repeat purchase rate, 95 % CI ${signed(repeatRatePoints.low, 1)} to ${signed(repeatRatePoints.high, 1)}, ${sizes} — ${VERDICT_WORDS[verdict]}`
    : `${rule.name}: no comparison yet, ${sizes} — ${heldOut.customers === 0 ? 'no customers held out (set a holdout share on the rule)' : 'no customers touched'}`;
  const money = (m: number) => signedMoney(m, o.currency, o.locale);
  const revenueSentence = hasBoth
    ? `${rule.name}: ${money(revenue.difference)} revenue per customer within ${o.windowDays} days, 95 % CI ${
        revenue.low == null || revenue.high == null
          ? 'not computable'
          : `${money(revenue.low)} to ${money(revenue.high)}`
      }, ${sizes} — ${REVENUE_VERDICT_WORDS[revenueVerdict]}`
    : sentence;

  return {
    ruleId: rule.id,
    ruleName: rule.name,
    windowDays: o.windowDays,
    currency: o.currency,
    touched: { ...touched, repeatRate: rate(touched), revenuePerCustomerMinor: perCustomer(touched) },
    heldOut: { ...heldOut, repeatRate: rate(heldOut), revenuePerCustomerMinor: perCustomer(heldOut) },
    repeatRatePoints,
    revenuePerCustomerMinor: revenue,
    verdict,
    revenueVerdict,
    sentence,
    revenueSentence,
  };
}
