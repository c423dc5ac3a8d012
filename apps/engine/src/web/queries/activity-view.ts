import {
  ACTIVITY_CHANNELS,
  ACTIVITY_SECTIONS,
  ActivityQueryInput,
  activityUrl,
  SECTION_NAMES,
} from './activity-filter';
import type { ActivityPage } from './activity.query';

const text = (v: unknown) => (v == null ? '' : String(v));

/**
 * The Activity page's view model: the filter form as the user typed it, the section tabs and
 * each shown section with its "show all" link or pager, every link keeping the filter.
 */
export function activityView(
  page: ActivityPage,
  rules: Array<{ id: number; name: string }>,
  typed: ActivityQueryInput,
) {
  const f = page.filter;
  const sections = SECTION_NAMES.filter((s) => page.sections[s]).map((s) => {
    const sec = page.sections[s]!;
    const last = Math.min(sec.offset + sec.rows.length, sec.total);
    return {
      name: s,
      rows: sec.rows,
      total: sec.total,
      first: sec.rows.length ? sec.offset + 1 : 0,
      last,
      showAll: !f.section && sec.total > sec.rows.length ? activityUrl(f, { section: s, offset: 0 }) : '',
      previous:
        f.section && sec.offset > 0 ? activityUrl(f, { offset: Math.max(0, sec.offset - sec.limit) }) : '',
      next: f.section && last < sec.total ? activityUrl(f, { offset: sec.offset + sec.limit }) : '',
    };
  });
  return {
    activity: { pausedChannels: page.pausedChannels, counts: page.counts },
    sections,
    section: f.section ?? '',
    tabs: [
      { name: '', url: activityUrl(f, { section: null, offset: 0 }), current: !f.section, count: null },
      ...SECTION_NAMES.map((s) => ({
        name: s,
        url: activityUrl(f, { section: s, offset: 0 }),
        current: f.section === s,
        count: page.counts[s],
      })),
    ],
    form: {
      q: text(typed.q),
      rule: text(typed.rule),
      channel: text(typed.channel),
      status: text(typed.status),
      from: text(typed.from),
      to: text(typed.to),
      limit: f.limit,
    },
    choices: {
      rules: rules.map((r) => ({ value: String(r.id), name: r.name })),
      channels: [...ACTIVITY_CHANNELS],
      statuses: SECTION_NAMES.flatMap((s) => [...ACTIVITY_SECTIONS[s]]),
    },
    filtered: Boolean(f.ruleId || f.channel || f.status || f.fromDay || f.toDay || f.q),
  };
}
