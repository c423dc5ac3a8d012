import type { Tier } from '@touchbase/store';
import { ruleText, tierErrors, tierInputOf, typedTierForm } from './tier-form';

const tier = (t: Partial<Tier>): Tier =>
  ({
    id: 1,
    name: 'VIP',
    rank: 1,
    basis: 'activity',
    minSpendMinor: null,
    minOrders: null,
    windowDays: 365,
    match: 'any',
    ...t,
  }) as Tier;
const euro = (minor: number) => `€${(minor / 100).toFixed(2)}`;

describe('the tier form', () => {
  it('writes a tier’s rule in the reader’s language', () => {
    expect(ruleText(tier({ minSpendMinor: 50_000 }), 'en', euro)).toBe(
      'spent at least €500.00 in the last 365 days',
    );
    expect(
      ruleText(tier({ minSpendMinor: 50_000, minOrders: 5, match: 'all', windowDays: 1 }), 'en', euro),
    ).toBe('spent at least €500.00 and at least 5 orders in the last 1 day');
    expect(ruleText(tier({ minOrders: 1, windowDays: 180 }), 'de', euro)).toBe(
      'mindestens 1 Bestellung in den letzten 180 Tagen',
    );
    expect(ruleText(tier({ minOrders: 5 }), 'pl', euro)).toBe(
      'co najmniej 5 zamówień w ostatnich 365 dniach',
    );
    expect(ruleText(tier({ basis: 'manual' }), 'de', euro)).toBe('von Hand gesetzt');
  });

  it('reads amounts as typed in the owner’s language and keeps bad ones for the service to name', () => {
    const input = tierInputOf(
      typedTierForm({
        name: ' Gold ',
        rank: '2',
        basis: 'activity',
        minSpend: '1.234,50',
        minOrders: '',
        windowDays: 'x',
      }),
      'EUR',
    );
    expect(input).toMatchObject({
      name: 'Gold',
      rank: 2,
      minSpendMinor: 123_450,
      minOrders: null,
      windowDays: 'x',
    });
    expect(
      tierErrors('de', [
        { field: 'minSpendMinor', problem: 'x', code: 'threshold' } as never,
        { field: 'name', problem: 'taken' },
      ]),
    ).toEqual({
      minSpend: 'Geben Sie einen Mindestumsatz, eine Mindestanzahl an Bestellungen oder beides an.',
      name: 'taken',
    });
  });
});
