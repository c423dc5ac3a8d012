import { AddressInfo } from 'node:net';
import { SMTPServer, SMTPServerAddress, SMTPServerSession } from 'smtp-server';
import { ParsedMail, simpleParser } from 'mailparser';

export interface SinkMessage {
  from: string;
  to: string[];
  raw: Buffer;
  /** Parsed with mailparser (absent with `parse: false`). */
  parsed?: ParsedMail;
}

/**
 * A fault to answer for some RCPT TO: an SMTP code (421, 450, 550, 535…) or a dropped
 * connection at RCPT; or, with `{ afterData }`, the recipient is accepted and the whole message
 * received, then the final reply is that code (550 → "5.1.1", 552, 451…) or the connection
 * drops before any reply ('drop': the message arrived, the client cannot know).
 */
export type SinkFault = number | 'drop' | 'accept' | { afterData: number | 'drop' };

interface FaultRule {
  match: (recipient: string) => boolean;
  fault: SinkFault;
  /** How many more times; Infinity = always. */
  remaining: number;
}

export interface SmtpSinkOptions {
  /** Parse every message with mailparser (default true); benches turn it off and only count. */
  parse?: boolean;
  /** Require AUTH with these credentials (wrong ones get 535). */
  auth?: { user: string; pass: string };
}

/**
 * A real SMTP server (smtp-server) in-process on a random local port. Collects what arrives;
 * can answer chosen recipients (or a share of all) with an SMTP error or drop the connection.
 *
 *   const sink = await SmtpSink.start();
 *   env: { SMTP_URL: sink.url, SMTP_FROM: 'Shop <shop@example.test>' }
 *   sink.failFor('a@x.test', 421, 1)  // first try answers 421, then accepts
 */
export class SmtpSink {
  readonly messages: SinkMessage[] = [];
  /** Messages accepted (also counted with parse: false). */
  accepted = 0;
  /** TCP connections the server accepted (a pooled client opens a few and keeps them). */
  connections = 0;
  /** RCPT TO commands seen, including refused ones. */
  attempts: string[] = [];
  /** Wait this long after receiving a message before the final reply (a slow server). */
  replyDelayMs = 0;
  private faults: FaultRule[] = [];
  /** Faults to answer after DATA, by SMTP session id. */
  private readonly afterData = new Map<string, number | 'drop'>();
  private waiters: Array<() => void> = [];

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
    private readonly opts: SmtpSinkOptions,
  ) {}

  static async start(opts: SmtpSinkOptions = {}): Promise<SmtpSink> {
    // eslint-disable-next-line prefer-const -- assigned once the server listens; the callbacks run after
    let sink!: SmtpSink;
    const server = new SMTPServer({
      logger: false,
      disabledCommands: ['STARTTLS'],
      disableReverseLookup: true,
      authOptional: !opts.auth,
      allowInsecureAuth: true,
      size: 10 * 1024 * 1024,
      maxClients: 200,
      onAuth(auth, _session, cb) {
        if (opts.auth && auth.username === opts.auth.user && auth.password === opts.auth.pass)
          return cb(null, { user: auth.username });
        cb(Object.assign(new Error('5.7.8 Authentication credentials invalid'), { responseCode: 535 }));
      },
      onRcptTo(address, session, cb) {
        sink.onRcpt(address, session, cb);
      },
      onData(stream, session, cb) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          const to = session.envelope.rcptTo.map((r) => r.address);
          const fault = sink.afterData.get(session.id);
          sink.afterData.delete(session.id);
          const answer = () => {
            if (fault === 'drop') return sink.dropSession(session.id);
            if (fault !== undefined) return cb(replyError(fault));
            cb();
          };
          const reply = () => (sink.replyDelayMs ? setTimeout(answer, sink.replyDelayMs) : answer());
          // a message refused after DATA never arrived; one whose reply was lost did
          if (typeof fault === 'number') return reply();
          sink.accepted++;
          if (sink.opts.parse === false) {
            sink.notify();
            return reply();
          }
          simpleParser(raw).then(
            (parsed) => {
              sink.messages.push({ from, to, raw, parsed });
              sink.notify();
              reply();
            },
            (e: Error) => cb(e),
          );
        });
      },
    });
    // answer at once: with Nagle on, each reply waits for the client's delayed ACK (~40 ms)
    (server as unknown as { server: import('node:net').Server }).server.on('connection', (socket) => {
      socket.setNoDelay(true);
      if (sink) sink.connections++;
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    // smtp-server re-emits a client socket's error (ECONNRESET when a killed engine had
    // connections open): a client's problem, not the sink's, and unhandled it crashed the test
    server.on('error', () => undefined);
    const port = (
      (server as unknown as { server: { address(): AddressInfo } }).server.address() as AddressInfo
    ).port;
    sink = new SmtpSink(server, port, opts);
    return sink;
  }

  /** smtp://127.0.0.1:<port> (with credentials when the sink requires AUTH). */
  get url(): string {
    const a = this.opts.auth;
    return `smtp://${a ? `${encodeURIComponent(a.user)}:${encodeURIComponent(a.pass)}@` : ''}127.0.0.1:${this.port}`;
  }

  /** Answer `fault` for this recipient, `times` times (default: always). */
  failFor(recipient: string, fault: SinkFault, times = Infinity): void {
    const r = recipient.toLowerCase();
    this.faults.push({ match: (to) => to === r, fault, remaining: times });
  }

  /** Always accept this recipient, whatever share rules come after (rules match in order). */
  acceptFor(recipient: string): void {
    this.failFor(recipient, 'accept');
  }

  /** Answer `fault` for about `share` (0–1) of all recipients, deterministically every 1/share-th. */
  failShare(share: number, fault: SinkFault): void {
    let n = 0;
    const every = Math.max(1, Math.round(1 / share));
    this.faults.push({ match: () => ++n % every === 0, fault, remaining: Infinity });
  }

  /** Messages parsed so far that were addressed to `recipient`. */
  to(recipient: string): ParsedMail[] {
    const r = recipient.toLowerCase();
    return this.messages.filter((m) => m.to.includes(r)).map((m) => m.parsed!);
  }

  async waitFor(count: number, timeoutMs = 10_000): Promise<void> {
    const started = process.hrtime.bigint();
    while (this.accepted < count) {
      if (Number(process.hrtime.bigint() - started) / 1e6 > timeoutMs)
        throw new Error(`SmtpSink: ${this.accepted} of ${count} messages after ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  reset(): void {
    this.messages.length = 0;
    this.attempts = [];
    this.faults = [];
    this.afterData.clear();
    this.accepted = 0;
    this.connections = 0;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onRcpt(
    address: SMTPServerAddress,
    session: SMTPServerSession,
    cb: (err?: Error | null) => void,
  ): void {
    const to = address.address.toLowerCase();
    this.attempts.push(to);
    const rule = this.faults.find((f) => f.remaining > 0 && f.match(to));
    if (!rule) return cb();
    rule.remaining--;
    if (rule.fault === 'accept') return cb();
    if (typeof rule.fault === 'object') {
      this.afterData.set(session.id, rule.fault.afterData);
      return cb();
    }
    if (rule.fault === 'drop') return this.dropSession(session.id);
    cb(replyError(rule.fault));
  }

  /** Messages received so far with this Message-ID header. */
  withMessageId(messageId: string): ParsedMail[] {
    return this.messages.filter((m) => m.parsed?.messageId === messageId).map((m) => m.parsed!);
  }

  private dropSession(sessionId: string): void {
    const conns = (
      this.server as unknown as { connections: Set<{ id: string; _socket: { destroy(): void } }> }
    ).connections;
    for (const c of conns) if (c.id === sessionId) c._socket.destroy();
  }

  private notify(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}

function replyError(code: number): Error {
  const text =
    code === 535
      ? '5.7.8 Authentication credentials invalid'
      : code >= 500
        ? '5.1.1 Mailbox unavailable'
        : '4.3.2 Try again later';
  return Object.assign(new Error(text), { responseCode: code });
}
