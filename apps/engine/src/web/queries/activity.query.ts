import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ChannelState } from '@touchbase/messaging';
import { inList, num, numOrNull, rows } from '@touchbase/store';
import {
  ACTIVITY_SECTIONS,
  ActivityFilter,
  ActivitySection,
  customerSearch,
  SECTION_NAMES,
  SUMMARY_ROWS,
  Where,
} from './activity-filter';

export interface ActivityRow {
  id: number;
  customerId: number | null;
  customerName: string;
  channel: string | null;
  status: string;
  at: Date | null;
  subject: string;
  reason: string;
  attempts?: number;
  ruleId: number | null;
  ruleName: string;
}

export interface ActivitySectionPage {
  rows: ActivityRow[];
  total: number;
  offset: number;
  limit: number;
}

export interface ActivityPage {
  filter: ActivityFilter;
  /** Every section when none is chosen (the first rows of each), else only the chosen one. */
  sections: Partial<Record<ActivitySection, ActivitySectionPage>>;
  counts: Record<ActivitySection, number>;
  pausedChannels: Array<{ channel: string; reason: string }>;
}

/**
 * Per section: the table it reads, the instant it shows, sorts by and filters on (`at`), and
 * the order. Messages sort newest first except the queue (next due first).
 */
const SOURCES: Record<ActivitySection, { at: string; order: 'ASC' | 'DESC'; ledger: boolean }> = {
  failed: { at: 'COALESCE(m.sent_at, m.created_at)', order: 'DESC', ledger: false },
  queued: { at: 'm.next_attempt_at', order: 'ASC', ledger: false },
  sent: { at: 'COALESCE(m.delivered_at, m.sent_at, m.created_at)', order: 'DESC', ledger: false },
  missed: { at: 't.due_at', order: 'DESC', ledger: true },
};

const MESSAGE_FROM = `FROM outbox_messages m
  LEFT JOIN customers c ON c.id = m.customer_id
  LEFT JOIN touches t ON t.id = m.touch_id
  LEFT JOIN rules r ON r.id = t.rule_id`;
const LEDGER_FROM = `FROM touches t
  JOIN customers c ON c.id = t.customer_id
  LEFT JOIN rules r ON r.id = t.rule_id`;

/**
 * The Activity page's read model (and GET /api/activity): what went out, what is queued, what
 * failed (and why), what was missed or skipped (from the ledger), filtered by rule, channel,
 * status, local days and a customer search, paged by offset. One COUNT and one page query per
 * section, set-based; paused channels come from the messaging area's ChannelState.
 */
@Injectable()
export class ActivityQuery {
  constructor(
    private readonly ds: DataSource,
    private readonly channels: ChannelState,
  ) {}

  async page(filter: ActivityFilter): Promise<ActivityPage> {
    const shown = filter.section ? [filter.section] : SECTION_NAMES;
    const counts = {} as Record<ActivitySection, number>;
    const sections: ActivityPage['sections'] = {};
    // one after the other: a SQLite file serves one statement at a time anyway
    for (const s of SECTION_NAMES) {
      const where = this.where(s, filter);
      counts[s] = where ? await this.count(s, where) : 0;
      if (!shown.includes(s)) continue;
      const offset = filter.section ? filter.offset : 0;
      const limit = filter.section ? filter.limit : SUMMARY_ROWS;
      sections[s] = {
        rows: where && counts[s] > offset ? await this.rows(s, where, offset, limit) : [],
        total: counts[s],
        offset,
        limit,
      };
    }
    const paused = await this.channels.all();
    return {
      filter,
      sections,
      counts,
      pausedChannels: paused
        .filter((c) => c.paused)
        .map((c) => ({ channel: c.channel, reason: c.reason ?? '' })),
    };
  }

  /** The rules to filter by, by name. */
  async ruleChoices(): Promise<Array<{ id: number; name: string }>> {
    const found = await rows<{ id: unknown; name: string }>(
      this.ds,
      'SELECT id, name FROM rules ORDER BY name, id',
    );
    return found.map((r) => ({ id: Number(r.id), name: r.name }));
  }

  /** One failed message as the page shows it (the row that swaps in after a retry). */
  async message(id: number): Promise<ActivityRow | null> {
    const found = await this.rows('failed', { sql: ['m.id = ?'], params: [id] }, 0, 1);
    return found[0] ?? null;
  }

  /** The section's WHERE, or null when the filter rules the section out (its count is 0). */
  private where(s: ActivitySection, f: ActivityFilter): Where | null {
    const src = SOURCES[s];
    const statuses = (ACTIVITY_SECTIONS[s] as readonly string[]).filter((x) => !f.status || x === f.status);
    if (!statuses.length) return null;
    if (f.channel === 'task' && !src.ledger) return null;
    const w: Where = { sql: [], params: [] };
    const table = src.ledger ? 't' : 'm';
    w.sql.push(`${table}.status IN (${inList(statuses)})`);
    w.params.push(...statuses);
    if (f.channel) {
      w.sql.push(`${table}.channel = ?`);
      w.params.push(f.channel);
    }
    if (f.ruleId) {
      w.sql.push('t.rule_id = ?');
      w.params.push(f.ruleId);
    }
    if (f.fromMs != null) {
      w.sql.push(`${src.at} >= ?`);
      w.params.push(f.fromMs);
    }
    if (f.toMs != null) {
      w.sql.push(`${src.at} < ?`);
      w.params.push(f.toMs);
    }
    customerSearch(w, 'c', f.q, src.ledger ? [] : ['m.recipient']);
    return w;
  }

  private async count(s: ActivitySection, w: Where): Promise<number> {
    const from = SOURCES[s].ledger ? LEDGER_FROM : MESSAGE_FROM;
    const [r] = await rows<{ n: unknown }>(
      this.ds,
      `SELECT COUNT(*) AS n ${from} WHERE ${w.sql.join(' AND ')}`,
      w.params,
    );
    return num(r?.n);
  }

  private async rows(s: ActivitySection, w: Where, offset: number, limit: number): Promise<ActivityRow[]> {
    const src = SOURCES[s];
    const at = src.at;
    const sql = src.ledger
      ? `SELECT t.id, t.customer_id, t.channel, t.status, ${at} AS at, t.occasion_key AS subject,
                t.reason, NULL AS attempts, NULL AS recipient, c.first_name, c.last_name, t.rule_id, r.name AS rule_name
         ${LEDGER_FROM}`
      : `SELECT m.id, m.customer_id, m.channel, m.status, ${at} AS at,
                COALESCE(NULLIF(m.subject, ''), SUBSTR(m.text, 1, 80)) AS subject, COALESCE(m.last_error, '') AS reason,
                m.attempts, m.recipient, c.first_name, c.last_name, t.rule_id, r.name AS rule_name
         ${MESSAGE_FROM}`;
    const id = src.ledger ? 't.id' : 'm.id';
    const found = await rows<Record<string, unknown>>(
      this.ds,
      `${sql} WHERE ${w.sql.join(' AND ')} ORDER BY ${at} ${src.order}, ${id} ${src.order} LIMIT ? OFFSET ?`,
      [...w.params, limit, offset],
    );
    return found.map((r) => {
      const customerId = numOrNull(r.customer_id);
      const name = `${String(r.first_name ?? '')} ${String(r.last_name ?? '')}`.trim();
      const ruleId = numOrNull(r.rule_id);
      return {
        id: Number(r.id),
        customerId,
        customerName: name || (customerId ? `#${customerId}` : String(r.recipient ?? '')),
        channel: (r.channel as string | null) ?? null,
        status: String(r.status),
        at: r.at == null ? null : new Date(Number(r.at)),
        subject: String(r.subject ?? ''),
        reason: String(r.reason ?? ''),
        attempts: r.attempts == null ? undefined : Number(r.attempts),
        ruleId,
        ruleName: ruleId ? String(r.rule_name ?? `#${ruleId}`) : '',
      };
    });
  }
}
