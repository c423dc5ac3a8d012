import type { FieldProblem, Locale } from '@touchbase/core';
import { fillPlaceholders } from '@touchbase/core';

/**
 * The words for every problem a record's normalizers can report (docs/import.md#problems), in
 * en, de and pl. A problem carries its code and parameters, so the web UI and the bad-rows file
 * show it in the reader's language; `problem` keeps the English text for the API and logs.
 * `{value}` is the offending cell as written; `{monthName}` (a number 1–12) is written as the
 * month's name in the reader's language.
 */
const en = {
  text: 'must be text',
  singleLine: 'must be a single line without control characters (contains {char})',
  multiLine: 'must not contain control characters (contains {char})',
  maxLength: 'must be at most {max} characters',
  empty: 'must not be empty',
  required: 'is required',
  email: 'is not a valid email address ("{value}")',
  country: 'is not a two-letter country code such as DE, PL or GB ("{value}")',
  phoneControl: 'must not contain control characters',
  phone: 'is not a valid phone number ("{value}")',
  phoneRegion: 'is not a valid phone number for region {region} ("{value}")',
  birthdayFormat: 'must be YYYY-MM-DD, or --MM-DD / MM-DD without a year ("{value}")',
  noMonth: 'has no month {month} ("{value}")',
  notLeapYear: 'is not a real date: {year} is not a leap year ("{value}")',
  monthDays: 'is not a real date: {monthName} has {days} days ("{value}")',
  before1900: 'year {year} is before 1900 ("{value}")',
  future: 'is in the future ("{value}")',
  timezone: 'is not an IANA timezone name such as Europe/Berlin ("{value}")',
  locale: 'must be one of {allowed} ("{value}")',
  channelsEmpty: 'must name at least one of {allowed}',
  channel: '"{channel}" is not a channel (use {allowed})',
  tagsMax: 'must be at most {max} tags',
  tagComma: 'tag "{tag}" must not contain a comma',
  yesNo: 'must be yes or no ("{value}")',
  scope: 'must be all or personal ("{value}")',
  instant: 'must be an ISO 8601 instant with an offset, e.g. 2026-03-01T14:30:00+01:00 or …Z ("{value}")',
  dateTimeReal: 'is not a real date and time ("{value}")',
  currency: 'is not an ISO 4217 currency code such as EUR ("{value}")',
  amount: 'must be an amount such as 1234.50 ("{value}")',
  decimals: 'has more than {digits} decimal places for {currency} ("{value}")',
  tooLarge: 'is too large ("{value}")',
  wholeNumber: 'must be a whole number ("{value}")',
  between: 'must be between {min} and {max} ("{value}")',
  negative: 'must not be negative',
  list: 'must be a list',
  url: 'must be an http(s) URL',
  twoDigitYear: 'has a two-digit year; write the year in full, e.g. {example}',
  localDate: 'must be a date such as {example}, {exampleNoYear} without a year, or 1980-12-24 ("{value}")',
  localAmount: 'is not an amount such as {example} ("{value}")',
  localDateTime: 'must be a date and time such as {example} or an ISO instant ("{value}")',
  needsYear: 'needs a year ("{value}")',
  timeOfDay: 'is not a time of day ("{value}")',
  realDate: 'is not a real date ("{value}")',
  clocksForward: 'does not exist in {zone} (the clocks go forward then) ("{value}")',
  orderCustomer: 'name the customer by customerExternalId, customerEmail or customerId',
  orderTotal: 'is required (total as a decimal, or totalMinor in cents)',
  rowKey: 'each row needs an external id or an email so a re-import can find it',
  noCustomer: 'no customer "{ref}" (import customers first)',
  newProductName: 'is required for a new product',
};
export type ProblemCode = keyof typeof en;

const de: Record<ProblemCode, string> = {
  text: 'muss Text sein',
  singleLine: 'muss eine einzelne Zeile ohne Steuerzeichen sein (enthält {char})',
  multiLine: 'darf keine Steuerzeichen enthalten (enthält {char})',
  maxLength: 'darf höchstens {max} Zeichen lang sein',
  empty: 'darf nicht leer sein',
  required: 'fehlt',
  email: 'ist keine gültige E-Mail-Adresse („{value}“)',
  country: 'ist kein zweistelliger Ländercode wie DE, PL oder GB („{value}“)',
  phoneControl: 'darf keine Steuerzeichen enthalten',
  phone: 'ist keine gültige Telefonnummer („{value}“)',
  phoneRegion: 'ist keine gültige Telefonnummer für die Region {region} („{value}“)',
  birthdayFormat: 'muss JJJJ-MM-TT sein, oder --MM-TT / MM-TT ohne Jahr („{value}“)',
  noMonth: 'einen Monat {month} gibt es nicht („{value}“)',
  notLeapYear: 'ist kein gültiges Datum: {year} ist kein Schaltjahr („{value}“)',
  monthDays: 'ist kein gültiges Datum: Der {monthName} hat {days} Tage („{value}“)',
  before1900: 'das Jahr {year} liegt vor 1900 („{value}“)',
  future: 'liegt in der Zukunft („{value}“)',
  timezone: 'ist kein IANA-Zeitzonenname wie Europe/Berlin („{value}“)',
  locale: 'muss eines von {allowed} sein („{value}“)',
  channelsEmpty: 'muss mindestens einen von {allowed} nennen',
  channel: '„{channel}“ ist kein Kanal (erlaubt: {allowed})',
  tagsMax: 'darf höchstens {max} Tags haben',
  tagComma: 'das Tag „{tag}“ darf kein Komma enthalten',
  yesNo: 'muss ja oder nein sein („{value}“)',
  scope: 'muss all oder personal sein („{value}“)',
  instant:
    'muss ein ISO-8601-Zeitpunkt mit Zeitzonenversatz sein, z. B. 2026-03-01T14:30:00+01:00 oder …Z („{value}“)',
  dateTimeReal: 'ist kein gültiges Datum mit Uhrzeit („{value}“)',
  currency: 'ist kein ISO-4217-Währungscode wie EUR („{value}“)',
  amount: 'muss ein Betrag wie 1234.50 sein („{value}“)',
  decimals: 'hat mehr als {digits} Nachkommastellen für {currency} („{value}“)',
  tooLarge: 'ist zu groß („{value}“)',
  wholeNumber: 'muss eine ganze Zahl sein („{value}“)',
  between: 'muss zwischen {min} und {max} liegen („{value}“)',
  negative: 'darf nicht negativ sein',
  list: 'muss eine Liste sein',
  url: 'muss eine http(s)-Adresse sein',
  twoDigitYear: 'hat eine zweistellige Jahreszahl; schreiben Sie das Jahr aus, z. B. {example}',
  localDate: 'muss ein Datum wie {example} sein, {exampleNoYear} ohne Jahr oder 1980-12-24 („{value}“)',
  localAmount: 'ist kein Betrag wie {example} („{value}“)',
  localDateTime: 'muss Datum und Uhrzeit wie {example} oder ein ISO-Zeitpunkt sein („{value}“)',
  needsYear: 'braucht eine Jahreszahl („{value}“)',
  timeOfDay: 'ist keine Uhrzeit („{value}“)',
  realDate: 'ist kein gültiges Datum („{value}“)',
  clocksForward: 'gibt es in {zone} nicht (die Uhren werden dann vorgestellt) („{value}“)',
  orderCustomer: 'nennen Sie den Kunden über customerExternalId, customerEmail oder customerId',
  orderTotal: 'fehlt (total als Dezimalzahl oder totalMinor in Cent)',
  rowKey: 'jede Zeile braucht eine externe ID oder eine E-Mail-Adresse, damit ein erneuter Import sie findet',
  noCustomer: 'kein Kunde „{ref}“ (importieren Sie zuerst die Kunden)',
  newProductName: 'ist für ein neues Produkt nötig',
};

const pl: Record<ProblemCode, string> = {
  text: 'musi być tekstem',
  singleLine: 'musi być jednym wierszem bez znaków sterujących (zawiera {char})',
  multiLine: 'nie może zawierać znaków sterujących (zawiera {char})',
  maxLength: 'może mieć najwyżej {max} zn.',
  empty: 'nie może być puste',
  required: 'jest wymagane',
  email: 'nie jest prawidłowym adresem e-mail („{value}”)',
  country: 'nie jest dwuliterowym kodem kraju, takim jak DE, PL lub GB („{value}”)',
  phoneControl: 'nie może zawierać znaków sterujących',
  phone: 'nie jest prawidłowym numerem telefonu („{value}”)',
  phoneRegion: 'nie jest prawidłowym numerem telefonu dla regionu {region} („{value}”)',
  birthdayFormat: 'musi mieć postać RRRR-MM-DD albo --MM-DD / MM-DD bez roku („{value}”)',
  noMonth: 'nie ma miesiąca {month} („{value}”)',
  notLeapYear: 'nie jest prawdziwą datą: {year} nie jest rokiem przestępnym („{value}”)',
  monthDays: 'nie jest prawdziwą datą: {monthName} ma {days} dni („{value}”)',
  before1900: 'rok {year} jest wcześniejszy niż 1900 („{value}”)',
  future: 'jest w przyszłości („{value}”)',
  timezone: 'nie jest nazwą strefy czasowej IANA, taką jak Europe/Warsaw („{value}”)',
  locale: 'musi być jednym z: {allowed} („{value}”)',
  channelsEmpty: 'musi wskazywać co najmniej jeden z kanałów: {allowed}',
  channel: '„{channel}” nie jest kanałem (dozwolone: {allowed})',
  tagsMax: 'może mieć najwyżej {max} tagów',
  tagComma: 'tag „{tag}” nie może zawierać przecinka',
  yesNo: 'musi być tak lub nie („{value}”)',
  scope: 'musi być all lub personal („{value}”)',
  instant:
    'musi być chwilą w formacie ISO 8601 z przesunięciem strefy, np. 2026-03-01T14:30:00+01:00 lub …Z („{value}”)',
  dateTimeReal: 'nie jest prawdziwą datą i godziną („{value}”)',
  currency: 'nie jest kodem waluty ISO 4217, takim jak PLN („{value}”)',
  amount: 'musi być kwotą, np. 1234.50 („{value}”)',
  decimals: 'ma za dużo miejsc po przecinku dla {currency} (najwyżej {digits}) („{value}”)',
  tooLarge: 'jest za duże („{value}”)',
  wholeNumber: 'musi być liczbą całkowitą („{value}”)',
  between: 'musi mieścić się między {min} a {max} („{value}”)',
  negative: 'nie może być ujemne',
  list: 'musi być listą',
  url: 'musi być adresem http(s)',
  twoDigitYear: 'ma dwucyfrowy rok; wpisz pełny rok, np. {example}',
  localDate: 'musi być datą, np. {example}, {exampleNoYear} bez roku lub 1980-12-24 („{value}”)',
  localAmount: 'nie jest kwotą, np. {example} („{value}”)',
  localDateTime: 'musi być datą z godziną, np. {example}, lub chwilą w formacie ISO („{value}”)',
  needsYear: 'wymaga podania roku („{value}”)',
  timeOfDay: 'nie jest godziną („{value}”)',
  realDate: 'nie jest prawdziwą datą („{value}”)',
  clocksForward: 'nie istnieje w strefie {zone} (wtedy zegary przestawia się do przodu) („{value}”)',
  orderCustomer: 'wskaż klienta przez customerExternalId, customerEmail lub customerId',
  orderTotal: 'jest wymagane (total jako liczba dziesiętna lub totalMinor w groszach)',
  rowKey: 'każdy wiersz potrzebuje zewnętrznego ID lub adresu e-mail, aby ponowny import go odnalazł',
  noCustomer: 'brak klienta „{ref}” (najpierw zaimportuj klientów)',
  newProductName: 'jest wymagane dla nowego produktu',
};

export const PROBLEM_TEXTS: Record<Locale, Record<ProblemCode, string>> = { en, de, pl };

export type ProblemParams = Record<string, string | number>;

/** A field problem that also knows its catalog code, so it can be shown in any language. */
export interface CodedProblem extends FieldProblem {
  code?: ProblemCode;
  params?: ProblemParams;
}

function fill(locale: Locale, text: string, params: ProblemParams): string {
  return fillPlaceholders(text, (name) => {
    if (!(name in params)) return undefined;
    const v = params[name];
    if (name === 'monthName' && typeof v === 'number')
      return new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' }).format(
        new Date(Date.UTC(2000, v - 1, 1)),
      );
    return String(v);
  });
}

/** A problem's text in a language: from its code when it has one, else as it was written. */
export function problemText(locale: string, p: CodedProblem): string {
  const lang = (locale in PROBLEM_TEXTS ? locale : 'en') as Locale;
  const text = p.code ? PROBLEM_TEXTS[lang][p.code] : undefined;
  return text ? fill(lang, text, p.params ?? {}) : p.problem;
}

/** "line" in a language, for "line 12: …" in the bad-rows file. */
export function lineWord(locale: string): string {
  return ({ de: 'Zeile', pl: 'wiersz' } as Record<string, string>)[locale] ?? 'line';
}

/** An Error a normalizer throws: its message is the English text; Problems keeps the code. */
export class ProblemError extends Error {
  constructor(
    readonly code: ProblemCode,
    readonly params: ProblemParams = {},
  ) {
    super(fill('en', en[code], params));
  }
}

/** Shorthand for `throw problem('email', { value })`. */
export function problem(code: ProblemCode, params: ProblemParams = {}): ProblemError {
  return new ProblemError(code, params);
}

/** A coded problem for a field, with the English text as `problem`. */
export function fieldProblem(field: string, code: ProblemCode, params: ProblemParams = {}): CodedProblem {
  return { field, problem: fill('en', en[code], params), code, params };
}
