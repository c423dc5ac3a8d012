import { ValidationFailed } from '@touchbase/core';

/**
 * Parses a webhook body. Shops' ids are 64-bit integers (Shopify's exceed 2^53), which
 * JSON.parse would round; every `"id"` / `"…_id"` member holding a long integer is read as text.
 */
export function parseShopPayload(raw: Buffer): Record<string, any> {
  const text = raw.toString('utf8').replace(/("(?:id|[a-z_]+_id)"\s*:\s*)(\d{16,})(?=\s*[,}\]])/g, '$1"$2"');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ValidationFailed([{ field: 'body', problem: 'must be JSON' }]);
  }
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new ValidationFailed([{ field: 'body', problem: 'must be a JSON object' }]);
  return body as Record<string, any>;
}
