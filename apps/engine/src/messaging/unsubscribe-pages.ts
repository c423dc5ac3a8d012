import { escapeHtml } from '@touchbase/core';

const TEXT = {
  en: {
    title: 'Unsubscribe',
    ask: 'Do you want to stop receiving {channel} from {business}?',
    button: 'Yes, unsubscribe me',
    done: 'You are unsubscribed. You will not receive {channel} from {business} any more.',
    invalid: 'This link is not valid.',
    email: 'emails',
    sms: 'text messages',
  },
  de: {
    title: 'Abmelden',
    ask: 'Möchten Sie keine {channel} mehr von {business} erhalten?',
    button: 'Ja, abmelden',
    done: 'Sie sind abgemeldet. Sie erhalten keine {channel} mehr von {business}.',
    invalid: 'Dieser Link ist ungültig.',
    email: 'E-Mails',
    sms: 'SMS',
  },
  pl: {
    title: 'Wypisz się',
    ask: 'Czy chcesz przestać otrzymywać {channel} od {business}?',
    button: 'Tak, wypisz mnie',
    done: 'Wypisano Cię. Nie będziesz już otrzymywać {channel} od {business}.',
    invalid: 'Ten link jest nieprawidłowy.',
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
  invalid(localeIn: string | null): string {
    const l = loc(localeIn);
    return page(l, `<h1>${escapeHtml(TEXT[l].title)}</h1><p>${escapeHtml(TEXT[l].invalid)}</p>`);
  },
};
