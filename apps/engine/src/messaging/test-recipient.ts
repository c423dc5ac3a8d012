import { isEmailAddress } from '@touchbase/core';
import { normalizePhone } from '@touchbase/ingest';

/**
 * Where a test send goes, as stored: an email address as typed (trimmed), or a phone number in
 * E.164 read like every other form does (local formats such as "0151 2345678" in the business's
 * DEFAULT_PHONE_REGION). Null when it is neither.
 */
export function testRecipient(channel: 'email' | 'sms', to: string, region: string): string | null {
  const raw = to.trim();
  if (channel === 'email') return isEmailAddress(raw) ? raw : null;
  try {
    return normalizePhone(raw, region);
  } catch {
    return null;
  }
}
