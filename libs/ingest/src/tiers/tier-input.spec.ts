import { validateTier } from './tier-input';

describe('validateTier', () => {
  it('fills the defaults of a manual tier and drops thresholds it cannot use', () => {
    const { tier, problems } = validateTier({ name: ' VIP ', rank: 1, minSpendMinor: 100 });
    expect(problems).toEqual([]);
    expect(tier).toEqual({
      name: 'VIP',
      rank: 1,
      basis: 'manual',
      minSpendMinor: null,
      minOrders: null,
      windowDays: 365,
      match: 'any',
    });
  });

  it('needs a threshold for an activity tier and names each bad field', () => {
    expect(validateTier({ name: 'A', rank: 2, basis: 'activity' }).problems).toEqual([
      expect.objectContaining({ field: 'minSpendMinor', code: 'threshold' }),
    ]);
    const { problems } = validateTier({
      name: 'a,b',
      rank: 101,
      basis: 'activity',
      minOrders: 0,
      windowDays: 0,
      match: 'both',
      colour: 'red',
    } as never);
    expect(problems.map((p) => [p.field, p.code])).toEqual([
      ['colour', 'unknownField'],
      ['name', 'name'],
      ['rank', 'rank'],
      ['match', 'match'],
      ['windowDays', 'windowDays'],
      ['minOrders', 'minOrders'],
    ]);
  });

  it('keeps both thresholds and how they combine', () => {
    const { tier, problems } = validateTier({
      name: 'Gold',
      rank: 1,
      basis: 'activity',
      minSpendMinor: 50_000,
      minOrders: 5,
      windowDays: 180,
      match: 'all',
    });
    expect(problems).toEqual([]);
    expect(tier).toMatchObject({ minSpendMinor: 50_000, minOrders: 5, windowDays: 180, match: 'all' });
  });
});
