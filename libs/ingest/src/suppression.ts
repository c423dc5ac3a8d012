import { createHmac } from 'node:crypto';
import { EntityManager, In } from 'typeorm';
import { Suppression } from '@touchbase/store';

/**
 * GDPR erase keeps only keyed hashes of the normalized email and phone (HMAC-SHA256 with
 * APP_SECRET), so a later import can recognise the person without the store holding who they were.
 */
export function suppressionHash(secret: string, kind: 'email' | 'phone', normalizedValue: string): string {
  return createHmac('sha256', secret).update(`${kind}:${normalizedValue}`, 'utf8').digest('hex');
}

export function suppressionHashes(
  secret: string,
  who: { email?: string | null; phone?: string | null },
): string[] {
  const out: string[] = [];
  if (who.email) out.push(suppressionHash(secret, 'email', who.email));
  if (who.phone) out.push(suppressionHash(secret, 'phone', who.phone));
  return out;
}

/** True when the email or phone (already normalized) belongs to someone erased/suppressed. */
export async function isSuppressed(
  manager: EntityManager,
  secret: string,
  who: { email?: string | null; phone?: string | null },
): Promise<boolean> {
  const hashes = suppressionHashes(secret, who);
  if (!hashes.length) return false;
  return (await manager.getRepository(Suppression).count({ where: { hash: In(hashes) } })) > 0;
}
