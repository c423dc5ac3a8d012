import { fillPlaceholders } from '@touchbase/core';

/**
 * Every text of the storefront "notify me" form, its confirmation message and pages (en/de/pl).
 * `{business}`, `{product}` and `{link}` are filled in; the result is escaped where it is used.
 */
export const NOTIFY_ME_TEXTS = {
  en: {
    heading: 'Tell me when it is back',
    address: 'Email or mobile number',
    consent:
      'Yes, {business} may send me one message when {product} is back in stock. I can withdraw this at any time; my details are only used for this.',
    submit: 'Notify me',
    sent: 'Almost done: please confirm with the link we just sent you.',
    failed: 'That did not work. Please check the address and try again later.',
    subject: 'Please confirm: {product} back-in-stock notice',
    message:
      'Hello,\n\nplease confirm that {business} may tell you when {product} is back in stock:\n{link}\n\nIf you did not ask for this, ignore this message; nothing will happen.',
    sms: '{business}: confirm your back-in-stock notice for {product}: {link}',
    pageTitle: 'Back-in-stock notice',
    ask: 'Confirm that {business} may tell you when {product} is back in stock?',
    button: 'Yes, notify me',
    done: 'Thank you. We will let you know when {product} is back in stock.',
    invalid: 'This link is not valid or has expired. Please ask again in the shop.',
  },
  de: {
    heading: 'Benachrichtigen, wenn wieder da',
    address: 'E-Mail oder Handynummer',
    consent:
      'Ja, {business} darf mir eine Nachricht senden, sobald {product} wieder verfügbar ist. Ich kann das jederzeit widerrufen; meine Angaben werden nur dafür verwendet.',
    submit: 'Benachrichtigen',
    sent: 'Fast geschafft: Bitte bestätigen Sie mit dem Link, den wir Ihnen gerade geschickt haben.',
    failed: 'Das hat nicht geklappt. Bitte prüfen Sie die Angabe und versuchen Sie es später erneut.',
    subject: 'Bitte bestätigen: Benachrichtigung für {product}',
    message:
      'Hallo,\n\nbitte bestätigen Sie, dass {business} Ihnen Bescheid geben darf, sobald {product} wieder verfügbar ist:\n{link}\n\nWenn Sie das nicht angefordert haben, ignorieren Sie diese Nachricht; es passiert nichts.',
    sms: '{business}: Bitte bestätigen Sie Ihre Benachrichtigung für {product}: {link}',
    pageTitle: 'Benachrichtigung bei Verfügbarkeit',
    ask: 'Bestätigen, dass {business} Ihnen Bescheid geben darf, sobald {product} wieder verfügbar ist?',
    button: 'Ja, benachrichtigen',
    done: 'Danke. Wir sagen Ihnen Bescheid, sobald {product} wieder verfügbar ist.',
    invalid: 'Dieser Link ist ungültig oder abgelaufen. Bitte fragen Sie im Shop erneut an.',
  },
  pl: {
    heading: 'Powiadom mnie o dostępności',
    address: 'E-mail lub numer komórkowy',
    consent:
      'Tak, {business} może wysłać mi jedną wiadomość, gdy {product} będzie znów dostępny. Mogę to w każdej chwili wycofać; moje dane służą tylko do tego.',
    submit: 'Powiadom mnie',
    sent: 'Prawie gotowe: potwierdź, klikając link, który właśnie wysłaliśmy.',
    failed: 'Nie udało się. Sprawdź adres i spróbuj ponownie później.',
    subject: 'Potwierdź: powiadomienie o dostępności {product}',
    message:
      'Dzień dobry,\n\npotwierdź, że {business} może Cię powiadomić, gdy {product} będzie znów dostępny:\n{link}\n\nJeśli to nie Ty, zignoruj tę wiadomość; nic się nie stanie.',
    sms: '{business}: potwierdź powiadomienie o dostępności {product}: {link}',
    pageTitle: 'Powiadomienie o dostępności',
    ask: 'Potwierdzić, że {business} może Cię powiadomić, gdy {product} będzie znów dostępny?',
    button: 'Tak, powiadom mnie',
    done: 'Dziękujemy. Damy znać, gdy {product} będzie znów dostępny.',
    invalid: 'Ten link jest nieprawidłowy lub wygasł. Zapytaj ponownie w sklepie.',
  },
} as const;

export type NotifyMeLocale = keyof typeof NOTIFY_ME_TEXTS;
export type NotifyMeText = keyof (typeof NOTIFY_ME_TEXTS)['en'];

export function notifyMeLocale(value: unknown, fallback: string): NotifyMeLocale {
  const l = String(value ?? '')
    .slice(0, 2)
    .toLowerCase();
  return l in NOTIFY_ME_TEXTS
    ? (l as NotifyMeLocale)
    : fallback in NOTIFY_ME_TEXTS
      ? (fallback as NotifyMeLocale)
      : 'en';
}

export function notifyMeText(
  locale: NotifyMeLocale,
  key: NotifyMeText,
  vars: Record<string, string> = {},
): string {
  return fillPlaceholders(NOTIFY_ME_TEXTS[locale][key], (name) => vars[name]);
}
