import twilio from 'twilio';
import { OutgoingSms, SendResult, SmsSender } from '@touchbase/core';
import type { AppConfig } from '@touchbase/config';
import { classifyTwilioError } from './failure-classes';

type Twilio = ReturnType<typeof twilio>;

/**
 * A twilio.RequestClient that sends every request to another origin (TWILIO_API_BASE_URL):
 * a compatible local endpoint in tests and benches. `region`/`edge` only change the host name.
 */
export class RedirectingRequestClient extends twilio.RequestClient {
  constructor(
    private readonly baseUrl: string,
    opts: ConstructorParameters<typeof twilio.RequestClient>[0] = {},
  ) {
    super(opts);
  }

  override request<T>(opts: Parameters<twilio.RequestClient['request']>[0]) {
    const target = new URL(opts.uri);
    const base = new URL(this.baseUrl);
    target.protocol = base.protocol;
    target.host = base.host;
    return super.request<T>({ ...opts, uri: target.toString() } as never);
  }
}

/** SMS through the official twilio client. */
export class TwilioSmsSender extends SmsSender {
  private readonly client: Twilio;

  constructor(private readonly cfg: NonNullable<AppConfig['twilio']>) {
    super();
    const clientOpts = { keepAlive: true, maxSockets: 100, timeout: 30_000 };
    const httpClient = cfg.apiBaseUrl
      ? new RedirectingRequestClient(cfg.apiBaseUrl, clientOpts)
      : new twilio.RequestClient(clientOpts);
    this.client = twilio(cfg.accountSid, cfg.authToken, { httpClient, autoRetry: false });
  }

  async send(sms: OutgoingSms): Promise<SendResult> {
    try {
      const msg = await this.client.messages.create({
        to: sms.to,
        body: sms.body,
        ...(this.cfg.messagingServiceSid
          ? { messagingServiceSid: this.cfg.messagingServiceSid }
          : { from: this.cfg.from! }),
        ...(sms.statusCallbackUrl ? { statusCallback: sms.statusCallbackUrl } : {}),
      });
      return { providerId: msg.sid };
    } catch (e) {
      throw classifyTwilioError(e);
    }
  }
}
