import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import twilio from 'twilio';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { Clock } from '@touchbase/core';
import { ContactEvent, Customer, OutboxMessage, recordWebhookReceipt } from '@touchbase/store';
import { OptOutService } from './opt-out.service';

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

/** Where a status may come from: statuses only move forward; delivered/undelivered/failed are final. */
const FORWARD_FROM: Record<string, string[]> = {
  sent: ['queued', 'sending'],
  delivered: ['queued', 'sending', 'sent'],
  undelivered: ['queued', 'sending', 'sent'],
  failed: ['queued', 'sending', 'sent'],
};

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
  ) {}

  /** X-Twilio-Signature over PUBLIC_BASE_URL + path (+ query) and the POST parameters. */
  verify(signature: string | undefined, pathAndQuery: string, params: Record<string, unknown>): boolean {
    if (!this.config.twilio || !signature) return false;
    const url = `${this.config.http.publicBaseUrl}${pathAndQuery}`;
    return twilio.validateRequest(
      this.config.twilio.authToken,
      signature,
      url,
      params as Record<string, string>,
    );
  }

  /** Returns false when this (MessageSid, status) was already processed. */
  async status(params: Record<string, string>): Promise<boolean> {
    const sid = params.MessageSid ?? params.SmsSid;
    const status = (params.MessageStatus ?? params.SmsStatus ?? '').toLowerCase();
    if (!sid || !status) return false;
    const now = this.clock.now();
    return this.ds.transaction(async (em) => {
      if (!(await this.firstTime(em, `status:${sid}:${status}`, now))) return false;
      const from = FORWARD_FROM[status];
      if (!from) return true; // queued/sending/accepted: nothing to move
      const set: Partial<OutboxMessage> = { status };
      if (status === 'delivered') set.deliveredAt = now;
      if (status === 'undelivered' || status === 'failed')
        set.lastError = `Twilio ${status}${params.ErrorCode ? ` (error ${params.ErrorCode})` : ''}`;
      const moved = await em.update(
        OutboxMessage,
        { providerId: sid, channel: 'sms', status: In(from) },
        set,
      );
      if (params.ErrorCode === '21610' && (moved.affected ?? 1) > 0) {
        // the carrier says the number has opted out (STOP to our sender): respect it here too
        const m = await em.findOneBy(OutboxMessage, { providerId: sid });
        if (m?.customerId != null)
          await em.update(
            Customer,
            { id: m.customerId, smsConsent: true },
            { smsConsent: false, smsConsentAt: now, smsConsentSource: 'twilio-21610', updatedAt: now },
          );
      }
      return true;
    });
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
        const customers = from ? await em.findBy(Customer, { phone: from }) : [];
        if (customers.length)
          await em.insert(
            ContactEvent,
            customers.map((c) => ({
              customerId: c.id,
              occurredAt: now,
              direction: 'in' as const,
              kind: 'reply',
              summary: body.slice(0, 1000),
            })),
          );
      }
    });
    return twiml();
  }

  private async helpText(from: string): Promise<string> {
    const c = from ? await this.ds.getRepository(Customer).findOneBy({ phone: from }) : null;
    const locale = c?.locale ?? this.config.business.defaultLocale;
    return (HELP_TEXT[locale] ?? HELP_TEXT.en).replace('{name}', this.config.business.name);
  }

  /** Records the event; false when it was there already (the one receipts mechanism in @touchbase/store). */
  private firstTime(em: EntityManager, eventId: string, now: Date): Promise<boolean> {
    return recordWebhookReceipt(em, 'twilio', eventId, now);
  }
}

function twiml(message?: string): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<?xml version="1.0" encoding="UTF-8"?><Response>${message ? `<Message>${esc(message)}</Message>` : ''}</Response>`;
}
