import { escapeHtml, supportedLocale } from '@touchbase/core';

/** The password-reset email's words, per language (en/de/pl); `{name}` placeholders are filled below. */
const TEXTS = {
  en: {
    subject: 'Set a new password for {business}',
    hello: 'Hello {name},',
    self: 'Someone (hopefully you) asked to set a new password for your Touchbase account at {business}.',
    owner: '{owner} started a password reset for your Touchbase account at {business}.',
    action: 'Choose a new password here within {minutes} minutes:',
    button: 'Set a new password',
    once: 'The link works once. Afterwards you are signed out everywhere and your API tokens are revoked.',
    ignore: 'If you did not ask for this, ignore this email: your password stays as it is.',
  },
  de: {
    subject: 'Neues Passwort für {business} festlegen',
    hello: 'Hallo {name},',
    self: 'Jemand (hoffentlich Sie) möchte ein neues Passwort für Ihr Touchbase-Konto bei {business} festlegen.',
    owner: '{owner} hat das Zurücksetzen des Passworts für Ihr Touchbase-Konto bei {business} gestartet.',
    action: 'Wählen Sie hier innerhalb von {minutes} Minuten ein neues Passwort:',
    button: 'Neues Passwort festlegen',
    once: 'Der Link gilt einmal. Danach sind Sie überall abgemeldet, und Ihre API-Token sind widerrufen.',
    ignore:
      'Wenn Sie das nicht angefordert haben, ignorieren Sie diese E-Mail: Ihr Passwort bleibt, wie es ist.',
  },
  pl: {
    subject: 'Ustaw nowe hasło do {business}',
    hello: 'Dzień dobry {name},',
    self: 'Ktoś (mamy nadzieję, że Ty) poprosił o ustawienie nowego hasła do Twojego konta Touchbase w {business}.',
    owner: '{owner} rozpoczął(-ęła) resetowanie hasła do Twojego konta Touchbase w {business}.',
    action: 'Wybierz nowe hasło tutaj w ciągu {minutes} minut:',
    button: 'Ustaw nowe hasło',
    once: 'Link działa jeden raz. Potem zostaniesz wylogowany wszędzie, a Twoje tokeny API zostaną odwołane.',
    ignore: 'Jeśli to nie Ty prosiłeś(-aś), zignoruj tę wiadomość: Twoje hasło pozostaje bez zmian.',
  },
} as const;
export type ResetEmailLocale = keyof typeof TEXTS;

export interface ResetEmailInput {
  locale: string;
  name: string;
  business: string;
  link: string;
  minutes: number;
  /** The owner who started the reset; absent when the user asked for it. */
  ownerName?: string;
}

/** The password-reset email in the user's language (English when it is none of en/de/pl). */
export function renderResetEmail(input: ResetEmailInput): { subject: string; text: string; html: string } {
  const lang: ResetEmailLocale = supportedLocale(input.locale);
  const t = TEXTS[lang];
  const fill = (s: string) =>
    s
      .replace('{name}', () => input.name)
      .replace('{business}', () => input.business)
      .replace('{owner}', () => input.ownerName ?? '')
      .replace('{minutes}', () => String(input.minutes));
  const why = fill(input.ownerName ? t.owner : t.self);
  const text = [fill(t.hello), '', why, '', fill(t.action), input.link, '', t.once, t.ignore, ''].join('\n');
  // a fragment: the dispatcher wraps it in the shop's email layout (docs/delivery.md#email-layout)
  const html = `<p>${escapeHtml(fill(t.hello))}</p>
<p>${escapeHtml(why)}</p>
<p>${escapeHtml(fill(t.action))}</p>
<p><a href="${escapeHtml(input.link)}">${escapeHtml(t.button)}</a></p>
<p style="font-size:small">${escapeHtml(input.link)}</p>
<p>${escapeHtml(t.once)}<br>${escapeHtml(t.ignore)}</p>
`;
  return { subject: fill(t.subject), text, html };
}
