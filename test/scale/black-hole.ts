import * as http from 'node:http';
import * as net from 'node:net';

/**
 * Fault injection for "killed in the middle of dispatch": an SMTP endpoint that accepts the TCP
 * connection and never says a word, and an HTTP endpoint (for the Twilio client) that never
 * answers. An engine pointed at them claims its batch and hangs inside the send, so when it is
 * SIGKILLed nothing it claimed has reached a provider.
 */
export class BlackHole {
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly smtp: net.Server,
    private readonly http: http.Server,
  ) {}

  static async start(): Promise<BlackHole> {
    const hole = new BlackHole(net.createServer(), http.createServer());
    hole.smtp.on('connection', (s) => hole.keep(s));
    hole.http.on('connection', (s) => hole.keep(s));
    await Promise.all(
      [hole.smtp, hole.http].map((srv) => new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()))),
    );
    return hole;
  }

  get smtpUrl(): string {
    return `smtp://127.0.0.1:${(this.smtp.address() as net.AddressInfo).port}`;
  }

  get httpUrl(): string {
    return `http://127.0.0.1:${(this.http.address() as net.AddressInfo).port}`;
  }

  /** Connections made so far (to see that the engine really was sending). */
  get connections(): number {
    return this.seen;
  }

  private seen = 0;

  private keep(s: net.Socket): void {
    this.seen++;
    this.sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => this.sockets.delete(s));
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await Promise.all([this.smtp, this.http].map((srv) => new Promise<void>((r) => srv.close(() => r()))));
  }
}
