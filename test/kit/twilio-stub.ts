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
  /** The stub's clock (`now`) when it was accepted; Twilio's date_created and date_sent. */
  createdAt: Date;
}

/**
 * A Twilio answer to inject: HTTP 429/500/502, or an error code with Twilio's status for it; or
 * the message is accepted (it exists, as Twilio's list shows) and then the connection is reset
 * ('accept-then-reset') or never answered ('accept-then-hang', until the client gives up).
 */
export type TwilioFault =
  429 | 500 | 502 | 503 | 20003 | 21211 | 21610 | 21614 | 'accept-then-reset' | 'accept-then-hang';

const FAULTS: Record<Exclude<TwilioFault, string>, { status: number; code: number; message: string }> = {
  429: { status: 429, code: 20429, message: 'Too Many Requests' },
  500: { status: 500, code: 20500, message: 'Internal Server Error' },
  502: { status: 502, code: 20502, message: 'Bad Gateway' },
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
  /** Every GET of the Messages list, with its query string. */
  listRequests: string[] = [];
  /** The stub's clock, for date_created/date_sent and the DateSent filter (tests set it to the engine's). */
  now: () => Date = () => new Date();
  /** Wait this long after accepting a message before answering (a slow API). */
  replyDelayMs = 0;
  /** The largest page the list answers (Twilio's is 1000); tests lower it to make pages. */
  maxPageSize = 1000;
  private faults: FaultRule[] = [];
  private listFaults = 0;
  private early: Array<{ to: string; statuses: string[]; times: number }> = [];

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

  /** Answer the next `times` GETs of the Messages list with 503. */
  failList(times = 1): void {
    this.listFaults += times;
  }

  /**
   * Before answering the next `times` creates for `to`, POST these status callbacks (signed, to
   * the message's StatusCallback URL) and wait for them: news that arrives before the sender
   * has recorded the SID. Repeat a status to send it twice.
   */
  callbackEarly(to: string, statuses: string[], times = 1): void {
    this.early.push({ to, statuses, times });
  }

  /** POSTs a signed status callback for a message, as Twilio does; returns the HTTP status. */
  async sendStatus(msg: StubMessage, status: string, extra: Record<string, string> = {}): Promise<number> {
    if (!msg.statusCallback) throw new Error(`TwilioStub: message ${msg.sid} has no StatusCallback`);
    const params: Record<string, string> = {
      AccountSid: msg.accountSid,
      From: msg.from ?? '',
      MessageSid: msg.sid,
      SmsSid: msg.sid,
      MessageStatus: status,
      SmsStatus: status,
      To: msg.to,
      ApiVersion: '2010-04-01',
      ...extra,
    };
    const res = await fetch(msg.statusCallback, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signTwilioWebhook(this.authToken, msg.statusCallback, params),
      },
      body: new URLSearchParams(params).toString(),
    });
    await res.arrayBuffer();
    return res.status;
  }

  to(number: string): StubMessage[] {
    return this.messages.filter((m) => m.to === number);
  }

  reset(): void {
    this.messages.length = 0;
    this.attempts = [];
    this.listRequests = [];
    this.faults = [];
    this.listFaults = 0;
    this.early = [];
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
      if (req.method === 'GET' && m && this.authorized(req, m[1])) return this.list(req, res);
      if (req.method !== 'POST' || !m)
        return send(res, 404, {
          code: 20404,
          message: 'The requested resource was not found',
          more_info: 'https://www.twilio.com/docs/errors/20404',
          status: 404,
        });
      if (!this.authorized(req, m[1])) return this.fail(res, 20003);
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
      if (rule) rule.remaining--;
      if (rule && typeof rule.fault === 'number') return this.fail(res, rule.fault);
      const msg: StubMessage = {
        sid: 'SM' + randomBytes(16).toString('hex'),
        accountSid: this.accountSid,
        to,
        from: p.get('From'),
        messagingServiceSid: p.get('MessagingServiceSid'),
        body: p.get('Body') ?? '',
        statusCallback: p.get('StatusCallback'),
        createdAt: this.now(),
      };
      this.accepted++;
      if (this.record) this.messages.push(msg);
      if (rule?.fault === 'accept-then-reset') return req.socket.destroy();
      if (rule?.fault === 'accept-then-hang') return; // closeAllConnections() ends it
      const early = this.early.find((e) => e.times > 0 && e.to === to);
      if (early) early.times--;
      void (async () => {
        for (const status of early?.statuses ?? []) await this.sendStatus(msg, status);
        if (this.replyDelayMs) await new Promise((r) => setTimeout(r, this.replyDelayMs));
        send(res, 201, resource(msg));
      })();
    });
  }

  private authorized(req: http.IncomingMessage, accountSid: string): boolean {
    const [user, pass] = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64')
      .toString()
      .split(':');
    return accountSid === this.accountSid && user === this.accountSid && pass === this.authToken;
  }

  /**
   * GET …/Messages.json as Twilio answers it: newest first, filtered by To, From and DateSent
   * (`DateSent`, `DateSent>`, `DateSent<`, date or date-time), PageSize/Page paging with
   * next_page_uri (which carries a PageToken, as Twilio's does).
   */
  private list(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://stub');
    this.listRequests.push(url.search);
    if (this.listFaults > 0) {
      this.listFaults--;
      return this.fail(res, 503);
    }
    const q = url.searchParams;
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const when = (v: string) => (v.length <= 10 ? v : new Date(v).toISOString());
    const sentKey = (m: StubMessage, v: string) =>
      v.length <= 10 ? day(m.createdAt) : m.createdAt.toISOString();
    const matches = this.messages
      .filter((m) => m.accountSid === this.accountSid)
      .filter((m) => !q.get('To') || m.to === q.get('To'))
      .filter((m) => !q.get('From') || m.from === q.get('From'))
      .filter((m) => !q.get('DateSent') || sentKey(m, q.get('DateSent')!) === when(q.get('DateSent')!))
      .filter((m) => !q.get('DateSent>') || sentKey(m, q.get('DateSent>')!) >= when(q.get('DateSent>')!))
      .filter((m) => !q.get('DateSent<') || sentKey(m, q.get('DateSent<')!) <= when(q.get('DateSent<')!))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    const pageSize = Math.min(this.maxPageSize, Number(q.get('PageSize') ?? 50));
    const page = Number(q.get('Page') ?? 0);
    const items = matches.slice(page * pageSize, (page + 1) * pageSize);
    const base = url.pathname;
    const pageUri = (n: number, token?: string) => {
      const p = new URLSearchParams(q);
      p.set('PageSize', String(pageSize));
      p.set('Page', String(n));
      if (token) p.set('PageToken', token);
      else p.delete('PageToken');
      return `${base}?${p.toString()}`;
    };
    const more = (page + 1) * pageSize < matches.length;
    send(res, 200, {
      messages: items.map(resource),
      end: page * pageSize + Math.max(0, items.length - 1),
      first_page_uri: pageUri(0),
      next_page_uri: more ? pageUri(page + 1, `PA${items[items.length - 1].sid}`) : null,
      page,
      page_size: pageSize,
      previous_page_uri: page > 0 ? pageUri(page - 1) : null,
      start: page * pageSize,
      uri: `${base}${url.search}`,
    });
  }

  private fail(res: http.ServerResponse, fault: Exclude<TwilioFault, string>): void {
    const f = FAULTS[fault];
    send(res, f.status, {
      code: f.code,
      message: f.message,
      more_info: `https://www.twilio.com/docs/errors/${f.code}`,
      status: f.status,
    });
  }
}

/** A Message resource as Twilio's JSON has it (RFC 2822 dates; sent as soon as accepted). */
function resource(msg: StubMessage): Record<string, unknown> {
  const date = msg.createdAt.toUTCString();
  return {
    account_sid: msg.accountSid,
    api_version: '2010-04-01',
    body: msg.body,
    date_created: date,
    date_sent: date,
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
  };
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
