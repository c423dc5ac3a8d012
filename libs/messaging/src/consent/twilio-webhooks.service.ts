import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { Clock, escapeHtml } from '@touchbase/core';
import {
  Customer,
  EarlyStatus,
  forUpdate,
  numOrNull,
  recordWebhookReceipt,
  rows,
  SettingsService,
} from '@touchbase/store';
import { twilioSdk } from '../channels/twilio-sdk';
import { OptOutService } from './opt-out.service';
import { FORWARD_FROM, moveForward } from './status-news';
import { CustomerReplies } from '../replies/customer-replies.service';

export const STOP_WORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'];
export const START_WORDS = ['START', 'UNSTOP'];
export const HELP_WORDS = ['HELP'];

export type InboundKeyword = 'stop' | 'start' | 'help' | null;

/** STOP/START/HELP keywords: the whole message, case and surrounding spaces ignored. */
export function inboundKeyword(body: string): InboundKeyword {
  const word = (body ?? '').trim().toUpperCase();
  if (STOP_WORDS.includes(word)) return 'stop';
  if (START_WORDS.includes(word)) return 'start';
  if (HELP_WORDS.includes(word)) return 'help';
  return null;
}

const HELP_TEXT: Record<string, string> = {
  en: '{name}: personal messages about your orders and occasions. Reply STOP to opt out, START to opt back in.',
  de: '{name}: persönliche Nachrichten zu Ihren Bestellungen und Anlässen. Antworten Sie STOP zum Abmelden, START zum erneuten Anmelden.',
  pl: '{name}: osobiste wiadomości o Twoich zamówieniach i okazjach. Odpowiedz STOP, aby zrezygnować, START, aby wznowić.',
};

/**
 * Twilio's webhooks: delivery status callbacks and inbound SMS. The controller verifies the
 * signature; this service makes the change once per event (webhook_events primary key, written
 * in the same transaction as the change).
 */
@Injectable()
export class TwilioWebhookService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly optOut: OptOutService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ownerSettings: SettingsService,
    private readonly replies: CustomerReplies,
  ) {}

  /** X-Twilio-Signature over PUBLIC_BASE_URL + path (+ query) and the POST parameters. */
  verify(signature: string | undefined, pathAndQuery: string, params: Record<string, unknown>): boolean {
    if (!this.config.twilio || !signature) return false;
    const url = `${this.ownerSettings.get().publicBaseUrl}${pathAndQuery}`;
    return twilioSdk().validateRequest(
      this.config.twilio.authToken,
      signature,
      url,
      params as Record<string, string>,
    );
  }

  /**
   * Returns false when this (MessageSid, status) was already processed. News for a SID that is
   * not recorded yet is kept and applied when the send is recorded (`outboxId` from the
   * callback URL matches it even before the SID is known): see docs/delivery-guarantees.md.
   */
  async status(params: Record<string, string>, outboxId: number | null = null): Promise<boolean> {
    const sid = params.MessageSid ?? params.SmsSid;
    const status = (params.MessageStatus ?? params.SmsStatus ?? '').toLowerCase();
    if (!sid || !status) return false;
    const now = this.clock.now();
    const news = { status, errorCode: params.ErrorCode ?? null };
    return this.ds.transaction(async (em) => {
      if (!(await this.firstTime(em, `status:${sid}:${status}`, now))) return false;
      if (!FORWARD_FROM[status]) return true; // queued/sending/accepted: nothing to move
      const message = await this.recorded(em, sid, outboxId);
      if (message) await moveForward(em, message, news, now);
      else
        await em.insert(EarlyStatus, {
          providerId: sid.slice(0, 200),
          outboxId,
          status,
          errorCode: news.errorCode?.slice(0, 20) ?? null,
          receivedAt: now,
        });
      return true;
    });
  }

  /**
   * The recorded SMS with this SID, or null. With the outbox id, its row is locked first
   * (PostgreSQL), so a dispatcher recording the send at this moment either committed before
   * (and we see the SID) or waits and then finds the news we keep.
   */
  private async recorded(em: EntityManager, sid: string, outboxId: number | null) {
    if (outboxId != null)
      await rows(em, `SELECT id FROM outbox_messages WHERE id = ?${forUpdate(em)}`, [outboxId]);
    const [found] = await rows<{ id: number | string; customer_id: number | string | null }>(
      em,
      "SELECT id, customer_id FROM outbox_messages WHERE provider_id = ? AND channel = 'sms'",
      [sid],
    );
    if (!found) return null;
    return { id: Number(found.id), customerId: numOrNull(found.customer_id) };
  }

  /** Handles an inbound SMS; returns the TwiML to answer with. */
  async inbound(params: Record<string, string>): Promise<string> {
    const sid = params.MessageSid ?? params.SmsSid;
    const from = params.From ?? '';
    const body = params.Body ?? '';
    const now = this.clock.now();
    const keyword = inboundKeyword(body);
    if (keyword === 'help') return twiml(await this.helpText(from));
    // the event id and its effect commit together: a retry after a failure is processed again
    await this.ds.transaction(async (em) => {
      if (sid && !(await this.firstTime(em, `inbound:${sid}`, now))) return;
      if (keyword === 'stop') await this.optOut.smsOptOut(from, `sms-${body.trim().toLowerCase()}`, em);
      else if (keyword === 'start') await this.optOut.smsOptIn(from, `sms-${body.trim().toLowerCase()}`, em);
      else {
        // a reply reaches a person: on the timeline, and a reply task (the one path for SMS and email)
        const customers = from ? await em.findBy(Customer, { phone: from }) : [];
        await this.replies.record(em, { channel: 'sms', customers, text: body }, now);
      }
    });
    return twiml();
  }

  private async helpText(from: string): Promise<string> {
    const c = from ? await this.ds.getRepository(Customer).findOneBy({ phone: from }) : null;
    const locale = c?.locale ?? this.ownerSettings.get().defaultLocale;
    return (HELP_TEXT[locale] ?? HELP_TEXT.en).replace('{name}', this.ownerSettings.get().businessName);
  }

  /** Records the event; false when it was there already (the one receipts mechanism in @touchbase/store). */
  private firstTime(em: EntityManager, eventId: string, now: Date): Promise<boolean> {
    return recordWebhookReceipt(em, 'twilio', eventId, now);
  }
}

function twiml(message?: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Response>${message ? `<Message>${escapeHtml(message)}</Message>` : ''}</Response>`;
}
