import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type MailComposerClass from 'nodemailer/lib/mail-composer';
import {
  lazy,
  EmailSender,
  OutgoingEmail,
  OutgoingSms,
  SendOutcome,
  SentSmsQuery,
  SmsSender,
} from '@touchbase/core';
import { messageIdFor } from './smtp-outcome';

/**
 * The file name of an outbox message: its outbox id, so a resend rewrites the same file and
 * erasing a customer finds the files of their messages (see docs/delivery-guarantees.md).
 */
export function outboxFileName(messageId: string | number | undefined, ext: 'eml' | 'json'): string {
  return `${messageId ?? 'message'}.${ext}`;
}

/** Writes the file whole or not at all (a temporary file renamed into place). */
async function writeWhole(dir: string, name: string, data: string | Buffer): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.${name}.${process.pid}.tmp`);
  await fs.writeFile(tmp, data);
  await fs.rename(tmp, path.join(dir, name));
}

/**
 * nodemailer's composer, loaded with the first email, not at start-up
 * (docs/benchmarks.md#npm-run-benchcli-start-up-and-memory).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const mailComposer = lazy(() => require('nodemailer/lib/mail-composer') as typeof MailComposerClass);

function failed(e: unknown): SendOutcome {
  return { kind: 'temporary', reason: `outbox file: ${e instanceof Error ? e.message : String(e)}` };
}

/** The embedded default for email: each message becomes <outboxDir>/email/<outbox id>.eml. */
export class FileEmailSender extends EmailSender {
  constructor(
    private readonly dir: string,
    private readonly from: string | { name: string; address: string },
  ) {
    super();
  }

  async send(email: OutgoingEmail): Promise<SendOutcome> {
    try {
      const messageId = messageIdFor(email.messageId ?? 'message', this.from);
      const raw = await new (mailComposer())({
        from: email.from ?? this.from,
        replyTo: email.replyTo,
        to: email.to,
        subject: email.subject,
        html: email.html,
        text: email.text,
        headers: email.headers,
        messageId,
      })
        .compile()
        .build();
      const name = outboxFileName(email.messageId, 'eml');
      await writeWhole(this.dir, name, raw);
      return { kind: 'sent', providerId: `file:${name}` };
    } catch (e) {
      return failed(e);
    }
  }
}

/** The embedded default for SMS: each message becomes <outboxDir>/sms/<outbox id>.json. */
export class FileSmsSender extends SmsSender {
  constructor(
    private readonly dir: string,
    private readonly from: string,
  ) {
    super();
  }

  async send(sms: OutgoingSms): Promise<SendOutcome> {
    try {
      const name = outboxFileName(sms.messageId, 'json');
      const body = {
        from: this.from,
        to: sms.to,
        body: sms.body,
        statusCallback: sms.statusCallbackUrl ?? null,
        messageId: sms.messageId ?? null,
      };
      await writeWhole(this.dir, name, JSON.stringify(body, null, 2) + '\n');
      return { kind: 'sent', providerId: `file:${name}` };
    } catch (e) {
      return failed(e);
    }
  }

  async findSent(q: SentSmsQuery): Promise<string | null> {
    const name = outboxFileName(q.messageId, 'json');
    const exists = await fs.stat(path.join(this.dir, name)).then(
      () => true,
      () => false,
    );
    return exists ? `file:${name}` : null;
  }
}
