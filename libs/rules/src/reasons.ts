import { fillPlaceholders, supportedLocale } from '@touchbase/core';

/**
 * Why an occasion came out the way it did, as data: a code and its values. The ledger stores the
 * English sentence (`englishReason`); the preview's pages and the CLI render the reader's
 * language with `reasonText` (en/de/pl). A plain string is a text made elsewhere (a kind's task
 * reason, e.g. "Birthday on 2027-03-04") and is shown as it is.
 */
export type ReasonCode = keyof typeof SENTENCES;
export type ReasonPart = string | { code: ReasonCode; params?: Record<string, string | number> };
export type ReasonLocale = 'en' | 'de' | 'pl';

type Sentences = Record<ReasonLocale, string>;

const SENTENCES = {
  missed: {
    en: 'due {due}, older than the grace period of {grace} minutes; not sent late',
    de: 'fällig {due}, älter als die Kulanzzeit von {grace} Minuten; wird nicht verspätet gesendet',
    pl: 'termin {due}, starszy niż okres karencji {grace} minut; nie wysyłamy z opóźnieniem',
  },
  holdout: {
    en: 'kept back in the {percent}% holdout group',
    de: 'in der {percent}-%-Kontrollgruppe zurückgehalten',
    pl: 'zatrzymany w grupie kontrolnej {percent}%',
  },
  no_email: { en: 'no email address', de: 'keine E-Mail-Adresse', pl: 'brak adresu e-mail' },
  email_bounced: {
    en: 'email address bounced',
    de: 'E-Mail-Adresse unzustellbar',
    pl: 'adres e-mail odrzuca wiadomości',
  },
  no_email_consent: {
    en: 'no email consent',
    de: 'keine Einwilligung für E-Mails',
    pl: 'brak zgody na e-maile',
  },
  no_phone: { en: 'no phone number', de: 'keine Telefonnummer', pl: 'brak numeru telefonu' },
  phone_problem: {
    en: 'phone cannot receive SMS ({problem})',
    de: 'Telefon kann keine SMS empfangen ({problem})',
    pl: 'telefon nie może odbierać SMS ({problem})',
  },
  no_sms_consent: { en: 'no SMS consent', de: 'keine Einwilligung für SMS', pl: 'brak zgody na SMS' },
  only_personal: {
    en: 'by {channel} the customer wants only birthday and personal messages',
    de: 'per {channel} möchte der Kunde nur Geburtstags- und persönliche Nachrichten',
    pl: 'przez {channel} klient chce tylko życzeń urodzinowych i osobistych wiadomości',
  },
  fell_back: {
    en: 'fell back to {channel}',
    de: 'stattdessen per {channel}',
    pl: 'zamiast tego przez {channel}',
  },
  made_task: {
    en: 'no other channel; made a task instead',
    de: 'kein anderer Kanal; stattdessen eine Aufgabe angelegt',
    pl: 'brak innego kanału; zamiast tego utworzono zadanie',
  },
  no_channel: {
    en: 'no other usable channel',
    de: 'kein anderer nutzbarer Kanal',
    pl: 'brak innego dostępnego kanału',
  },
  budget: {
    en: 'contact budget: already {count} other occasion(s) in the last {days} days',
    de: 'Kontaktbudget: schon {count} andere(r) Anlass/Anlässe in den letzten {days} Tagen',
    pl: 'limit kontaktów: już {count} inna(-e) okazja(-e) w ostatnich {days} dniach',
  },
  quiet_hours: {
    en: 'quiet hours: waits until {local} local ({zone})',
    de: 'Ruhezeit: wartet bis {local} Ortszeit ({zone})',
    pl: 'godziny ciszy: czeka do {local} czasu lokalnego ({zone})',
  },
  already_touched: {
    en: 'already in the ledger as {status}',
    de: 'schon im Verlauf als {status}',
    pl: 'już w rejestrze jako {status}',
  },
  open_checkin_task: {
    en: 'a check-in task of this rule is still open',
    de: 'eine Kontaktaufgabe dieser Regel ist noch offen',
    pl: 'zadanie kontaktu z tej reguły jest wciąż otwarte',
  },
  recent_contact: {
    en: 'last contact {days} days ago (this rule waits {wait})',
    de: 'letzter Kontakt vor {days} Tagen (diese Regel wartet {wait})',
    pl: 'ostatni kontakt {days} dni temu (ta reguła czeka {wait})',
  },
  no_template: {
    en: 'no {channel} template "{key}"',
    de: 'keine {channel}-Vorlage „{key}“',
    pl: 'brak szablonu {channel} „{key}”',
  },
  template_broken: {
    en: 'the {channel} template "{key}" could not be rendered: {error}',
    de: 'die {channel}-Vorlage „{key}“ ließ sich nicht rendern: {error}',
    pl: 'nie udało się wyrenderować szablonu {channel} „{key}”: {error}',
  },
  task_template_broken: {
    en: 'the task template "{key}" could not be rendered: {error}; the task has the rule’s own texts',
    de: 'die Aufgabenvorlage „{key}“ ließ sich nicht rendern: {error}; die Aufgabe hat die eigenen Texte der Regel',
    pl: 'nie udało się wyrenderować szablonu zadania „{key}”: {error}; zadanie ma własne teksty reguły',
  },
  channel_paused: {
    en: 'the {channel} channel is paused',
    de: 'der Kanal {channel} ist pausiert',
    pl: 'kanał {channel} jest wstrzymany',
  },
  blocked: {
    en: 'blocked until the owner fixes it; sent on the next tick within the grace period',
    de: 'blockiert, bis der Inhaber es behebt; wird beim nächsten Lauf innerhalb der Kulanzzeit gesendet',
    pl: 'zablokowane, dopóki właściciel tego nie naprawi; wysłane przy następnym przebiegu w okresie karencji',
  },
  expired_blocked: {
    en: 'still blocked when the grace period ended',
    de: 'beim Ende der Kulanzzeit noch blockiert',
    pl: 'wciąż zablokowane, gdy minął okres karencji',
  },
  expired_deferred: {
    en: 'still over the contact budget when the grace period ended',
    de: 'beim Ende der Kulanzzeit noch über dem Kontaktbudget',
    pl: 'wciąż ponad limitem kontaktów, gdy minął okres karencji',
  },
} satisfies Record<string, Sentences>;

const CHANNEL_NAMES: Record<string, Sentences> = {
  email: { en: 'email', de: 'E-Mail', pl: 'e-mail' },
  sms: { en: 'SMS', de: 'SMS', pl: 'SMS' },
  task: { en: 'a task', de: 'Aufgabe', pl: 'zadanie' },
};

export function reasonLocale(locale: string | null | undefined): ReasonLocale {
  return supportedLocale(locale);
}

/** One reason as a sentence in the reader's language. */
export function reasonPartText(part: ReasonPart, locale: string): string {
  if (typeof part === 'string') return part;
  const lang = reasonLocale(locale);
  const template = SENTENCES[part.code]?.[lang] ?? part.code;
  return fillPlaceholders(template, (name) => {
    const v = part.params?.[name];
    if (name === 'channel' && typeof v === 'string') return CHANNEL_NAMES[v]?.[lang] ?? v;
    return v === undefined ? '' : String(v);
  });
}

/** All reasons of a line, joined with "; ". */
export function reasonText(parts: readonly ReasonPart[], locale: string): string {
  return parts.map((p) => reasonPartText(p, locale)).join('; ');
}

export function englishReason(parts: readonly ReasonPart[]): string {
  // most occasions have no reason or only their kind's text: nothing to join (a tick asks ~40,000 times)
  if (!parts.length) return '';
  if (parts.length === 1 && typeof parts[0] === 'string') return parts[0];
  return reasonText(parts, 'en');
}
