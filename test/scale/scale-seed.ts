import * as fs from 'node:fs';
import * as path from 'node:path';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { Customer, Rule } from '@touchbase/store';
import type { EngineProcess, SmtpSink, TwilioStub } from '@touchbase/test-kit';

/** Zones to choose from, so "now" is the middle of the customer's day whatever the UTC hour. */
const ZONES = [
  'Pacific/Kiritimati',
  'Asia/Tokyo',
  'Asia/Kolkata',
  'Europe/Berlin',
  'America/Sao_Paulo',
  'America/New_York',
  'America/Los_Angeles',
  'Pacific/Pago_Pago',
];

/** Engine settings under which a birthday occasion seeded by seedBirthdays() is due at once. */
export const DUE_NOW_ENV = { QUIET_HOURS_START: '00:00', QUIET_HOURS_END: '23:59', CONTACT_BUDGET_MAX: '5' };

export interface SeededBirthdays {
  zone: string;
  /** The birthday as MM-DD (today in `zone`). */
  md: string;
  emails: string[];
  phones: string[];
  ruleIds: number[];
}

/**
 * `count` customers whose birthday is today in their zone, half reached by email and half by
 * SMS (two birthday rules, told apart by tag), with consent for both; each rule sends at 00:00
 * local, so on the first tick every occasion is due (inside the 1-day grace period). Inserted
 * in batches straight into the store; the engines under test do the rest.
 */
export async function seedBirthdays(
  ds: DataSource,
  count: number,
  now: Date,
  templateKey = 'birthday',
): Promise<SeededBirthdays> {
  const zone = ZONES.find((z) => {
    const h = DateTime.fromJSDate(now).setZone(z).hour;
    return h >= 2 && h <= 21;
  })!;
  const local = DateTime.fromJSDate(now).setZone(zone);
  const md = local.toFormat('MM-dd');
  const emails: string[] = [];
  const phones: string[] = [];
  const rows: Partial<Customer>[] = [];
  for (let i = 0; i < count; i++) {
    const bySms = i % 2 === 1;
    const email = `scale.${i}@example.test`;
    const phone = `+4915${String(100000000 + i)}`;
    if (bySms) phones.push(phone);
    else emails.push(email);
    rows.push({
      externalId: `scale-${i}`,
      firstName: `Customer${i}`,
      lastName: 'Scale',
      email,
      phone,
      birthdayYear: 1980 + (i % 30),
      birthdayMonth: local.month,
      birthdayDay: local.day,
      birthdayMd: md,
      timezone: zone,
      locale: 'en',
      preferredChannels: bySms ? 'sms,email' : 'email,sms',
      emailConsent: true,
      emailConsentAt: now,
      emailConsentSource: 'import',
      smsConsent: true,
      smsConsentAt: now,
      smsConsentSource: 'import',
      tags: [bySms ? 'by-sms' : 'by-email'],
      createdAt: now,
      updatedAt: now,
    });
  }
  const repo = ds.getRepository(Customer);
  for (let i = 0; i < rows.length; i += 500) await repo.insert(rows.slice(i, i + 500));

  const rules = ds.getRepository(Rule);
  const ruleIds: number[] = [];
  for (const channel of ['email', 'sms'] as const) {
    const r = await rules.insert({
      name: `Birthday by ${channel} (scale test)`,
      kind: 'birthday',
      params: { days_before: 0, send_time: '00:00' },
      channel,
      templateKey,
      audience: { tags: [channel === 'sms' ? 'by-sms' : 'by-email'] },
      priority: 10,
      transactional: false,
      gracePeriodMinutes: 1440,
      holdoutPercent: 0,
      enabled: true,
      createdAt: now,
      updatedAt: now,
    });
    ruleIds.push(Number(r.identifiers[0].id));
  }
  return { zone, md, emails, phones, ruleIds };
}

/** Outbox counts by status, for reconciling. */
export async function outboxCounts(ds: DataSource): Promise<Record<string, number>> {
  const rows: Array<{ status: string; n: string | number }> = await ds.query(
    'SELECT status, COUNT(*) AS n FROM outbox_messages GROUP BY status',
  );
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** Polls `check` until it returns true or the deadline passes (bounded; returns the last answer). */
export async function waitFor(
  check: () => Promise<boolean>,
  timeoutMs: number,
  everyMs = 500,
): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (performance.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Environment for an engine process sending to the local sinks, with fast timers. */
export function engineEnv(
  sink: SmtpSink,
  stub: TwilioStub,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    ...DUE_NOW_ENV,
    SMTP_URL: sink.url,
    SMTP_FROM: 'Scale Shop <shop@example.test>',
    ...stub.env(),
    SCHEDULER_CRON: '*/2 * * * * *',
    DISPATCH_INTERVAL_MS: '250',
    DISPATCH_BATCH_SIZE: '100',
    DISPATCH_CONCURRENCY: '10',
    ...extra,
  };
}

/** Values that occur more than once. */
export function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const v of values) (seen.has(v) ? twice : seen).add(v);
  return [...twice];
}

/** With SCALE_LOG_DIR set, writes each engine's log there (for looking into a failure or timings). */
export function saveLogs(engines: EngineProcess[]): void {
  const dir = process.env.SCALE_LOG_DIR;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  for (const e of engines) fs.writeFileSync(path.join(dir, `${e.name}.log`), e.logs());
}
