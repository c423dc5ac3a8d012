import type twilio from 'twilio';
import { OutgoingSms, SendOutcome, SentSmsQuery, SmsSender } from '@touchbase/core';
import type { AppConfig } from '@touchbase/config';
import { twilioOutcome } from './twilio-outcome';
import { redirectingRequestClient, twilioSdk } from './twilio-sdk';

type Twilio = ReturnType<typeof twilio>;

/** How far Twilio's clock may be behind ours when looking for a message sent "since" an attempt. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** At most this many of the recipient's recent messages are read when looking. */
const LOOK_LIMIT = 200;

/**
 * SMS through the official twilio client. Failures become outcomes (twilio-outcome.ts); after
 * an unknown outcome, `findSent` reads Twilio's Messages list for the recipient (filtered by
 * To, From and DateSent, every page) before anything is resent.
 */
export class TwilioSmsSender extends SmsSender {
  private readonly client: Twilio;

  constructor(private readonly cfg: NonNullable<AppConfig['twilio']>) {
    super();
    const clientOpts = { keepAlive: true, maxSockets: 100, timeout: cfg.timeoutMs };
    const httpClient = cfg.apiBaseUrl
      ? redirectingRequestClient(cfg.apiBaseUrl, clientOpts)
      : new (twilioSdk().RequestClient)(clientOpts);
    this.client = twilioSdk()(cfg.accountSid, cfg.authToken, { httpClient, autoRetry: false });
  }

  async send(sms: OutgoingSms): Promise<SendOutcome> {
    try {
      const msg = await this.client.messages.create({
        to: sms.to,
        body: sms.body,
        ...(this.cfg.messagingServiceSid
          ? { messagingServiceSid: this.cfg.messagingServiceSid }
          : { from: this.cfg.from! }),
        ...(sms.statusCallbackUrl ? { statusCallback: sms.statusCallbackUrl } : {}),
      });
      return { kind: 'sent', providerId: msg.sid };
    } catch (e) {
      return twilioOutcome(e);
    }
  }

  async findSent(q: SentSmsQuery): Promise<string | null> {
    const since = new Date(q.since.getTime() - CLOCK_SKEW_MS);
    const found = await this.client.messages.list({
      to: q.to,
      ...(this.cfg.from && !this.cfg.messagingServiceSid ? { from: this.cfg.from } : {}),
      dateSentAfter: new Date(Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), since.getUTCDate())),
      pageSize: 50,
      limit: LOOK_LIMIT,
    });
    const match = found.find(
      (m) =>
        m.direction.startsWith('outbound') &&
        m.body === q.body &&
        (m.dateCreated ?? m.dateSent ?? new Date(0)).getTime() >= since.getTime(),
    );
    return match?.sid ?? null;
  }
}
