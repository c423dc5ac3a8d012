import { currencyDigits, formatMoney } from './money';

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
