import nodemailer, { Transporter } from 'nodemailer';
import { EmailSender, OutgoingEmail, SendResult } from '@touchbase/core';
import type { AppConfig } from '@touchbase/config';
import { classifySmtpError } from './failure-classes';

/** Email through SMTP with a pooled nodemailer transport (maxMessages: Infinity keeps connections warm). */
export class SmtpEmailSender extends EmailSender {
  private readonly transport: Transporter;

  constructor(private readonly smtp: NonNullable<AppConfig['smtp']>) {
    super();
    // Timeouts well inside the dispatcher's lease, so a hung server fails the attempt (and it
    // is retried) before the lease expires and another instance could send the same message.
    const timeouts = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 };
    const pool = { pool: true as const, maxConnections: smtp.poolSize, maxMessages: Infinity, ...timeouts };
    const auth = smtp.user ? { auth: { user: smtp.user, pass: smtp.pass ?? '' } } : {};
    this.transport = smtp.url
      ? nodemailer.createTransport({ ...pool, url: smtp.url, ...auth } as never)
      : nodemailer.createTransport({
          ...pool,
          host: smtp.host,
          port: smtp.port ?? (smtp.secure ? 465 : 587),
          secure: smtp.secure ?? false,
          ...auth,
        });
  }

  async send(email: OutgoingEmail): Promise<SendResult> {
    try {
      const info = await this.transport.sendMail({
        from: this.smtp.from,
        to: email.to,
        subject: email.subject,
        html: email.html,
        text: email.text,
        headers: email.headers,
      });
      if (info.rejected?.length)
        throw classifySmtpError({ responseCode: 550, response: `rejected ${info.rejected.join(', ')}` });
      return { providerId: info.messageId };
    } catch (e) {
      throw classifySmtpError(e);
    }
  }

  override async close(): Promise<void> {
    this.transport.close();
  }
}
