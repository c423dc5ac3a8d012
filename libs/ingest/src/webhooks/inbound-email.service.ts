import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { CustomerReplies } from '@touchbase/messaging';
import { Customer } from '@touchbase/store';
import { normalizeEmail } from '../normalize/fields';
import { InboundEmail, parseInboundEmail } from './inbound-email.parse';
import { isAutoReply, replyText, textOfHtml } from './reply-text';
import { WebhookReceiver } from './webhook-receiver.service';

/** The longest reply text kept (the timeline's and the task's quote). */
const MAX_TEXT = 4000;
/** Our outbox's Message-IDs (messageIdFor in @touchbase/messaging): `<touchbase.outbox.<id>@domain>`. */
const OUTBOX_MESSAGE_ID = /touchbase\.outbox\.(\d{1,15})@/i;

export type InboundEmailStatus = 'recorded' | 'auto_reply' | 'unknown_sender' | 'duplicate';

export interface InboundEmailResult {
  status: InboundEmailStatus;
  /** Customers whose timeline got the message. */
  customers: number;
  /** Reply tasks made (0 for an automatic answer or a duplicate). */
  tasks: number;
}

/** Where a provider may put the token: a header, Bearer, Basic auth's password, or `?token=`. */
export interface InboundEmailCredentials {
  token?: string;
  authorization?: string;
  queryToken?: string;
}

/**
 * The inbound email webhook (docs/delivery.md#inbound-email): a customer's answer to the
 * Reply-To address, posted by the mail provider's inbound parse. The token is checked before
 * the body is read (see the engine's inbound-email body guard); the message is matched to
 * customers by the sender's address, stripped of its quote, and recorded once per Message-ID
 * through the one reply path (CustomerReplies): timeline, and a reply task for a real answer.
 */
@Injectable()
export class InboundEmailService {
  private readonly log = new Logger('InboundEmail');

  constructor(
    private readonly receiver: WebhookReceiver,
    private readonly replies: CustomerReplies,
  ) {}

  /** True when the request carries the inbound email token (or, during an overlap, the previous one). */
  async authorized(c: InboundEmailCredentials): Promise<boolean> {
    return this.receiver.verify('email', tokenOf(c), (secret) => secret);
  }

  /** Records one posted email (the body as received, its Content-Type). */
  async receive(raw: Buffer, contentType: string): Promise<InboundEmailResult> {
    return this.record(await parseInboundEmail(raw, contentType), raw);
  }

  /** Records one parsed email; `raw` names a delivery without a Message-ID (its hash). */
  async record(mail: InboundEmail, raw: Buffer): Promise<InboundEmailResult> {
    const deliveryId = mail.messageId
      ? `mid:${mail.messageId.trim().toLowerCase()}`
      : `sha256:${createHash('sha256').update(raw).digest('hex')}`;
    const email = senderAddress(mail.from);
    const auto = isAutoReply(mail.headers, mail.subject);
    const text = replyText(mail.text.trim() ? mail.text : textOfHtml(mail.html)).slice(0, MAX_TEXT);
    const answers = mail.inReplyTo
      .map((id) => OUTBOX_MESSAGE_ID.exec(id)?.[1])
      .filter((id): id is string => !!id)
      .map(Number);
    const delivery = await this.receiver.once('email', deliveryId, async (m, now) => {
      const customers = email ? await m.findBy(Customer, { email }) : [];
      if (!customers.length) return { status: 'unknown_sender' as const, customers: 0, tasks: 0 };
      const done = await this.replies.record(
        m,
        { channel: 'email', customers, text, subject: mail.subject, answersOutboxIds: answers, auto },
        now,
      );
      return {
        status: auto ? ('auto_reply' as const) : ('recorded' as const),
        customers: done.events,
        tasks: done.tasks,
      };
    });
    if (delivery.duplicate) return { status: 'duplicate', customers: 0, tasks: 0 };
    // the domain only: an address is personal data (docs/security.md#webhooks)
    if (delivery.result.status === 'unknown_sender')
      this.log.warn(
        `inbound email from an unknown sender (…@${domainOf(mail.from)}): no customer has this address; recorded as seen, nothing else`,
      );
    return delivery.result;
  }
}

/** The sender's address through the one email normalizer, or null when it is not an address. */
function senderAddress(from: string): string | null {
  try {
    return normalizeEmail(from);
  } catch {
    return null;
  }
}

function domainOf(from: string): string {
  const at = from.lastIndexOf('@');
  return at >= 0
    ? from
        .slice(at + 1)
        .replace(/[^\w.-]/g, '')
        .slice(0, 100)
    : '?';
}

function tokenOf(c: InboundEmailCredentials): string | undefined {
  if (c.token?.trim()) return c.token.trim();
  const auth = c.authorization?.trim() ?? '';
  const bearer = /^Bearer\s+(.+)$/i.exec(auth)?.[1];
  if (bearer) return bearer.trim();
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(auth)?.[1];
  if (basic) {
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    return decoded.slice(decoded.indexOf(':') + 1);
  }
  return c.queryToken?.trim() || undefined;
}
