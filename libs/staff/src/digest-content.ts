import { escapeHtml, fillPlaceholders, pluralWord, supportedLocale } from '@touchbase/core';
import { DateTime } from 'luxon';
import type { DailyList } from './daily-list-item';

/** Plural forms in the order Intl.PluralRules names them: one, few, many (other = the last). */
type Forms = readonly string[];

/**
 * The digest's own words, per language (en/de/pl), like the password-reset email's; `{name}`
 * placeholders are filled below. Plurals use the language's own rules (Intl.PluralRules).
 */
const TEXTS = {
  en: {
    dateFormat: 'cccc d LLLL',
    morning: 'Good morning {name},',
    afternoon: 'Good afternoon {name},',
    evening: 'Good evening {name},',
    subject: 'Your follow-up list for {day}: {n} {tasks}',
    tasks: ['task', 'tasks'],
    intro: '{n} {tasks} on your list for {day} at {business}, most important first.',
    introTasks: ['task is', 'tasks are'],
    overdue: '{n} {days} overdue',
    days: ['day', 'days'],
    why: 'Why:',
    phone: 'Phone:',
    email: 'Email:',
    noContact: 'No phone or email on record',
    more: '…and {n} more.',
    open: 'Open your list',
    kinds: {
      call: 'Call',
      card: 'Card',
      set_aside: 'Set aside',
      service_recovery: 'Make it right',
      reply: 'Reply',
      other: 'To do',
    },
  },
  de: {
    dateFormat: 'cccc, d. MMMM',
    morning: 'Guten Morgen {name},',
    afternoon: 'Guten Tag {name},',
    evening: 'Guten Abend {name},',
    subject: 'Ihre Liste für {day}: {n} {tasks}',
    tasks: ['Aufgabe', 'Aufgaben'],
    intro: '{n} {tasks} für {day} bei {business} auf Ihrer Liste, das Wichtigste zuerst.',
    introTasks: ['Aufgabe steht', 'Aufgaben stehen'],
    overdue: 'seit {n} {days} überfällig',
    days: ['Tag', 'Tagen'],
    why: 'Warum:',
    phone: 'Telefon:',
    email: 'E-Mail:',
    noContact: 'Keine Telefonnummer oder E-Mail-Adresse hinterlegt',
    more: '…und {n} weitere.',
    open: 'Liste öffnen',
    kinds: {
      call: 'Anruf',
      card: 'Karte',
      set_aside: 'Zurücklegen',
      service_recovery: 'Wiedergutmachen',
      reply: 'Antwort',
      other: 'Zu erledigen',
    },
  },
  pl: {
    dateFormat: 'cccc, d MMMM',
    morning: 'Dzień dobry {name},',
    afternoon: 'Dzień dobry {name},',
    evening: 'Dobry wieczór {name},',
    subject: 'Twoja lista zadań – {day}: {n} {tasks}',
    tasks: ['zadanie', 'zadania', 'zadań'],
    intro: '{day}, {business}: na Twojej liście {n} {tasks}, najważniejsze najpierw.',
    introTasks: ['zadanie', 'zadania', 'zadań'],
    overdue: '{n} {days} po terminie',
    days: ['dzień', 'dni', 'dni'],
    why: 'Dlaczego:',
    phone: 'Telefon:',
    email: 'E-mail:',
    noContact: 'Brak telefonu i e-maila',
    more: '…i jeszcze {n}.',
    open: 'Otwórz listę',
    kinds: {
      call: 'Telefon',
      card: 'Kartka',
      set_aside: 'Odłożyć',
      service_recovery: 'Naprawić',
      reply: 'Odpowiedź',
      other: 'Do zrobienia',
    },
  },
} as const;
export type DigestLocale = keyof typeof TEXTS;

/** The greeting's part of the day from the local hour: before 12 morning, before 18 afternoon. */
export function partOfDay(hour: number): 'morning' | 'afternoon' | 'evening' {
  return hour < 12 ? 'morning' : hour < 18 ? 'afternoon' : 'evening';
}

/** The morning digest email: a staff member's list for the day, as text and HTML, in their language. */
export function renderDigest(
  userName: string,
  list: DailyList,
  opts: { businessName: string; baseUrl: string; locale?: string; localHour: number },
): { subject: string; text: string; html: string } {
  const lang: DigestLocale = supportedLocale(opts.locale);
  const t = TEXTS[lang];
  const plural = (n: number, forms: Forms) => pluralWord(forms, lang, n);
  const fill = (s: string, v: Record<string, string | number>) =>
    fillPlaceholders(s, (k) => (k in v ? String(v[k]) : undefined));

  const dayWords = DateTime.fromISO(list.day, { zone: 'UTC' }).setLocale(lang).toFormat(t.dateFormat);
  const n = list.total;
  const subject = fill(t.subject, { day: dayWords, n, tasks: plural(n, t.tasks) });
  const greeting = fill(t[partOfDay(opts.localHour)], { name: userName });
  const intro = fill(t.intro, {
    n,
    tasks: plural(n, t.introTasks),
    day: dayWords,
    business: opts.businessName,
  });
  const more = n > list.items.length ? n - list.items.length : 0;
  const moreWords = fill(t.more, { n: more });
  const link = `${opts.baseUrl}/tasks`;
  const kind = (k: string) => (t.kinds as Record<string, string>)[k] ?? k;
  const overdue = (d: number) => fill(t.overdue, { n: d, days: plural(d, t.days) });

  const text = [
    greeting,
    '',
    intro,
    '',
    ...list.items.flatMap((x, i) => [
      `${i + 1}. [${kind(x.kind)}] ${x.title}${x.overdueDays > 0 ? ` (${overdue(x.overdueDays)})` : ''}`,
      ...(x.reason ? [`   ${t.why} ${x.reason}`] : []),
      `   ${[x.customer.phone && `${t.phone} ${x.customer.phone}`, x.customer.email && `${t.email} ${x.customer.email}`].filter(Boolean).join(' · ') || t.noContact}`,
      ...x.talkingPoints.split('\n').map((l) => `   ${l}`),
      '',
    ]),
    ...(more ? [moreWords, ''] : []),
    `${t.open}: ${link}`,
  ].join('\n');

  // a fragment: the dispatcher wraps it in the shop's email layout (docs/delivery.md#email-layout)
  const html = `<p>${escapeHtml(greeting)}</p>
<p>${escapeHtml(intro)}</p>
<ol>
${list.items
  .map(
    (
      x,
    ) => `<li><p><strong>${escapeHtml(kind(x.kind))}: ${escapeHtml(x.title)}</strong>${x.overdueDays > 0 ? ` <em>(${escapeHtml(overdue(x.overdueDays))})</em>` : ''}<br>
${x.reason ? `${escapeHtml(t.why)} ${escapeHtml(x.reason)}<br>` : ''}${x.customer.telLink ? `<a href="${escapeHtml(x.customer.telLink)}">${escapeHtml(x.customer.phone!)}</a>` : ''}${x.customer.telLink && x.customer.email ? ' · ' : ''}${x.customer.email ? `<a href="mailto:${escapeHtml(x.customer.email)}">${escapeHtml(x.customer.email)}</a>` : ''}</p>
<ul>${x.talkingPoints
      .split('\n')
      .filter(Boolean)
      .map((l) => `<li>${escapeHtml(l.replace(/^- /, ''))}</li>`)
      .join('')}</ul></li>`,
  )
  .join('\n')}
</ol>
${more ? `<p>${escapeHtml(moreWords)}</p>` : ''}
<p><a href="${escapeHtml(link)}">${escapeHtml(t.open)}</a></p>
`;
  return { subject, text, html };
}
