import { hkdfSync } from 'node:crypto';

/**
 * Every use of APP_SECRET gets its own key, derived with HKDF-SHA256 (RFC 5869), so a key
 * handed to one purpose (or leaked from it) says nothing about the others.
 * See docs/security.md#secrets.
 */
export type KeyPurpose = 'links' | 'suppression' | 'rate-limit' | 'device';

export function purposeKey(appSecret: string, purpose: KeyPurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', appSecret, 'touchbase', `touchbase/${purpose}/v1`, 32));
}
