import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { LinkSigner } from '@touchbase/messaging';

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
 * Survey tokens are made by the messaging area's LinkSigner (HMAC-SHA256 keyed with
 * APP_SECRET, constant-time check) with the purpose "survey" inside the signature, so an
 * unsubscribe token can never rate and a survey token can never unsubscribe. The signed data
 * is the JSON [ruleId, customerId, occasionKey]. Survey links do not expire.
 */
@Injectable()
export class SurveyLinks {
  private readonly signer: LinkSigner;

  constructor(@Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'secret' | 'http'>) {
    this.signer = new LinkSigner(config);
  }

  token(s: SurveyLinkSubject): string {
    return this.signer.sign(PURPOSE, JSON.stringify([s.ruleId, s.customerId, s.occasionKey]));
  }

  /** The public page's address; `rating` pre-selects a star (it does not record anything). */
  url(s: SurveyLinkSubject, rating?: number): string {
    return `${this.config.http.publicBaseUrl}/r/${this.token(s)}${rating ? `?rating=${rating}` : ''}`;
  }

  /** The subject, or null for a malformed or tampered token (callers say only "not found"). */
  verify(token: unknown): SurveyLinkSubject | null {
    if (typeof token !== 'string') return null;
    const data = this.signer.verify(PURPOSE, token);
    if (data === null) return null;
    try {
      const value = JSON.parse(data);
      if (!Array.isArray(value) || value.length !== 3) return null;
      const [ruleId, customerId, occasionKey] = value;
      if (!Number.isInteger(ruleId) || !Number.isInteger(customerId) || typeof occasionKey !== 'string')
        return null;
      return { ruleId, customerId, occasionKey };
    } catch {
      return null;
    }
  }
}

const PURPOSE = 'survey';
