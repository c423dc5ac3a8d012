import { escapeHtml } from '@touchbase/core';
import { DateTime } from 'luxon';
import type { DailyList } from './daily-list.service';

const KIND_WORDS: Record<string, string> = {
  call: 'Call',
  card: 'Card',
  set_aside: 'Set aside',
  service_recovery: 'Make it right',
  other: 'To do',
};

/** The morning digest email: a staff member's list for the day, as text and HTML. */
export function renderDigest(
  userName: string,
  list: DailyList,
  opts: { businessName: string; baseUrl: string; locale?: string },
): { subject: string; text: string; html: string } {
  const dayWords = DateTime.fromISO(list.day, { zone: 'UTC' })
    .setLocale(opts.locale ?? 'en')
    .toFormat('cccc d LLLL');
  const n = list.total;
  const subject = `Your follow-up list for ${dayWords}: ${n} task${n === 1 ? '' : 's'}`;
  const more = n > list.items.length ? n - list.items.length : 0;
  const link = `${opts.baseUrl}/tasks`;

  const text = [
    `Good morning ${userName},`,
    '',
    `${n} task${n === 1 ? ' is' : 's are'} on your list for ${dayWords} at ${opts.businessName}, most important first.`,
    '',
    ...list.items.flatMap((t, i) => [
      `${i + 1}. [${KIND_WORDS[t.kind] ?? t.kind}] ${t.title}${t.overdueDays > 0 ? ` (${t.overdueDays} day${t.overdueDays === 1 ? '' : 's'} overdue)` : ''}`,
      ...(t.reason ? [`   Why: ${t.reason}`] : []),
      `   ${[t.customer.phone && `Phone: ${t.customer.phone}`, t.customer.email && `Email: ${t.customer.email}`].filter(Boolean).join(' · ') || 'No phone or email on record'}`,
      ...t.talkingPoints.split('\n').map((l) => `   ${l}`),
      '',
    ]),
    ...(more ? [`…and ${more} more.`, ''] : []),
    `Open your list: ${link}`,
  ].join('\n');

  const html = `<!doctype html><html><body style="font-family:sans-serif;line-height:1.4">
<p>Good morning ${escapeHtml(userName)},</p>
<p>${n} task${n === 1 ? ' is' : 's are'} on your list for <strong>${escapeHtml(dayWords)}</strong> at ${escapeHtml(opts.businessName)}, most important first.</p>
<ol>
${list.items
  .map(
    (
      t,
    ) => `<li><p><strong>${escapeHtml(KIND_WORDS[t.kind] ?? t.kind)}: ${escapeHtml(t.title)}</strong>${t.overdueDays > 0 ? ` <em>(${t.overdueDays} day${t.overdueDays === 1 ? '' : 's'} overdue)</em>` : ''}<br>
${t.reason ? `Why: ${escapeHtml(t.reason)}<br>` : ''}${t.customer.telLink ? `<a href="${escapeHtml(t.customer.telLink)}">${escapeHtml(t.customer.phone!)}</a>` : ''}${t.customer.telLink && t.customer.email ? ' · ' : ''}${t.customer.email ? `<a href="mailto:${escapeHtml(t.customer.email)}">${escapeHtml(t.customer.email)}</a>` : ''}</p>
<ul>${t.talkingPoints
      .split('\n')
      .filter(Boolean)
      .map((l) => `<li>${escapeHtml(l.replace(/^- /, ''))}</li>`)
      .join('')}</ul></li>`,
  )
  .join('\n')}
</ol>
${more ? `<p>…and ${more} more.</p>` : ''}
<p><a href="${escapeHtml(link)}">Open your list</a></p>
</body></html>`;
  return { subject, text, html };
}
