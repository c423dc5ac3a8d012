import { buildScope, sampleTouchContext } from './template-scope';

describe('a template’s rule variables', () => {
  const business = {
    name: 'Shop',
    url: 'https://shop.test',
    shop_url: 'https://shop.test',
    address: '',
    logo_url: '',
    currency: 'EUR',
  };
  const ctx = {
    ...sampleTouchContext('EUR'),
    rule: {
      id: 7,
      name: 'VIP birthday (internal)',
      kind: 'birthday',
      publicLabel: { de: 'Ihr Geburtstagsgruß' },
    },
  };

  it('give the public label in the message’s locale, never the internal rule name', () => {
    const de = buildScope(ctx, business, 'de', { unsubscribe_url: 'u' }).rule;
    expect(de).toEqual({
      id: 7,
      kind: 'birthday',
      label: 'Ihr Geburtstagsgruß',
      name: 'Ihr Geburtstagsgruß',
    });
    const pl = buildScope(ctx, business, 'pl', { unsubscribe_url: 'u' }).rule as Record<string, unknown>;
    expect(pl.label).toBe('');
    expect(JSON.stringify(pl)).not.toContain('internal');
  });
});
