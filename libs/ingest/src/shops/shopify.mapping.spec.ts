import { Problems } from '../normalize/problems';
import { parseShopPayload } from './payload';
import { mapShopifyCustomer, mapShopifyOrder, shopifyId } from './shopify.mapping';

describe('Shopify payload mapping', () => {
  it('keeps 64-bit ids exact (JSON.parse would round them)', () => {
    const body = parseShopPayload(
      Buffer.from('{"id": 706405506930370084, "customer": {"id":9007199254740993}, "note": "x"}'),
    );
    expect(body.id).toBe('706405506930370084');
    expect(body.customer.id).toBe('9007199254740993');
    expect(shopifyId(new Problems(), 'id', body.id)).toBe('706405506930370084');
    const p = new Problems();
    shopifyId(p, 'id', 'abc');
    expect(p.list.map((x) => x.field)).toEqual(['id']);
  });

  it('marketing consent: subscribed only; accepts_marketing on older API versions; absent leaves it alone', () => {
    const c = (x: object) => mapShopifyCustomer({ id: 1, ...x });
    expect(c({ email_marketing_consent: { state: 'subscribed' } }).emailConsent).toBe(true);
    expect(c({ email_marketing_consent: { state: 'pending' } }).emailConsent).toBe(false);
    expect(
      c({ email_marketing_consent: { state: 'unsubscribed' }, accepts_marketing: true }).emailConsent,
    ).toBe(false);
    expect(c({ accepts_marketing: true }).emailConsent).toBe(true);
    expect(c({}).emailConsent).toBeUndefined();
    expect(c({ sms_marketing_consent: { state: 'subscribed' } }).smsConsent).toBe(true);
    expect(c({ default_address: { phone: '030 1234567', country_code: 'DE' } })).toMatchObject({
      phone: '030 1234567',
      country: 'DE',
    });
  });

  it('an order takes shop money over presentment money and keeps only lines with a SKU', () => {
    const { input, linesWithoutSku } = mapShopifyOrder(
      {
        total_price: '10.00',
        currency: 'USD',
        total_price_set: { shop_money: { amount: '9.20', currency_code: 'EUR' } },
        processed_at: '2026-06-15T05:12:00-04:00',
        line_items: [
          { sku: 'A', quantity: 2, name: 'A' },
          { sku: null, quantity: 1 },
        ],
      },
      new Problems(),
    );
    expect(input).toMatchObject({ total: '9.20', currency: 'EUR', lines: [{ sku: 'A', quantity: 2 }] });
    expect(linesWithoutSku).toBe(1);
  });
});
