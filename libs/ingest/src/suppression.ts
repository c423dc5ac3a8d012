import { createHmac } from 'node:crypto';
import { EntityManager, In } from 'typeorm';
import { purposeKey } from '@touchbase/core';
import { Suppression } from '@touchbase/store';

/**
 * GDPR erase keeps only keyed hashes of the normalized email and phone (HMAC-SHA256 with the
 * suppression key derived from APP_SECRET, docs/security.md#secrets), so a later import can
 * recognise the person without the store holding who they were.
 */
export function suppressionHash(secret: string, kind: 'email' | 'phone', normalizedValue: string): string {
  return createHmac('sha256', keyOf(secret)).update(`${kind}:${normalizedValue}`, 'utf8').digest('hex');
}

/** The hashes an erasure stores. */
export function suppressionHashes(
  secret: string,
  who: { email?: string | null; phone?: string | null },
): string[] {
  const out: string[] = [];
  if (who.email) out.push(suppressionHash(secret, 'email', who.email));
  if (who.phone) out.push(suppressionHash(secret, 'phone', who.phone));
  return out;
}

/**
 * The hashes a check looks for: the current ones and those of erasures made before the
 * per-purpose keys (keyed with APP_SECRET itself), which cannot be re-hashed and must still match.
 */
export function suppressionLookupHashes(
  secret: string,
  who: { email?: string | null; phone?: string | null },
): string[] {
  const legacy = (kind: string, v: string) =>
    createHmac('sha256', secret).update(`${kind}:${v}`, 'utf8').digest('hex');
  const out = suppressionHashes(secret, who);
  if (who.email) out.push(legacy('email', who.email));
  if (who.phone) out.push(legacy('phone', who.phone));
  return out;
}

const keys = new Map<string, Buffer>();
function keyOf(secret: string): Buffer {
  let k = keys.get(secret);
  if (!k) keys.set(secret, (k = purposeKey(secret, 'suppression')));
  return k;
}

/** True when the email or phone (already normalized) belongs to someone erased/suppressed. */
export async function isSuppressed(
  manager: EntityManager,
  secret: string,
  who: { email?: string | null; phone?: string | null },
): Promise<boolean> {
  const hashes = suppressionLookupHashes(secret, who);
  if (!hashes.length) return false;
  return (await manager.getRepository(Suppression).count({ where: { hash: In(hashes) } })) > 0;
}
