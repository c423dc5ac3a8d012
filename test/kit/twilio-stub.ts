import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import twilio from 'twilio';

export interface StubMessage {
  sid: string;
  accountSid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  statusCallback: string | null;
}

/** A Twilio answer to inject: HTTP 429/500, or an error code with Twilio's status for it. */
export type TwilioFault = 429 | 500 | 503 | 20003 | 21211 | 21610 | 21614;

const FAULTS: Record<TwilioFault, { status: number; code: number; message: string }> = {
  429: { status: 429, code: 20429, message: 'Too Many Requests' },
  500: { status: 500, code: 20500, message: 'Internal Server Error' },
  503: { status: 503, code: 20503, message: 'Service Unavailable' },
  20003: { status: 401, code: 20003, message: 'Authentication Error - invalid username' },
  21211: { status: 400, code: 21211, message: "The 'To' number is not a valid phone number." },
  21610: { status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' },
  21614: { status: 400, code: 21614, message: "'To' number is not a valid mobile number" },
};

interface FaultRule {
  match: (to: string) => boolean;
  fault: TwilioFault;
  remaining: number;
}

export const TEST_TWILIO_SID = 'AC' + '0123456789abcdef'.repeat(2);
export const TEST_TWILIO_TOKEN = 'test-twilio-auth-token-0123';

/**
 * A local HTTP server speaking Twilio's Messages API
 * (POST /2010-04-01/Accounts/{Sid}/Messages.json, form-encoded, HTTP basic auth), answering
 * realistic JSON with an SM… sid, or Twilio's error JSON `{ code, message, more_info, status }`.
 *
 *   const stub = await TwilioStub.start();
 *   env: { TWILIO_ACCOUNT_SID: stub.accountSid, TWILIO_AUTH_TOKEN: stub.authToken,
 *          TWILIO_FROM: '+4930123456', TWILIO_API_BASE_URL: stub.baseUrl }
 */
export class TwilioStub {
  readonly messages: StubMessage[] = [];
  /** Requests answered 201 (also counted with record: false). */
  accepted = 0;
  /** Every create request's To, including refused ones. */
  attempts: string[] = [];
  private faults: FaultRule[] = [];

  private constructor(
    private readonly server: http.Server,
    readonly baseUrl: string,
    readonly accountSid: string,
    readonly authToken: string,
    private readonly record: boolean,
  ) {}

  static async start(
    opts: { accountSid?: string; authToken?: string; record?: boolean } = {},
  ): Promise<TwilioStub> {
    // eslint-disable-next-line prefer-const -- assigned once the server listens; the handler runs after
    let stub!: TwilioStub;
    const server = http.createServer((req, res) => stub.handle(req, res));
    server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.address() as AddressInfo).port;
    stub = new TwilioStub(
      server,
      `http://127.0.0.1:${port}`,
      opts.accountSid ?? TEST_TWILIO_SID,
      opts.authToken ?? TEST_TWILIO_TOKEN,
      opts.record ?? true,
    );
    return stub;
  }

  /** Environment for the engine to send through this stub. */
  env(from = '+4930123456789'): Record<string, string> {
    return {
      TWILIO_ACCOUNT_SID: this.accountSid,
      TWILIO_AUTH_TOKEN: this.authToken,
      TWILIO_FROM: from,
      TWILIO_API_BASE_URL: this.baseUrl,
    };
  }

  failFor(to: string, fault: TwilioFault, times = Infinity): void {
    this.faults.push({ match: (t) => t === to, fault, remaining: times });
  }

  failShare(share: number, fault: TwilioFault): void {
    let n = 0;
    const every = Math.max(1, Math.round(1 / share));
    this.faults.push({ match: () => ++n % every === 0, fault, remaining: Infinity });
  }

  to(number: string): StubMessage[] {
    return this.messages.filter((m) => m.to === number);
  }

  reset(): void {
    this.messages.length = 0;
    this.attempts = [];
    this.faults = [];
    this.accepted = 0;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const m = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(req.url?.split('?')[0] ?? '');
      if (req.method !== 'POST' || !m)
        return send(res, 404, {
          code: 20404,
          message: 'The requested resource was not found',
          more_info: 'https://www.twilio.com/docs/errors/20404',
          status: 404,
        });
      const [user, pass] = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64')
        .toString()
        .split(':');
      if (m[1] !== this.accountSid || user !== this.accountSid || pass !== this.authToken)
        return this.fail(res, 20003);
      const p = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const to = p.get('To') ?? '';
      this.attempts.push(to);
      if (!to)
        return send(res, 400, {
          code: 21604,
          message: "A 'To' phone number is required.",
          more_info: 'https://www.twilio.com/docs/errors/21604',
          status: 400,
        });
      const rule = this.faults.find((f) => f.remaining > 0 && f.match(to));
      if (rule) {
        rule.remaining--;
        return this.fail(res, rule.fault);
      }
      const msg: StubMessage = {
        sid: 'SM' + randomBytes(16).toString('hex'),
        accountSid: this.accountSid,
        to,
        from: p.get('From'),
        messagingServiceSid: p.get('MessagingServiceSid'),
        body: p.get('Body') ?? '',
        statusCallback: p.get('StatusCallback'),
      };
      this.accepted++;
      if (this.record) this.messages.push(msg);
      const date = new Date(0).toUTCString();
      send(res, 201, {
        account_sid: msg.accountSid,
        api_version: '2010-04-01',
        body: msg.body,
        date_created: date,
        date_sent: null,
        date_updated: date,
        direction: 'outbound-api',
        error_code: null,
        error_message: null,
        from: msg.from,
        messaging_service_sid: msg.messagingServiceSid,
        num_media: '0',
        num_segments: String(Math.max(1, Math.ceil(msg.body.length / 153))),
        price: null,
        price_unit: 'USD',
        sid: msg.sid,
        status: 'queued',
        subresource_uris: { media: `/2010-04-01/Accounts/${msg.accountSid}/Messages/${msg.sid}/Media.json` },
        to: msg.to,
        uri: `/2010-04-01/Accounts/${msg.accountSid}/Messages/${msg.sid}.json`,
      });
    });
  }

  private fail(res: http.ServerResponse, fault: TwilioFault): void {
    const f = FAULTS[fault];
    send(res, f.status, {
      code: f.code,
      message: f.message,
      more_info: `https://www.twilio.com/docs/errors/${f.code}`,
      status: f.status,
    });
  }
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

/** The X-Twilio-Signature Twilio would send for a webhook to `url` with these POST params. */
export function signTwilioWebhook(authToken: string, url: string, params: Record<string, string>): string {
  return twilio.getExpectedTwilioSignature(authToken, url, params);
}
