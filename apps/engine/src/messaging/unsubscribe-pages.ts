import { escapeHtml } from '@touchbase/core';

const TEXT = {
  en: {
    title: 'Unsubscribe',
    ask: 'Do you want to stop receiving {channel} from {business}?',
    button: 'Yes, unsubscribe me',
    done: 'You are unsubscribed. You will not receive {channel} from {business} any more.',
    invalid: 'This link is not valid.',
    already: 'You are already unsubscribed: you do not receive {channel} from {business}.',
    backIn: 'Changed your mind? You can receive {channel} from {business} again.',
    backInButton: 'Yes, subscribe me again',
    backInDone: 'Welcome back. You will receive {channel} from {business} again.',
    email: 'emails',
    sms: 'text messages',
  },
  de: {
    title: 'Abmelden',
    ask: 'Möchten Sie keine {channel} mehr von {business} erhalten?',
    button: 'Ja, abmelden',
    done: 'Sie sind abgemeldet. Sie erhalten keine {channel} mehr von {business}.',
    invalid: 'Dieser Link ist ungültig.',
    already: 'Sie sind bereits abgemeldet: Sie erhalten keine {channel} von {business}.',
    backIn: 'Haben Sie es sich anders überlegt? Sie können wieder {channel} von {business} erhalten.',
    backInButton: 'Ja, wieder anmelden',
    backInDone: 'Willkommen zurück. Sie erhalten wieder {channel} von {business}.',
    email: 'E-Mails',
    sms: 'SMS',
  },
  pl: {
    title: 'Wypisz się',
    ask: 'Czy chcesz przestać otrzymywać {channel} od {business}?',
    button: 'Tak, wypisz mnie',
    done: 'Wypisano Cię. Nie będziesz już otrzymywać {channel} od {business}.',
    invalid: 'Ten link jest nieprawidłowy.',
    already: 'Już się wypisano: nie otrzymujesz {channel} od {business}.',
    backIn: 'Zmiana zdania? Możesz znów otrzymywać {channel} od {business}.',
    backInButton: 'Tak, zapisz mnie ponownie',
    backInDone: 'Witamy ponownie. Znów będziesz otrzymywać {channel} od {business}.',
    email: 'e-maili',
    sms: 'SMS-ów',
  },
} as const;

type Locale = keyof typeof TEXT;

function page(locale: Locale, body: string): string {
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><link rel="icon" href="/assets/favicon.svg" type="image/svg+xml"><title>${escapeHtml(TEXT[locale].title)}</title><style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.5}button{font-size:1rem;padding:.6rem 1.2rem}</style></head><body>${body}</body></html>`;
}

function loc(locale: string | null | undefined): Locale {
  return locale && locale in TEXT ? (locale as Locale) : 'en';
}

/** The customer-facing unsubscribe pages: a confirmation (GET), the result (POST), an invalid link. */
export const unsubscribePages = {
  confirm(localeIn: string | null, channel: 'email' | 'sms', business: string, action: string): string {
    const l = loc(localeIn);
    const t = TEXT[l];
    const q = t.ask.replace('{channel}', t[channel]).replace('{business}', business);
    return page(
      l,
      `<h1>${escapeHtml(t.title)}</h1><p>${escapeHtml(q)}</p><form method="post" action="${escapeHtml(action)}"><button type="submit">${escapeHtml(t.button)}</button></form>`,
    );
  },
  done(localeIn: string | null, channel: 'email' | 'sms', business: string): string {
    const l = loc(localeIn);
    const t = TEXT[l];
    return page(
      l,
      `<h1>${escapeHtml(t.title)}</h1><p>${escapeHtml(t.done.replace('{channel}', t[channel]).replace('{business}', business))}</p>`,
    );
  },
  /** A second visit: already unsubscribed, with a confirmed way back in (POST to `action`). */
  already(localeIn: string | null, channel: 'email' | 'sms', business: string, action: string): string {
    const l = loc(localeIn);
    const t = TEXT[l];
    const fill = (s: string) =>
      escapeHtml(s.replace('{channel}', t[channel]).replace('{business}', business));
    return page(
      l,
      `<h1>${escapeHtml(t.title)}</h1><p>${fill(t.already)}</p><p>${fill(t.backIn)}</p><form method="post" action="${escapeHtml(action)}"><button type="submit">${escapeHtml(t.backInButton)}</button></form>`,
    );
  },
  resubscribed(localeIn: string | null, channel: 'email' | 'sms', business: string): string {
    const l = loc(localeIn);
    const t = TEXT[l];
    return page(
      l,
      `<h1>${escapeHtml(t.title)}</h1><p>${escapeHtml(t.backInDone.replace('{channel}', t[channel]).replace('{business}', business))}</p>`,
    );
  },
  invalid(localeIn: string | null): string {
    const l = loc(localeIn);
    return page(l, `<h1>${escapeHtml(TEXT[l].title)}</h1><p>${escapeHtml(TEXT[l].invalid)}</p>`);
  },
};
