import { currencyDigits, formatMoney, formatWholeMoney } from './money';

describe('formatMoney', () => {
  it('formats minor units per locale and currency, the same on every call (formatters are remembered)', () => {
    const first = ['en', 'de', 'pl'].map((l) => formatMoney(123_456, 'EUR', l));
    const again = ['en', 'de', 'pl'].map((l) => formatMoney(123_456, 'EUR', l));
    expect(again).toEqual(first);
    expect(first[0]).toBe('€1,234.56');
    expect(first[1]).toMatch(/^1\.234,56\s€$/);
    // a currency without minor units keeps none, also after another currency was formatted
    expect(formatMoney(1500, 'JPY', 'en')).toBe('¥1,500');
    expect(formatMoney(1500, 'USD', 'en')).toBe('$15.00');
    expect(currencyDigits('JPY')).toBe(0);
    expect(currencyDigits('EUR')).toBe(2);
  });

  it('still rejects a currency code Intl does not know', () => {
    expect(() => formatMoney(100, 'EURO', 'en')).toThrow(RangeError);
    expect(() => formatMoney(100, 'EURO', 'en')).toThrow(RangeError);
  });
});

describe('formatWholeMoney', () => {
  it('answers what a formatter made for the call answers, also from its remembered one', () => {
    const fresh = (minor: number, currency: string, locale: string) =>
      new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        maximumFractionDigits: 0,
        minimumFractionDigits: 0,
      }).format(Math.round(minor / 10 ** currencyDigits(currency)));
    for (let round = 0; round < 2; round++)
      for (const locale of ['en', 'de', 'pl'])
        for (const [minor, currency] of [
          [423_050, 'EUR'],
          [423_049, 'EUR'],
          [99, 'USD'],
          [123_456, 'JPY'],
          [1_234_567, 'KWD'],
          [80_000, 'PLN'],
        ] as const)
          expect(formatWholeMoney(minor, currency, locale)).toBe(fresh(minor, currency, locale));
    expect(formatWholeMoney(423_050, 'EUR', 'de')).toBe('4.231\u00a0€');
  });
});
