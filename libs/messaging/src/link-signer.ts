import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { purposeKey } from '@touchbase/core';

/**
 * Signed links (unsubscribe, surveys): `base64url(purpose|data|expiry).base64url(HMAC-SHA256)`
 * keyed with the links key derived from APP_SECRET (docs/security.md#secrets). The purpose is
 * inside the signature, so a survey token can never be used as an unsubscribe token.
 * Verification is constant-time and says only "valid" or not.
 *
 * Links signed before the per-purpose keys (keyed with "touchbase-links:" + APP_SECRET) are
 * still accepted: they sit in customers' inboxes, and an unsubscribe link must keep working.
 * New links are signed only with the derived key.
 */
@Injectable()
export class LinkSigner {
  private readonly key: Buffer;
  private readonly legacyKey: Buffer;

  constructor(@Inject(APP_CONFIG) config: Pick<AppConfig, 'secret'>) {
    this.key = purposeKey(config.secret, 'links');
    this.legacyKey = Buffer.from(`touchbase-links:${config.secret}`, 'utf8');
  }

  sign(purpose: string, data: string, opts: { expiresAt?: Date } = {}): string {
    if (purpose.includes('|')) throw new Error('LinkSigner: purpose must not contain "|"');
    const payload = `${purpose}|${opts.expiresAt ? opts.expiresAt.getTime() : ''}|${data}`;
    return `${Buffer.from(payload, 'utf8').toString('base64url')}.${this.mac(payload).toString('base64url')}`;
  }

  /** The signed data, or null when the token is malformed, tampered, for another purpose or expired. */
  verify(purpose: string, token: string, now?: Date): string | null {
    if (typeof token !== 'string' || token.length > 2048) return null;
    const dot = token.indexOf('.');
    if (dot <= 0 || dot !== token.lastIndexOf('.')) return null;
    const payload = Buffer.from(token.slice(0, dot), 'base64url').toString('utf8');
    const given = Buffer.from(token.slice(dot + 1), 'base64url');
    if (!this.matches(given, this.mac(payload)) && !this.matches(given, this.mac(payload, this.legacyKey)))
      return null;
    const [p, exp, ...rest] = payload.split('|');
    if (p !== purpose) return null;
    if (exp && (!now || now.getTime() >= Number(exp))) return null;
    return rest.join('|');
  }

  private mac(payload: string, key = this.key): Buffer {
    return createHmac('sha256', key).update(payload, 'utf8').digest();
  }

  private matches(given: Buffer, expected: Buffer): boolean {
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
