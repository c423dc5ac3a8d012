import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { LinkSigner } from '../link-signer';
import { SettingsService } from '@touchbase/store';

export const UNSUBSCRIBE_PURPOSE = 'unsub';

/**
 * Unsubscribe links: /u/<token>, where the token signs "<channel>:<customerId>". They do not
 * expire (an old email must still let the customer leave). The same token is deterministic,
 * so the visible link and the List-Unsubscribe header agree.
 */
@Injectable()
export class UnsubscribeLinks {
  constructor(
    private readonly signer: LinkSigner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ownerSettings: SettingsService,
  ) {}

  token(customerId: number, channel: string): string {
    return this.signer.sign(UNSUBSCRIBE_PURPOSE, `${channel}:${customerId}`);
  }

  url(customerId: number, channel: string): string {
    return `${this.ownerSettings.get().publicBaseUrl}/u/${this.token(customerId, channel)}`;
  }

  /** RFC 2369 + RFC 8058 headers for an email to this customer (`url`: their email link, if already made). */
  headers(customerId: number, url = this.url(customerId, 'email')): Record<string, string> {
    const mailto = this.config.unsubscribeMailto;
    const targets = [`<${url}>`];
    if (mailto) targets.push(`<mailto:${mailto}?subject=unsubscribe%20${customerId}>`);
    return { 'List-Unsubscribe': targets.join(', '), 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
  }

  /** { channel, customerId } for a valid token, else null. */
  read(token: string): { channel: string; customerId: number } | null {
    const data = this.signer.verify(UNSUBSCRIBE_PURPOSE, token);
    const m = data && /^(email|sms):(\d+)$/.exec(data);
    return m ? { channel: m[1], customerId: Number(m[2]) } : null;
  }
}
