import { normalizeCustomerInput } from './customer';
import { normalizeOrderInput, normalizeProductInput, parseLinesCell } from './order-product';

const ctx = { phoneRegion: 'DE', now: new Date('2026-06-15T10:00:00Z'), businessZone: 'Europe/Berlin' };

describe('normalizeCustomerInput', () => {
  it('normalizes every given field and leaves absent ones out', () => {
    const { patch, problems } = normalizeCustomerInput(
      {
        externalId: ' C-1 ',
        firstName: ' Zoë ',
        email: 'ZOE@Example.com',
        phone: '0151 12345678',
        birthday: '--02-29',
        tags: 'VIP',
        emailConsent: 'ja',
      },
      ctx,
    );
    expect(problems.list).toEqual([]);
    expect(patch).toEqual({
      externalId: 'C-1',
      firstName: 'Zoë',
      email: 'zoe@example.com',
      phone: '+4915112345678',
      birthdayYear: null,
      birthdayMonth: 2,
      birthdayDay: 29,
      birthdayMd: '02-29',
      tags: ['vip'],
      emailConsent: true,
    });
  });
  it('reads a local phone number in the customer’s own country', () => {
    expect(normalizeCustomerInput({ phone: '512 345 678', country: 'pl' }, ctx).patch.phone).toBe(
      '+48512345678',
    );
  });
  it('keeps the postal address, the country upper-cased; empty clears a field', () => {
    const { patch, problems } = normalizeCustomerInput(
      { street: ' ul. Długa 5 ', postcode: '00-950', city: 'Warszawa', country: 'pl' },
      ctx,
    );
    expect(problems.list).toEqual([]);
    expect(patch).toEqual({ street: 'ul. Długa 5', postcode: '00-950', city: 'Warszawa', country: 'PL' });
    expect(normalizeCustomerInput({ street: '', city: null, country: '' }, ctx).patch).toEqual({
      street: null,
      city: null,
      country: null,
    });
    const bad = normalizeCustomerInput({ street: 'a\nb', postcode: 'x'.repeat(21), country: 'XX' }, ctx);
    expect(bad.problems.list.map((p) => p.field)).toEqual(['country', 'street', 'postcode']);
  });
  it('names every bad field at once', () => {
    const { problems } = normalizeCustomerInput(
      {
        firstName: 'A\r\nB',
        email: 'nope',
        phone: '1',
        birthday: '1990-02-30',
        timezone: 'Nowhere/Town',
        locale: 'fr',
      },
      ctx,
    );
    expect(problems.list.map((p) => p.field)).toEqual([
      'firstName',
      'email',
      'phone',
      'timezone',
      'birthday',
      'locale',
    ]);
    expect(() => problems.throwIfAny()).toThrow(/firstName: .*contains CR/);
  });
  it('judges "in the future" by the customer’s own zone (UTC+14 is a day ahead of Berlin)', () => {
    const at = { ...ctx, now: new Date('2026-06-15T10:30:00Z') }; // 00:30 on 16 June in Kiritimati, 12:30 on 15 June in Berlin, 23:30 on 14 June in Pago Pago
    expect(
      normalizeCustomerInput({ birthday: '2026-06-16', timezone: 'Pacific/Kiritimati' }, at).problems.ok,
    ).toBe(true);
    expect(normalizeCustomerInput({ birthday: '2026-06-16' }, at).problems.list).toEqual([
      expect.objectContaining({
        field: 'birthday',
        problem: expect.stringMatching(/future/),
        code: 'future',
      }),
    ]);
    expect(
      normalizeCustomerInput({ birthday: '2026-06-15', timezone: 'Pacific/Pago_Pago' }, at).problems.list[0]
        ?.problem,
    ).toMatch(/future/); // still 14 June there
  });

  it('null clears a field; an empty email means none', () => {
    expect(normalizeCustomerInput({ email: '', birthday: null }, ctx).patch).toEqual({
      email: null,
      birthdayYear: null,
      birthdayMonth: null,
      birthdayDay: null,
      birthdayMd: null,
    });
  });
});

describe('orders and products', () => {
  it('parses a lines cell', () => {
    expect(parseLinesCell('MUG-1 x2; TEA:3|CARD')).toEqual([
      { sku: 'MUG-1', quantity: 2 },
      { sku: 'TEA', quantity: 3 },
      { sku: 'CARD', quantity: 1 },
    ]);
  });
  it('converts a decimal total exactly and requires an offset on placedAt', () => {
    const ok = normalizeOrderInput(
      {
        externalId: 'O-1',
        customerExternalId: 'C-1',
        placedAt: '2026-01-02T10:00:00+01:00',
        total: '1049.90',
        currency: 'eur',
      },
      'EUR',
    );
    expect(ok.order).toMatchObject({
      totalMinor: 104990,
      currency: 'EUR',
      customerRef: { externalId: 'C-1' },
    });
    const bad = normalizeOrderInput(
      { externalId: 'O-2', placedAt: '2026-01-02 10:00', total: '-1', currency: 'EURO' },
      'EUR',
    );
    expect(bad.problems.list.map((p) => p.field)).toEqual(['customerExternalId', 'placedAt', 'currency']);
  });
  it('products: price decimal → minor, stock must be whole', () => {
    expect(
      normalizeProductInput({ sku: 'MUG', name: 'Mug', stock: '3', price: '12.5' }, 'EUR').patch,
    ).toEqual({
      sku: 'MUG',
      name: 'Mug',
      stock: 3,
      currency: 'EUR',
      priceMinor: 1250,
    });
    expect(normalizeProductInput({ stock: '2.5' }, 'EUR').problems.list[0]).toMatchObject({ field: 'stock' });
  });
});
