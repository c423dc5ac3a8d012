import { createHmac } from 'node:crypto';
import { hmacSha256, inventorySignature, matchesAny, safeEqual } from './signatures';

describe('webhook signatures', () => {
  it('the inventory signature is hex HMAC-SHA256 over "<timestamp>.<body>"', () => {
    const expected = createHmac('sha256', 's3cret').update('1795430000.{"sku":"A","stock":1}').digest('hex');
    expect(inventorySignature('s3cret', '1795430000', '{"sku":"A","stock":1}')).toBe(`sha256=${expected}`);
    expect(inventorySignature('s3cret', '1795430001', '{"sku":"A","stock":1}')).not.toBe(
      `sha256=${expected}`,
    );
  });

  it('Shopify/WooCommerce signatures are base64 over the raw body', () => {
    expect(hmacSha256('key', 'body', 'base64')).toBe(
      createHmac('sha256', 'key').update('body').digest('base64'),
    );
  });

  it('accepts a signature made with any accepted secret (rotation overlap), nothing else', () => {
    const sign = (s: string) => hmacSha256(s, 'body', 'base64');
    expect(matchesAny(['new-secret', 'old-secret'], sign('old-secret'), sign)).toBe(true);
    expect(matchesAny(['new-secret'], sign('old-secret'), sign)).toBe(false);
    expect(matchesAny([], sign('old-secret'), sign)).toBe(false);
    expect(matchesAny(['new-secret'], undefined, sign)).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
  });
});
