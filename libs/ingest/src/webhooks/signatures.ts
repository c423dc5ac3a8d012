import { createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA256 of `data` keyed with `secret`, hex (the inventory webhook) or base64 (Shopify, WooCommerce). */
export function hmacSha256(secret: string, data: Buffer | string, encoding: 'hex' | 'base64'): string {
  return createHmac('sha256', secret).update(data).digest(encoding);
}

/** Constant-time comparison of two strings (false when the lengths differ). */
export function safeEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** True when `given` equals the signature computed with any of the accepted secrets. */
export function matchesAny(
  secrets: string[],
  given: string | undefined,
  sign: (secret: string) => string,
): boolean {
  if (!given) return false;
  let ok = false;
  for (const s of secrets) ok = safeEqual(given.trim(), sign(s)) || ok;
  return ok;
}

/** The inventory webhook's signature: "sha256=" + hex HMAC-SHA256 over `<timestamp>.<raw body>`. */
export function inventorySignature(
  secret: string,
  timestamp: string | number,
  body: Buffer | string,
): string {
  return (
    'sha256=' + hmacSha256(secret, Buffer.concat([Buffer.from(`${timestamp}.`), Buffer.from(body)]), 'hex')
  );
}
