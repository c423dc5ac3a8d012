import { escapeHtml } from '@touchbase/core';
import type { SurveySubject, SurveyView } from './survey-response.service';

/**
 * The small public rating page (no sign-in), in the customer's language. Plain HTML, every
 * value escaped; one form that posts back to the same link.
 */
const TEXT = {
  en: {
    title: 'How did we do?',
    hello: (n: string) => `Hello ${n},`,
    ask: (about: string, b: string) => `how was your experience with ${about} at ${b}?`,
    subject: (s: SurveySubject) =>
      s.what === 'order'
        ? `order ${s.ref}`
        : s.what === 'call'
          ? 'our call'
          : s.what === 'message'
            ? s.label
              ? `“${s.label}”`
              : 'our recent message'
            : 'our service',
    scale: ['1 – poor', '2', '3', '4', '5 – excellent'],
    comment: 'Anything you would like to tell us? (optional)',
    send: 'Send my rating',
    thanks: 'Thank you! Your rating has been recorded.',
    sorry: 'We are sorry it was not better. Someone from our team will be in touch.',
    answered: 'You have already answered this survey — thank you!',
    invalid: 'This link is not valid.',
  },
  de: {
    title: 'Wie waren wir?',
    hello: (n: string) => `Hallo ${n},`,
    ask: (about: string, b: string) => `wie zufrieden waren Sie mit ${about} bei ${b}?`,
    subject: (s: SurveySubject) =>
      s.what === 'order'
        ? `Ihrer Bestellung ${s.ref}`
        : s.what === 'call'
          ? 'unserem Anruf'
          : s.what === 'message'
            ? s.label
              ? `„${s.label}“`
              : 'unserer letzten Nachricht'
            : 'unserem Service',
    scale: ['1 – schlecht', '2', '3', '4', '5 – ausgezeichnet'],
    comment: 'Möchten Sie uns noch etwas sagen? (optional)',
    send: 'Bewertung senden',
    thanks: 'Vielen Dank! Ihre Bewertung wurde gespeichert.',
    sorry: 'Es tut uns leid, dass es nicht besser war. Jemand aus unserem Team meldet sich bei Ihnen.',
    answered: 'Sie haben diese Umfrage bereits beantwortet – vielen Dank!',
    invalid: 'Dieser Link ist nicht gültig.',
  },
  pl: {
    title: 'Jak nam poszło?',
    hello: (n: string) => `Dzień dobry ${n},`,
    ask: (about: string, b: string) => `jak oceniasz ${about} w ${b}?`,
    subject: (s: SurveySubject) =>
      s.what === 'order'
        ? `zamówienie ${s.ref}`
        : s.what === 'call'
          ? 'naszą rozmowę'
          : s.what === 'message'
            ? s.label
              ? `„${s.label}”`
              : 'naszą ostatnią wiadomość'
            : 'naszą obsługę',
    scale: ['1 – słabo', '2', '3', '4', '5 – znakomicie'],
    comment: 'Czy chcesz nam coś przekazać? (opcjonalnie)',
    send: 'Wyślij ocenę',
    thanks: 'Dziękujemy! Twoja ocena została zapisana.',
    sorry: 'Przykro nam, że nie było lepiej. Ktoś z naszego zespołu się z Tobą skontaktuje.',
    answered: 'Ta ankieta została już wypełniona — dziękujemy!',
    invalid: 'Ten link jest nieprawidłowy.',
  },
};

type Lang = keyof typeof TEXT;
const lang = (locale: string | undefined): Lang => (locale && locale in TEXT ? (locale as Lang) : 'en');

function page(locale: Lang, body: string): string {
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><link rel="icon" href="/assets/favicon.svg" type="image/svg+xml"><title>${escapeHtml(TEXT[locale].title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
fieldset{border:0;padding:0;display:flex;gap:.5rem;flex-wrap:wrap}label.star{border:1px solid #999;border-radius:.4rem;padding:.4rem .7rem}
textarea{width:100%;min-height:6rem}button{margin-top:1rem;padding:.6rem 1.2rem}</style></head>
<body><main>${body}</main></body></html>`;
}

export function surveyFormPage(
  view: Extract<SurveyView, { state: 'open' }>,
  action: string,
  preselected?: number,
): string {
  const t = TEXT[lang(view.locale)];
  const stars = t.scale
    .map((label, i) => {
      const v = i + 1;
      return `<label class="star"><input type="radio" name="rating" value="${v}" required${preselected === v ? ' checked' : ''}> ${escapeHtml(label)}</label>`;
    })
    .join('');
  return page(
    lang(view.locale),
    `<h1>${escapeHtml(t.title)}</h1>
<p>${escapeHtml(t.hello(view.firstName))} ${escapeHtml(t.ask(t.subject(view.subject), view.businessName))}</p>
<form method="post" action="${escapeHtml(action)}">
<fieldset>${stars}</fieldset>
<p><label for="comment">${escapeHtml(t.comment)}</label><br><textarea id="comment" name="comment" maxlength="2000"></textarea></p>
<button type="submit">${escapeHtml(t.send)}</button>
</form>`,
  );
}

export function surveyThanksPage(locale: string, low: boolean): string {
  const t = TEXT[lang(locale)];
  return page(
    lang(locale),
    `<h1>${escapeHtml(t.title)}</h1><p>${escapeHtml(t.thanks)}</p>${low ? `<p>${escapeHtml(t.sorry)}</p>` : ''}`,
  );
}

export function surveyAnsweredPage(locale: string): string {
  const t = TEXT[lang(locale)];
  return page(lang(locale), `<h1>${escapeHtml(t.title)}</h1><p>${escapeHtml(t.answered)}</p>`);
}

/** The same page for every bad link: tampered, unknown, erased customer. Reveals nothing. */
export function surveyInvalidPage(): string {
  return page('en', `<h1>${escapeHtml(TEXT.en.invalid)}</h1>`);
}
