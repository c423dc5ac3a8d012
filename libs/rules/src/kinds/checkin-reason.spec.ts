import { checkinReason } from './checkin-reason';

describe('check-in reason', () => {
  it('reads in plain words with the business currency and locale', () => {
    expect(
      checkinReason({
        spendMinor: 423_000,
        orders: 14,
        currency: 'EUR',
        locale: 'en',
        windowDays: 365,
        daysSinceContact: 94,
      }),
    ).toBe('Spent €4,230 in the last 12 months, 14 orders, last contact 94 days ago');
    expect(
      checkinReason({
        spendMinor: 423_000,
        orders: 1,
        currency: 'EUR',
        locale: 'de',
        windowDays: 90,
        daysSinceContact: null,
      }),
    ).toBe('Spent 4.230\u00a0€ in the last 90 days, 1 order, no contact on record');
  });
});
