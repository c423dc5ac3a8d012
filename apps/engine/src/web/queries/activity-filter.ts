import { DateTime } from 'luxon';
import { FieldProblem, MAX_LIST_OFFSET, ValidationFailed } from '@touchbase/core';
import { likePattern } from '@touchbase/ingest';

/** The Activity page's sections and the statuses each one lists (docs/web-ui.md#activity). */
export const ACTIVITY_SECTIONS = {
  failed: ['failed', 'undelivered'],
  queued: ['queued', 'sending'],
  sent: ['sent', 'delivered'],
  missed: ['missed', 'skipped', 'cancelled', 'deferred'],
} as const;

export type ActivitySection = keyof typeof ACTIVITY_SECTIONS;
export const SECTION_NAMES = Object.keys(ACTIVITY_SECTIONS) as ActivitySection[];
export const ACTIVITY_STATUSES: string[] = SECTION_NAMES.flatMap((s) => [...ACTIVITY_SECTIONS[s]]);
export const ACTIVITY_CHANNELS = ['email', 'sms', 'task'] as const;

/** Rows per section on the page without a section chosen; with one chosen, `limit` per page. */
export const SUMMARY_ROWS = 10;
export const DEFAULT_ACTIVITY_LIMIT = 50;
export const MAX_ACTIVITY_LIMIT = 200;

/** What a caller asks for (strings as they come from a URL or the API). */
export interface ActivityQueryInput {
  section?: string;
  rule?: string | number;
  channel?: string;
  status?: string;
  from?: string;
  to?: string;
  q?: string;
  offset?: string | number;
  limit?: string | number;
}

/** The checked filter: instants are the business's local days turned into [from, to). */
export interface ActivityFilter {
  section: ActivitySection | null;
  ruleId: number | null;
  channel: string | null;
  status: string | null;
  fromDay: string | null;
  toDay: string | null;
  fromMs: number | null;
  toMs: number | null;
  q: string;
  offset: number;
  limit: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function intOf(v: string | number | undefined): number | null {
  if (v == null || v === '') return null;
  const n = Number(v);
  return Number.isInteger(n) ? n : NaN;
}

/**
 * Reads the filter from a URL query or an API call; every bad field is named (400). Days are
 * local days in the business time zone: `to` includes its whole day.
 */
export function parseActivityFilter(input: ActivityQueryInput, zone: string): ActivityFilter {
  const problems: FieldProblem[] = [];
  const bad = (field: string, problem: string) => problems.push({ field, problem });
  const str = (v: unknown) => (v == null ? '' : String(v).trim());
  const section = str(input.section);
  if (section && !(SECTION_NAMES as string[]).includes(section))
    bad('section', `must be one of ${SECTION_NAMES.join(', ')}`);
  const rule = intOf(input.rule);
  if (rule != null && (!Number.isInteger(rule) || rule < 1)) bad('rule', 'must be a rule id');
  const channel = str(input.channel);
  if (channel && !(ACTIVITY_CHANNELS as readonly string[]).includes(channel))
    bad('channel', `must be one of ${ACTIVITY_CHANNELS.join(', ')}`);
  const status = str(input.status);
  if (status && !ACTIVITY_STATUSES.includes(status))
    bad('status', `must be one of ${ACTIVITY_STATUSES.join(', ')}`);
  const day = (field: 'from' | 'to'): DateTime | null => {
    const v = str(input[field]);
    if (!v) return null;
    const dt = DAY.test(v) ? DateTime.fromISO(v, { zone }) : null;
    if (!dt?.isValid) {
      bad(field, 'must be a date (YYYY-MM-DD)');
      return null;
    }
    return dt;
  };
  const from = day('from');
  const to = day('to');
  if (from && to && to < from) bad('to', 'must not be before from');
  const offset = intOf(input.offset) ?? 0;
  if (!Number.isInteger(offset) || offset < 0 || offset > MAX_LIST_OFFSET)
    bad('offset', `must be a whole number from 0 to ${MAX_LIST_OFFSET}`);
  const limit = intOf(input.limit) ?? DEFAULT_ACTIVITY_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_ACTIVITY_LIMIT)
    bad('limit', `must be a whole number from 1 to ${MAX_ACTIVITY_LIMIT}`);
  const q = str(input.q);
  if (q.length > 200) bad('q', 'must be at most 200 characters');
  if (problems.length) throw new ValidationFailed(problems);
  return {
    section: (section || null) as ActivitySection | null,
    ruleId: rule,
    channel: channel || null,
    status: status || null,
    fromDay: from ? from.toISODate() : null,
    toDay: to ? to.toISODate() : null,
    fromMs: from ? from.startOf('day').toMillis() : null,
    toMs: to ? to.startOf('day').plus({ days: 1 }).toMillis() : null,
    q,
    offset,
    limit,
  };
}

/** The filter as URL parameters (for links that keep it: sections, pages, the bookmark). */
export function activityUrl(f: ActivityFilter, change: Partial<ActivityFilter> = {}): string {
  const g = { ...f, ...change };
  const p = new URLSearchParams();
  if (g.section) p.set('section', g.section);
  if (g.ruleId) p.set('rule', String(g.ruleId));
  if (g.channel) p.set('channel', g.channel);
  if (g.status) p.set('status', g.status);
  if (g.fromDay) p.set('from', g.fromDay);
  if (g.toDay) p.set('to', g.toDay);
  if (g.q) p.set('q', g.q);
  if (g.offset) p.set('offset', String(g.offset));
  if (g.limit !== DEFAULT_ACTIVITY_LIMIT) p.set('limit', String(g.limit));
  const s = p.toString();
  return s ? `/activity?${s}` : '/activity';
}

/** A WHERE built with `?` placeholders (the store's dialect numbers them for PostgreSQL). */
export interface Where {
  sql: string[];
  params: unknown[];
}

/**
 * The customer search: name (as typed and lower-cased: SQLite folds ASCII only), email, and the
 * phone's digits, as the customer list searches (CustomerService.list).
 */
export function customerSearch(w: Where, alias: string, q: string, extra: string[] = []): void {
  if (!q) return;
  const p = likePattern(q);
  const typed = likePattern(q, false);
  const digits = q.replace(/[^\d]/g, '').replace(/^0+/, '');
  const parts = [
    `LOWER(COALESCE(${alias}.first_name, '') || ' ' || COALESCE(${alias}.last_name, '')) LIKE ? ESCAPE '\\'`,
    `(COALESCE(${alias}.first_name, '') || ' ' || COALESCE(${alias}.last_name, '')) LIKE ? ESCAPE '\\'`,
    `LOWER(COALESCE(${alias}.email, '')) LIKE ? ESCAPE '\\'`,
    ...extra.map((col) => `LOWER(${col}) LIKE ? ESCAPE '\\'`),
  ];
  const params: unknown[] = [p, typed, p, ...extra.map(() => p)];
  if (digits.length >= 3) {
    parts.push(`${alias}.phone LIKE ?`);
    params.push(`%${digits}%`);
  }
  w.sql.push(`(${parts.join(' OR ')})`);
  w.params.push(...params);
}
