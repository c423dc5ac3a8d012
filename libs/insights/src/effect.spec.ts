import { computeEffect, GroupAggregate } from './effect';
import { newcombeDifference } from './statistics';

const options = { windowDays: 30, currency: 'EUR', locale: 'en', minPerGroup: 30 };
const group = (
  customers: number,
  repeaters: number,
  revenueMinor = 0,
  revenueSquaresMinor = 0,
): GroupAggregate => ({
  customers,
  repeaters,
  revenueMinor,
  revenueSquaresMinor,
});

describe('computeEffect', () => {
  it('says the difference, its interval, the sizes and "not yet conclusive" when the CI spans 0', () => {
    const e = computeEffect({ id: 1, name: 'Birthday emails' }, group(812, 300), group(90, 30), options);
    const p = newcombeDifference(300, 812, 30, 90);
    expect(e.repeatRatePoints.difference).toBeCloseTo((300 / 812 - 30 / 90) * 100, 10);
    expect(e.repeatRatePoints.low).toBeCloseTo(p.low * 100, 10);
    expect(e.verdict).toBe('not_conclusive');
    const low = (p.low * 100).toFixed(1).replace('-', '\u2212');
    const high = `+${(p.high * 100).toFixed(1)}`;
    expect(e.sentence).toBe(
      `Birthday emails: +3.6 points repeat purchase rate, 95 % CI ${low} to ${high}, 812 vs 90 customers — not yet conclusive`,
    );
  });

  it('is conclusive when the interval excludes 0, either way', () => {
    expect(computeEffect({ id: 1, name: 'R' }, group(400, 200), group(100, 20), options).verdict).toBe(
      'conclusive_gain',
    );
    expect(computeEffect({ id: 1, name: 'R' }, group(400, 20), group(100, 50), options).verdict).toBe(
      'conclusive_loss',
    );
  });

  it('says "too few customers" below the minimum sample', () => {
    const e = computeEffect({ id: 1, name: 'Check-in calls' }, group(200, 100), group(10, 1), options);
    expect(e.verdict).toBe('too_few_customers');
    expect(e.sentence).toMatch(/200 vs 10 customers — too few customers to tell yet$/);
  });

  it('explains a rule without a holdout group', () => {
    const e = computeEffect({ id: 1, name: 'Thanks' }, group(50, 10), group(0, 0), options);
    expect(e.verdict).toBe('too_few_customers');
    expect(e.sentence).toContain('no customers held out');
  });

  it("revenue per customer uses Welch's interval and formats money", () => {
    // touched: 40 customers, 20 spent €10.00 (1000) and 20 spent 0; held out: 40 customers all 0 spend
    const e = computeEffect(
      { id: 2, name: 'Thanks' },
      group(40, 20, 20_000, 20 * 1000 * 1000),
      group(40, 0, 0, 0),
      options,
    );
    expect(e.revenuePerCustomerMinor.difference).toBe(500);
    // s² = (20·10⁶ − 40·500²)/39 = 10⁷/39; se = √(s²/40); df = 39 (the other group has no spread)
    const se = Math.sqrt(1e7 / 39 / 40);
    expect(e.revenuePerCustomerMinor.low).toBeCloseTo(500 - 2.022691 * se, 2);
    expect(e.revenueVerdict).toBe('conclusive_gain');
    expect(e.revenueSentence).toMatch(
      /^Thanks: \+€5\.00 revenue per customer within 30 days, 95 % CI \+€\d\.\d\d to \+€\d\.\d\d, 40 vs 40 customers — conclusive/,
    );
  });
});
