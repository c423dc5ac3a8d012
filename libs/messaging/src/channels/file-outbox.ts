import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import { EmailSender, OutgoingEmail, OutgoingSms, SendResult, SmsSender } from '@touchbase/core';

function fileName(messageId: string | number | undefined, ext: string): string {
  return `${messageId ?? 'message'}-${randomBytes(4).toString('hex')}.${ext}`;
}

/** The embedded default for email: each message becomes an .eml file under <outboxDir>/email. */
export class FileEmailSender extends EmailSender {
  constructor(
    private readonly dir: string,
    private readonly from: string | { name: string; address: string },
  ) {
    super();
  }

  async send(email: OutgoingEmail): Promise<SendResult> {
    const raw = await new MailComposer({
      from: this.from,
      to: email.to,
      subject: email.subject,
      html: email.html,
      text: email.text,
      headers: email.headers,
    })
      .compile()
      .build();
    await fs.mkdir(this.dir, { recursive: true });
    const name = fileName(email.messageId, 'eml');
    await fs.writeFile(path.join(this.dir, name), raw);
    return { providerId: `file:${name}` };
  }
}

/** The embedded default for SMS: each message becomes a JSON file under <outboxDir>/sms. */
export class FileSmsSender extends SmsSender {
  constructor(
    private readonly dir: string,
    private readonly from: string,
  ) {
    super();
  }

  async send(sms: OutgoingSms): Promise<SendResult> {
    await fs.mkdir(this.dir, { recursive: true });
    const name = fileName(sms.messageId, 'json');
    const body = {
      from: this.from,
      to: sms.to,
      body: sms.body,
      statusCallback: sms.statusCallbackUrl ?? null,
      messageId: sms.messageId ?? null,
    };
    await fs.writeFile(path.join(this.dir, name), JSON.stringify(body, null, 2) + '\n');
    return { providerId: `file:${name}` };
  }
}
