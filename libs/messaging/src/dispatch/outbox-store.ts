import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { RecipientProblem } from '@touchbase/core';
import {
  bool,
  ContactEvent,
  inList,
  isPostgres,
  markEmailBounced,
  markPhoneProblem,
  noteTouchReason,
  OutboxMessage,
  rows,
  skipLocked,
  tableRows,
  touchesFollowMessages,
} from '@touchbase/store';
import { messageScope } from '@touchbase/core';
import { applyEarlyNews, carrierOptOut } from '../consent/status-news';
import { ConsentView } from './send-check';
import { recordSentPg } from './sent-outcomes-pg';

export type { ConsentView } from './send-check';

export type Outcome =
  | { kind: 'sent'; msg: OutboxMessage; providerId: string }
  | { kind: 'retry'; msg: OutboxMessage; error: string; at: Date }
  | { kind: 'failed'; msg: OutboxMessage; error: string; customerEffect?: RecipientProblem }
  /** The provider may have accepted it: queued again at `at`, to look first (SMS) or resend once (email). */
  | { kind: 'unknown'; msg: OutboxMessage; error: string; at: Date }
  /** The outcome is unknown and it may not be resent: kept for the owner's review. */
  | { kind: 'held'; msg: OutboxMessage; error: string }
  | { kind: 'cancelled'; msg: OutboxMessage; reason: string }
  /** Quiet hours: back to queued at the next allowed instant; the attempt is not counted. */
  | { kind: 'deferred'; msg: OutboxMessage; at: Date; reason: string }
  /** Configuration error: the channel is paused; back to queued, the attempt is not counted. */
  | { kind: 'released'; msg: OutboxMessage; error: string };

/**
 * The outbox table as the dispatcher sees it: claim due rows under a lease, write outcomes.
 * PostgreSQL: `FOR UPDATE SKIP LOCKED` so several dispatchers share the work; SQLite: the single
 * UPDATE … RETURNING is atomic (one writer). A row whose lease expired (worker died between claim
 * and send) is due again, and its outcome is unknown: the claim records that (unknown_since,
 * unknown_count). Claiming counts the attempt; quiet-hour and configuration releases give it back.
 */
@Injectable()
export class OutboxStore {
  constructor(private readonly ds: DataSource) {}

  /** How many outcome writes may run at once: 2 on PostgreSQL (pooled connections), 1 on SQLite (one writer). */
  get parallelWrites(): number {
    return isPostgres(this.ds) ? 2 : 1;
  }

  async claim(
    now: Date,
    limit: number,
    owner: string,
    leaseMs: number,
    excludeChannels: string[],
  ): Promise<OutboxMessage[]> {
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return '?';
    };
    // placeholders are made in the order they appear in the SQL (`?` are positional)
    const t = now.getTime();
    const takeover = `status = 'sending'`; // the SET's right-hand sides read the row as it was
    const setPart =
      `status = 'sending', lease_owner = ${p(owner)}, lease_until = ${p(t + leaseMs)}, attempts = attempts + 1, ` +
      `unknown_since = CASE WHEN ${takeover} THEN COALESCE(unknown_since, attempt_started_at, ${p(t)}) ELSE unknown_since END, ` +
      `unknown_count = unknown_count + CASE WHEN ${takeover} THEN 1 ELSE 0 END, attempt_started_at = ${p(t)}`;
    // the leading IN lets both databases use ix_outbox_status_next and never scan sent rows
    const due = `status IN ('queued', 'sending') AND ((status = 'queued' AND next_attempt_at <= ${p(t)}) OR (status = 'sending' AND lease_until <= ${p(t)}))`;
    const skip = excludeChannels.length
      ? ` AND channel NOT IN (${excludeChannels.map((c) => p(c)).join(', ')})`
      : '';
    const sql =
      `UPDATE outbox_messages SET ${setPart} WHERE id IN (` +
      `SELECT id FROM outbox_messages WHERE ${due}${skip} ORDER BY next_attempt_at, id LIMIT ${p(limit)}${skipLocked(this.ds)}` +
      `) RETURNING id`;
    const claimed = await rows<{ id: number | string }>(this.ds, sql, params);
    if (!claimed.length) return [];
    const ids = claimed.map((r) => Number(r.id));
    // whole rows by primary key without TypeORM's query builder and hydration (tableRows)
    const messages = await tableRows(this.ds.manager, OutboxMessage).whereIn('id', ids);
    return messages.sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || a.id - b.id);
  }

  /** What the pre-send check needs of the batch's customers (one narrow query, no entity hydration). */
  async customers(ids: number[]): Promise<ConsentView[]> {
    const unique = [...new Set(ids)];
    if (!unique.length) return [];
    const found = await rows(
      this.ds,
      `SELECT id, email, email_bounced_at, email_consent, sms_consent, email_scope, sms_scope, phone_problem, erased_at, timezone FROM customers WHERE id IN (${inList(unique)})`,
      unique,
    );
    return found.map((r) => ({
      id: Number(r.id),
      email: (r.email as string | null) ?? null,
      emailBouncedAt: r.email_bounced_at == null ? null : new Date(Number(r.email_bounced_at)),
      emailConsent: bool(r.email_consent),
      smsConsent: bool(r.sms_consent),
      emailScope: messageScope(r.email_scope),
      smsScope: messageScope(r.sms_scope),
      phoneProblem: (r.phone_problem as string | null) ?? null,
      erasedAt: r.erased_at == null ? null : new Date(Number(r.erased_at)),
      timezone: (r.timezone as string | null) ?? null,
    }));
  }

  /** The rule kind of each touch (touch id → kind), for the pre-send scope check. */
  async ruleKinds(touchIds: number[]): Promise<Map<number, string>> {
    const unique = [...new Set(touchIds)];
    if (!unique.length) return new Map();
    const found = await rows<{ id: unknown; kind: string }>(
      this.ds,
      `SELECT t.id, r.kind FROM touches t JOIN rules r ON r.id = t.rule_id WHERE t.id IN (${inList(unique)})`,
      unique,
    );
    return new Map(found.map((r) => [Number(r.id), r.kind]));
  }

  /**
   * Writes a batch of outcomes in one transaction; a row whose lease was taken over is left
   * alone. The common case (sent): on PostgreSQL one prepared statement for the whole group
   * (sent-outcomes-pg.ts); on SQLite one set-based UPDATE … RETURNING per 300 rows, the events'
   * INSERT and the touches' UPDATE (in-process statements, microseconds each).
   */
  async apply(outcomes: Outcome[], now: Date, owner: string): Promise<void> {
    if (!outcomes.length) return;
    await this.ds.transaction(async (em) => {
      const sent = outcomes.filter((o): o is Extract<Outcome, { kind: 'sent' }> => o.kind === 'sent');
      const changed: number[] = [];
      if (isPostgres(em)) {
        const messages = sent.map((o) => ({
          id: o.msg.id,
          touchId: o.msg.touchId,
          providerId: o.providerId,
        }));
        const { withNews } = await recordSentPg(em, messages, now, owner);
        await applyEarlyNews(em, withNews, now);
      } else changed.push(...(await this.recordSent(em, sent, now, owner)));
      for (const o of outcomes) {
        if (o.kind === 'sent' || !(await this.update(em, o, now, owner))) continue;
        const m = o.msg;
        changed.push(m.id);
        if ((o.kind === 'cancelled' || o.kind === 'failed' || o.kind === 'held') && m.touchId != null) {
          const reason =
            o.kind === 'cancelled'
              ? `not sent: ${o.reason}`
              : o.kind === 'held'
                ? `${m.channel} held: ${o.error}`
                : `${m.channel} failed: ${o.error}`;
          await noteTouchReason(em, [m.touchId], reason, now);
        }
        if (o.kind === 'failed' && o.customerEffect && m.customerId != null)
          await this.applyCustomerEffect(em, m, m.customerId, o.customerEffect, o.error, now);
      }
      // after the early news, so a touch whose SMS was delivered before it was recorded says so
      if (changed.length) await touchesFollowMessages(em, changed, now);
    });
  }

  /** SQLite: marks the sent messages, applies early news and writes their events; answers the ids updated. */
  private async recordSent(
    em: EntityManager,
    sent: Array<Extract<Outcome, { kind: 'sent' }>>,
    now: Date,
    owner: string,
  ): Promise<number[]> {
    const updated = await this.markSent(em, sent, now, owner);
    const events: Partial<ContactEvent>[] = [];
    for (const o of sent) {
      const m = o.msg;
      if (!updated.has(m.id) || m.customerId == null) continue;
      events.push({
        customerId: m.customerId,
        occurredAt: now,
        direction: 'out',
        kind: m.channel,
        summary: m.channel === 'email' ? m.subject : m.text.slice(0, 200),
        touchId: m.touchId,
        messageId: m.id,
      });
    }
    const recorded = sent.filter((o) => updated.has(o.msg.id) && o.msg.channel === 'sms');
    await applyEarlyNews(
      em,
      recorded.map((o) => ({ id: o.msg.id, customerId: o.msg.customerId, providerId: o.providerId })),
      now,
    );
    for (let i = 0; i < events.length; i += 300) await this.insertEvents(em, events.slice(i, i + 300));
    return [...updated];
  }

  /** One multi-row INSERT for the contact-history events of sent messages. */
  private async insertEvents(em: EntityManager, events: Partial<ContactEvent>[]): Promise<void> {
    const params: unknown[] = [];
    const tuples = events.map((e) => {
      const values = [
        e.customerId,
        e.occurredAt!.getTime(),
        e.direction,
        e.kind,
        e.summary ?? '',
        e.touchId ?? null,
        e.messageId ?? null,
      ];
      params.push(...values);
      return `(${inList(values)})`;
    });
    await rows(
      em,
      `INSERT INTO contact_events (customer_id, occurred_at, direction, kind, summary, touch_id, message_id) VALUES ${tuples.join(', ')}`,
      params,
    );
  }

  /** Marks sent messages (still leased to `owner`) in chunks; returns the ids that were updated. */
  private async markSent(
    em: EntityManager,
    sent: Array<Extract<Outcome, { kind: 'sent' }>>,
    now: Date,
    owner: string,
  ): Promise<Set<number>> {
    const done = new Set<number>();
    for (let i = 0; i < sent.length; i += 300) {
      const chunk = sent.slice(i, i + 300);
      const params: unknown[] = [];
      const p = (v: unknown) => {
        params.push(v);
        return '?';
      };
      const sentAt = p(now.getTime());
      const cases = chunk.map((o) => `WHEN ${p(o.msg.id)} THEN ${p(o.providerId)}`).join(' ');
      const ids = chunk.map((o) => p(o.msg.id)).join(', ');
      const sql =
        `UPDATE outbox_messages SET status = 'sent', sent_at = ${sentAt}, lease_owner = NULL, lease_until = NULL, last_error = NULL, ` +
        `provider_id = CASE id ${cases} END WHERE id IN (${ids}) AND lease_owner = ${p(owner)} AND status = 'sending' RETURNING id`;
      for (const r of await rows<{ id: number | string }>(em, sql, params)) done.add(Number(r.id));
    }
    return done;
  }

  private async update(em: EntityManager, o: Outcome, now: Date, owner: string): Promise<boolean> {
    const m = o.msg;
    const release = { leaseOwner: null, leaseUntil: null };
    let set: Partial<OutboxMessage>;
    switch (o.kind) {
      case 'sent':
        set = { ...release, status: 'sent', providerId: o.providerId, sentAt: now, lastError: null };
        break;
      case 'retry':
        set = { ...release, status: 'queued', nextAttemptAt: o.at, lastError: o.error };
        break;
      case 'failed':
        set = { ...release, status: 'failed', lastError: o.error };
        break;
      case 'unknown':
      case 'held':
        set = {
          ...release,
          status: o.kind === 'held' ? 'held' : 'queued',
          ...(o.kind === 'unknown' ? { nextAttemptAt: o.at } : {}),
          lastError: o.error,
          unknownSince: m.unknownSince ?? m.attemptStartedAt ?? now,
          unknownCount: m.unknownCount + 1,
        };
        break;
      case 'cancelled':
        set = { ...release, status: 'cancelled', lastError: o.reason };
        break;
      case 'deferred':
        set = {
          ...release,
          status: 'queued',
          nextAttemptAt: o.at,
          attempts: Math.max(0, m.attempts - 1),
          lastError: o.reason,
        };
        break;
      case 'released':
        set = { ...release, status: 'queued', attempts: Math.max(0, m.attempts - 1), lastError: o.error };
        break;
    }
    const r = await em.update(OutboxMessage, { id: m.id, leaseOwner: owner, status: 'sending' }, set);
    return (r.affected ?? 1) > 0;
  }

  private async applyCustomerEffect(
    em: EntityManager,
    m: OutboxMessage,
    customerId: number,
    effect: RecipientProblem,
    error: string,
    now: Date,
  ) {
    if (effect === 'sms_opted_out') await carrierOptOut(em, customerId, now);
    else if (effect === 'phone_invalid') await markPhoneProblem(em, customerId, error, now);
    else await markEmailBounced(em, customerId, m.recipient, error, now);
  }
}
