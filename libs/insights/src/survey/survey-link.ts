import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@touchbase/config';

/**
 * What a survey link identifies: one survey touch — the ledger's unique (rule, customer,
 * occasion key) — and with it the customer, so a link can never rate for someone else.
 * Signing the ledger key rather than the touch id lets the rule kind put the link into the
 * message before the touch row (and its id) exists, in the same transaction.
 */
export interface SurveyLinkSubject {
  ruleId: number;
  customerId: number;
  occasionKey: string;
}

/**
 * `base64url(["survey", ruleId, customerId, occasionKey]).base64url(HMAC-SHA256)` keyed with
 * APP_SECRET (domain-separated from other links by the "survey" tag inside the signed part).
 * A tiny signer of our own: the messaging area's LinkSigner was not yet exported when this was
 * written; the format is equivalent and can be swapped without changing callers.
 */
@Injectable()
export class SurveyLinks {
  private readonly key: Buffer;

  constructor(@Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'secret' | 'http'>) {
    this.key = Buffer.from(`touchbase-survey-links:${config.secret}`, 'utf8');
  }

  token(s: SurveyLinkSubject): string {
    const payload = Buffer.from(JSON.stringify(['survey', s.ruleId, s.customerId, s.occasionKey]), 'utf8').toString('base64url');
    return `${payload}.${this.mac(payload).toString('base64url')}`;
  }

  /** The public page's address; `rating` pre-selects a star (it does not record anything). */
  url(s: SurveyLinkSubject, rating?: number): string {
    return `${this.config.http.publicBaseUrl}/r/${this.token(s)}${rating ? `?rating=${rating}` : ''}`;
  }

  /** The subject, or null for a malformed or tampered token (callers say only "not found"). */
  verify(token: unknown): SurveyLinkSubject | null {
    if (typeof token !== 'string' || token.length > 1024) return null;
    const parts = token.split('.');
    if (parts.length !== 2 || !parts[0] || !parts[1]) return null;
    const given = Buffer.from(parts[1], 'base64url');
    const expected = this.mac(parts[0]);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const value = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
      if (!Array.isArray(value) || value.length !== 4 || value[0] !== 'survey') return null;
      const [, ruleId, customerId, occasionKey] = value;
      if (!Number.isInteger(ruleId) || !Number.isInteger(customerId) || typeof occasionKey !== 'string') return null;
      return { ruleId, customerId, occasionKey };
    } catch {
      return null;
    }
  }

  private mac(payload: string): Buffer {
    return createHmac('sha256', this.key).update(payload, 'utf8').digest();
  }
}
