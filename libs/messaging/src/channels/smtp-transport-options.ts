import * as net from 'node:net';
import type SMTPConnection from 'nodemailer/lib/smtp-connection';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import type * as NodemailerShared from 'nodemailer/lib/shared';
import type { AppConfig } from '@touchbase/config';

/**
 * nodemailer's URL parser, loaded with the first SMTP transport, not at start-up
 * (docs/benchmarks.md#npm-run-benchcli-start-up-and-memory).
 */
function parseConnectionUrl(url: string): SMTPConnection.Options {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('nodemailer/lib/shared') as typeof NodemailerShared).parseConnectionUrl(url);
}

type SmtpConfig = NonNullable<AppConfig['smtp']>;

/**
 * nodemailer's options for the engine's SMTP pool (docs/delivery.md#smtp-transport).
 *
 * - `SMTP_URL` is parsed here and the pool settings are laid over it: given an object with a
 *   `url`, nodemailer keeps only what the URL says and drops every other key, so the pool,
 *   `maxMessages` and the timeouts were silently lost (one new connection per message).
 * - Timeouts stay well inside the dispatcher's lease, so a hung server ends the attempt before
 *   the lease expires and another instance could take the message over.
 * - Sockets are opened with Nagle off: nodemailer writes a message as several small writes (the
 *   body, then `\r\n`, then `.\r\n`), and with Nagle on the last ones wait for the server's
 *   delayed ACK, about 40 ms per message on every connection.
 */
export function smtpTransportOptions(smtp: SmtpConfig): SMTPPool.Options {
  const target: SMTPConnection.Options = smtp.url
    ? parseConnectionUrl(smtp.url)
    : { host: smtp.host, port: smtp.port, secure: smtp.secure ?? false };
  if (target.port === undefined) target.port = target.secure ? 465 : 587;
  return {
    ...target,
    ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.pass ?? '' } } : {}),
    pool: true,
    maxConnections: smtp.poolSize,
    maxMessages: Infinity,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
    getSocket: (options, callback) => callback(null, { connection: openSocket(options) }),
  };
}

/**
 * A plain TCP socket to the server with Nagle off, handed to nodemailer as its `connection`: it
 * attaches its error and timeout handlers at once, waits for the greeting (`greetingTimeout`
 * covers a connect that hangs) and upgrades to TLS itself for `secure` (port 465) or STARTTLS.
 */
function openSocket(options: SMTPPool.Options): net.Socket {
  return net.connect({
    host: options.host ?? 'localhost',
    port: Number(options.port),
    noDelay: true,
    keepAlive: true,
  });
}
