import { DateTime } from 'luxon';
import { type PreviewReport, reasonText, type TouchLine } from '@touchbase/rules';
import { translate } from '../i18n';

/** Lines per page in each of the preview's two tables. */
export const PREVIEW_PAGE_SIZE = 100;
/** Outcomes that put something in front of a customer or on the staff's list. */
const WILL = new Set(['queued', 'task']);

export interface PreviewOffsets {
  will: number;
  wont: number;
}

/** "8 Mar 2026, 09:00 Europe/Berlin": an instant in the recipient's own zone, with the zone. */
export function localWhen(iso: string, zone: string, locale: string): string {
  const dt = DateTime.fromISO(iso, { zone }).setLocale(locale);
  return `${dt.toLocaleString(DateTime.DATETIME_MED)} ${zone}`;
}

/**
 * The preview page's model: every line, paged (never cut), split into who would be touched and
 * who would not; each table's heading counts all its lines. Reasons and outcomes in `locale`.
 */
export function previewView(report: PreviewReport, locale: string, offsets: PreviewOffsets, base: string) {
  const row = (l: TouchLine) => ({
    ...l,
    when: localWhen(l.sendAt ?? l.dueAt, l.zone, locale),
    outcomeLabel: translate(locale, `rules.outcome.${l.outcome}`),
    reasonText: reasonText(l.reasons ?? [], locale) || l.reason,
  });
  const link = (will: number, wont: number) => `${base}?will=${will}&wont=${wont}`;
  const group = (lines: TouchLine[], offset: number, linkAt: (o: number) => string) => {
    const start = Math.min(Math.max(0, offset), Math.max(0, lines.length - 1));
    const rows = lines.slice(start, start + PREVIEW_PAGE_SIZE).map(row);
    return {
      total: lines.length,
      rows,
      range: translate(locale, 'rules.previewRange', {
        from: rows.length ? start + 1 : 0,
        to: start + rows.length,
        total: lines.length,
      }),
      prev: start > 0 ? linkAt(Math.max(0, start - PREVIEW_PAGE_SIZE)) : null,
      next: start + PREVIEW_PAGE_SIZE < lines.length ? linkAt(start + PREVIEW_PAGE_SIZE) : null,
    };
  };
  const will = report.lines.filter((l) => WILL.has(l.outcome));
  const wont = report.lines.filter((l) => !WILL.has(l.outcome));
  return {
    will: group(will, offsets.will, (o) => link(o, offsets.wont)),
    wont: group(wont, offsets.wont, (o) => link(offsets.will, o)),
    countList: Object.entries(report.counts).map(([outcome, n]) => ({
      outcome,
      label: translate(locale, `rules.outcome.${outcome}`),
      n,
    })),
  };
}
