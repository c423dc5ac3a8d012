/** A postal address as stored for a customer (docs/staff.md#cards-and-labels). */
export interface PostalAddress {
  name: string;
  street: string | null;
  postcode: string | null;
  city: string | null;
  /** ISO 3166 code, e.g. DE; null = the sender's own country. */
  country: string | null;
}

/** Countries that write the town before the postcode, on one line ("SPRINGFIELD 62704"). */
const CITY_THEN_POSTCODE = new Set(['US', 'CA', 'AU', 'NZ']);
/** Countries that write the town and the postcode on lines of their own ("LONDON" / "SW1A 1AA"). */
const CITY_LINE_THEN_POSTCODE_LINE = new Set(['GB', 'IE']);

/**
 * The lines of an envelope or label, in the destination country's order: most of continental
 * Europe (DE, PL, AT, FR, …) writes "10115 Berlin"; the UK and Ireland put the town and the
 * postcode on lines of their own; the US, Canada and Australia write "TOWN POSTCODE". Mail
 * abroad gets the country's name in capitals on the last line, in the sender's language; mail
 * at home (`home`, the business's country) gets none. Empty parts are left out.
 */
export function postalLines(a: PostalAddress, home: string, senderLocale: string): string[] {
  const country = (a.country ?? home).toUpperCase();
  const city = a.city?.trim() ?? '';
  const postcode = a.postcode?.trim() ?? '';
  let place: string[];
  if (CITY_LINE_THEN_POSTCODE_LINE.has(country)) place = [city.toUpperCase(), postcode.toUpperCase()];
  else if (CITY_THEN_POSTCODE.has(country))
    place = [[city.toUpperCase(), postcode].filter(Boolean).join(' ')];
  else place = [[postcode, city].filter(Boolean).join(' ')];
  const lines = [a.name, a.street ?? '', ...place];
  if (country !== home.toUpperCase()) lines.push(countryName(country, senderLocale).toUpperCase());
  return lines.map((l) => l.trim()).filter(Boolean);
}

/** Whether the address can carry a card: a street and a town at least. */
export function isPostable(a: Pick<PostalAddress, 'street' | 'city'>): boolean {
  return Boolean(a.street?.trim() && a.city?.trim());
}

function countryName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}
