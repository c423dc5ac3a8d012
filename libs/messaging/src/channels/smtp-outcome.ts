import type { SendOutcome } from '@touchbase/core';

/** What nodemailer's errors carry. */
interface SmtpError {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

/**
 * An SMTP failure as an outcome (see docs/delivery-guarantees.md#email):
 * - 530/534/535 or EAUTH: permanent, the account (the channel pauses);
 * - 5xx with an enhanced status 5.1.x (unknown mailbox or domain), at RCPT or after DATA:
 *   permanent, the recipient — the address has bounced; any other 5xx: permanent, the message;
 * - 4xx, at any stage: temporary (the server answered that it did not take the message);
 * - no reply at all (dropped connection, timeout): unknown when the whole message had been
 *   handed to the server (`handedOver`: after DATA), else temporary.
 */
export function smtpOutcome(err: unknown, handedOver: boolean): Exclude<SendOutcome, { kind: 'sent' }> {
  const e = (err ?? {}) as SmtpError;
  const code = e.responseCode;
  const text = (e.response || e.message || String(err)).slice(0, 500);
  if (e.code === 'EAUTH' || code === 535 || code === 534 || code === 530)
    return {
      kind: 'permanent',
      scope: 'account',
      reason: `SMTP authentication failed: ${text}`,
      code: code ?? e.code,
    };
  if (typeof code === 'number' && code >= 500) {
    const bounced = /\b5\.1\.\d{1,3}\b/.test(text);
    return {
      kind: 'permanent',
      scope: bounced ? 'recipient' : 'message',
      reason: `SMTP ${code}: ${text}`,
      code,
      ...(bounced ? { recipientProblem: 'email_bounced' as const } : {}),
    };
  }
  if (typeof code === 'number' && code >= 400)
    return { kind: 'temporary', reason: `SMTP ${code}: ${text}`, code };
  const what = `SMTP connection error${e.code ? ` ${e.code}` : ''}: ${text}`;
  if (handedOver)
    return {
      kind: 'unknown',
      reason: `${what} (after the message was sent, before the reply)`,
      code: e.code,
    };
  return { kind: 'temporary', reason: what, code: e.code };
}

/**
 * The Message-ID of an outbox message: derived from its id and the sender's domain, the same on
 * every attempt, so a receiver can tell a resend from a second message.
 */
export function messageIdFor(outboxId: string | number, from: string | { address: string }): string {
  const address = typeof from === 'string' ? (/<([^>]+)>/.exec(from)?.[1] ?? from) : from.address;
  const domain = address.includes('@') ? address.slice(address.lastIndexOf('@') + 1).trim() : 'localhost';
  return `<touchbase.outbox.${outboxId}@${domain || 'localhost'}>`;
}
