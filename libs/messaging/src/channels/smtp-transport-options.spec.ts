import * as net from 'node:net';
import { smtpTransportOptions } from './smtp-transport-options';

const base = { from: 'shop@example.test', poolSize: 7 };

describe('smtpTransportOptions', () => {
  it('keeps the pool, its size, warm connections and the timeouts when SMTP_URL is set', () => {
    const o = smtpTransportOptions({ ...base, url: 'smtp://mailer:pa%3Ass@smtp.example.test:2525' });
    expect(o).toMatchObject({
      host: 'smtp.example.test',
      port: 2525,
      secure: false,
      auth: { user: 'mailer', pass: 'pa:ss' },
      pool: true,
      maxConnections: 7,
      maxMessages: Infinity,
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 30_000,
    });
    expect(o).not.toHaveProperty('url');
  });

  it('reads smtps: as implicit TLS on 465, and SMTP_USER/SMTP_PASS win over the URL’s credentials', () => {
    const o = smtpTransportOptions({
      ...base,
      url: 'smtps://a:b@mail.example.test',
      user: 'shop',
      pass: 'secret',
    });
    expect(o).toMatchObject({
      host: 'mail.example.test',
      port: 465,
      secure: true,
      auth: { user: 'shop', pass: 'secret' },
    });
  });

  it('builds the same from SMTP_HOST (587 unless secure)', () => {
    expect(smtpTransportOptions({ ...base, host: 'mail.example.test' })).toMatchObject({
      host: 'mail.example.test',
      port: 587,
      secure: false,
      pool: true,
      maxConnections: 7,
    });
    expect(smtpTransportOptions({ ...base, host: 'mail.example.test', secure: true }).port).toBe(465);
  });

  it('hands nodemailer a socket to the server with Nagle off', async () => {
    const server = net.createServer((s) => s.on('error', () => undefined));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as net.AddressInfo).port;
    const o = smtpTransportOptions({ ...base, url: `smtp://127.0.0.1:${port}` });
    const socket = await new Promise<net.Socket>((resolve, reject) =>
      o.getSocket!(o, (e, opts: { connection: net.Socket }) => (e ? reject(e) : resolve(opts.connection))),
    );
    await new Promise((r) => socket.once('connect', r));
    expect(socket.remotePort).toBe(port);
    const noDelay = Object.getOwnPropertySymbols(socket).find((s) => s.description === 'kSetNoDelay');
    expect(noDelay && (socket as unknown as Record<symbol, unknown>)[noDelay]).toBe(true);
    socket.destroy();
    await new Promise((r) => server.close(r));
  });
});
