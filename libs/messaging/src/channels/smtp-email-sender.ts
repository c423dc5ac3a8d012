import { PassThrough, Readable } from 'node:stream';
import type * as Nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { EmailSender, OutgoingEmail, SendOutcome } from '@touchbase/core';
import type { AppConfig } from '@touchbase/config';
import { messageIdFor, smtpOutcome } from './smtp-outcome';
import { smtpTransportOptions } from './smtp-transport-options';

/**
 * Email through SMTP with a pooled nodemailer transport (smtp-transport-options.ts: connections
 * kept warm, Nagle off, timeouts inside the lease). Every failure becomes an outcome (smtp-outcome.ts); to tell "refused" from "may have
 * arrived", the adapter notes when a message's body has been read to its end by the connection,
 * which happens only after the server answered DATA with 354.
 */
export class SmtpEmailSender extends EmailSender {
  private readonly transport: Transporter;
  /** Sends in flight by Message-ID: has the whole body been handed to the server (after DATA)? */
  private readonly inFlight = new Map<string, { handedOver: boolean }>();

  constructor(private readonly smtp: NonNullable<AppConfig['smtp']>) {
    super();
    // loaded here, not at import: an engine that writes the file outbox never needs it
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const nodemailer = require('nodemailer') as typeof Nodemailer;
    this.transport = nodemailer.createTransport(smtpTransportOptions(smtp));
    this.transport.use('stream', (mail, done) => {
      const state = this.inFlight.get(String(mail.data.messageId ?? ''));
      mail.message.processFunc((input: Readable) => {
        const out = new PassThrough();
        input.on('error', (e) => out.emit('error', e));
        // 'end' fires once the connection has read the last byte, i.e. after 354
        out.once('end', () => {
          if (state) state.handedOver = true;
        });
        // the message as one chunk: nodemailer's encoder emits it in many small pieces, each a
        // socket write (a system call) once Nagle is off
        const chunks: Buffer[] = [];
        input.on('data', (c: Buffer) => chunks.push(c));
        input.on('end', () => out.end(Buffer.concat(chunks)));
        return out;
      });
      done();
    });
  }

  async send(email: OutgoingEmail): Promise<SendOutcome> {
    const messageId = messageIdFor(email.messageId ?? 'unknown', this.smtp.from);
    const state = { handedOver: false };
    this.inFlight.set(messageId, state);
    try {
      const info = await this.transport.sendMail({
        from: email.from ?? this.smtp.from,
        replyTo: email.replyTo,
        to: email.to,
        subject: email.subject,
        html: email.html,
        text: email.text,
        headers: email.headers,
        messageId,
        // our languages are mostly Latin letters: quoted-printable is what nodemailer would pick,
        // without scanning every part's text twice with a regular expression per message
        textEncoding: 'quoted-printable',
      });
      if (info.rejected?.length)
        return smtpOutcome({ responseCode: 550, response: `rejected ${info.rejected.join(', ')}` }, false);
      return { kind: 'sent', providerId: info.messageId || messageId };
    } catch (e) {
      // let the stream's 'end' (if it is coming) run first
      await new Promise((r) => setImmediate(r));
      return smtpOutcome(e, state.handedOver);
    } finally {
      this.inFlight.delete(messageId);
    }
  }

  override async close(): Promise<void> {
    this.transport.close();
  }
}
