import { createHmac } from 'node:crypto';
import { purposeKey } from '@touchbase/core';
import { randomId, safeEqual } from './password';

/**
 * A device that once signed in to an account gets a signed cookie `<deviceId>.<mac>` bound to
 * the user. With it, sign-in for that account is throttled per device instead of per account and
 * address, so a stranger's wrong guesses cannot keep the owner out (docs/security.md#throttling).
 */
export class DeviceTrust {
  private readonly key: Buffer;

  constructor(appSecret: string) {
    this.key = purposeKey(appSecret, 'device');
  }

  issue(userId: number): string {
    const id = randomId(16);
    return `${id}.${this.mac(userId, id)}`;
  }

  /** The device id when the cookie was issued for this user, else null. */
  check(cookie: unknown, userId: number): string | null {
    if (typeof cookie !== 'string' || cookie.length > 200) return null;
    const [id, mac, extra] = cookie.split('.');
    if (!id || !mac || extra !== undefined || !/^[0-9a-f]{32}$/.test(id)) return null;
    return safeEqual(mac, this.mac(userId, id)) ? id : null;
  }

  private mac(userId: number, id: string): string {
    return createHmac('sha256', this.key).update(`${userId}|${id}`, 'utf8').digest('base64url');
  }
}
