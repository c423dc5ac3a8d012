/** CSV header mapping: case-, space- and punctuation-insensitive, with common English, German and Polish aliases. */
export const IMPORT_KINDS = ['customers', 'orders', 'products'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

const ALIASES: Record<ImportKind, Record<string, string[]>> = {
  customers: {
    externalId: [
      'externalid',
      'id',
      'customerid',
      'customerno',
      'customernumber',
      'kundennummer',
      'kundenid',
      'kundennr',
      'nrklienta',
      'idklienta',
    ],
    firstName: ['firstname', 'givenname', 'forename', 'first', 'vorname', 'imię', 'imie'],
    lastName: ['lastname', 'surname', 'familyname', 'last', 'nachname', 'familienname', 'nazwisko'],
    email: ['email', 'emailaddress', 'mail', 'emailadresse', 'adresemail', 'eposta'],
    phone: [
      'phone',
      'phonenumber',
      'mobile',
      'mobilephone',
      'mobilenumber',
      'cell',
      'tel',
      'telephone',
      'telefon',
      'telefonnummer',
      'handy',
      'mobil',
      'komórka',
      'komorka',
      'numertelefonu',
    ],
    country: ['country', 'countrycode', 'land', 'kraj'],
    birthday: [
      'birthday',
      'birthdate',
      'dateofbirth',
      'dob',
      'geburtstag',
      'geburtsdatum',
      'urodziny',
      'dataurodzenia',
    ],
    timezone: ['timezone', 'tz', 'zone', 'zeitzone', 'strefaczasowa'],
    locale: ['locale', 'language', 'lang', 'sprache', 'język', 'jezyk'],
    preferredChannels: ['preferredchannels', 'preferredchannel', 'channels', 'channel'],
    emailConsent: [
      'emailconsent',
      'emailoptin',
      'consentemail',
      'newsletter',
      'marketingemail',
      'emaileinwilligung',
      'zgodaemail',
    ],
    smsConsent: ['smsconsent', 'smsoptin', 'consentsms', 'smseinwilligung', 'zgodasms'],
    tags: ['tags', 'tag', 'labels', 'segments', 'segment'],
    notes: ['notes', 'note', 'comment', 'comments', 'notiz', 'notizen', 'bemerkung', 'uwagi'],
  },
  orders: {
    externalId: [
      'externalid',
      'orderid',
      'orderno',
      'ordernumber',
      'order',
      'id',
      'bestellnummer',
      'bestellnr',
      'nrzamówienia',
      'nrzamowienia',
    ],
    customerExternalId: [
      'customerexternalid',
      'customerid',
      'customerno',
      'customernumber',
      'kundennummer',
      'kundenid',
      'nrklienta',
    ],
    customerEmail: ['customeremail', 'email', 'emailaddress', 'mail'],
    placedAt: [
      'placedat',
      'placed',
      'date',
      'orderdate',
      'createdat',
      'datum',
      'bestelldatum',
      'data',
      'datazamówienia',
    ],
    total: ['total', 'amount', 'sum', 'gesamt', 'betrag', 'summe', 'suma', 'kwota', 'wartość', 'wartosc'],
    totalMinor: ['totalminor', 'totalcents', 'amountcents'],
    currency: ['currency', 'währung', 'waehrung', 'waluta'],
    lines: ['lines', 'items', 'products', 'skus', 'artikel', 'pozycje'],
  },
  products: {
    sku: [
      'sku',
      'productid',
      'articlenumber',
      'articleno',
      'itemno',
      'code',
      'artikelnummer',
      'artikelnr',
      'kod',
      'indeks',
    ],
    name: ['name', 'productname', 'title', 'bezeichnung', 'produktname', 'nazwa'],
    stock: [
      'stock',
      'quantity',
      'qty',
      'onhand',
      'inventory',
      'bestand',
      'lagerbestand',
      'menge',
      'stan',
      'ilość',
      'ilosc',
    ],
    price: ['price', 'preis', 'cena'],
    priceMinor: ['priceminor', 'pricecents'],
    currency: ['currency', 'währung', 'waehrung', 'waluta'],
    url: ['url', 'link', 'producturl'],
  },
};

/** "E-Mail", "first_name", "First Name" → "email", "firstname", "firstname". */
export function headerKey(header: string): string {
  return header
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

export interface ColumnMapping {
  /** field name per column index (undefined = ignored column). */
  fields: (string | undefined)[];
  /** field → the header as written in the file, for messages. */
  headerOf: Record<string, string>;
  unknown: string[];
}

export function mapHeader(
  kind: ImportKind,
  header: string[],
): { mapping: ColumnMapping; problems: string[] } {
  const lookup = new Map<string, string>();
  for (const [field, aliases] of Object.entries(ALIASES[kind])) {
    lookup.set(headerKey(field), field);
    for (const a of aliases) lookup.set(headerKey(a), field);
  }
  const mapping: ColumnMapping = { fields: [], headerOf: {}, unknown: [] };
  const problems: string[] = [];
  header.forEach((h, i) => {
    const field = lookup.get(headerKey(h));
    if (!field) {
      if (h.trim()) mapping.unknown.push(h.trim());
      mapping.fields[i] = undefined;
    } else if (mapping.headerOf[field] !== undefined) {
      problems.push(`columns "${mapping.headerOf[field]}" and "${h.trim()}" both mean ${field}`);
    } else {
      mapping.fields[i] = field;
      mapping.headerOf[field] = h.trim();
    }
  });
  const has = (f: string) => mapping.headerOf[f] !== undefined;
  if (kind === 'customers' && !has('externalId') && !has('email'))
    problems.push(
      'a customers file needs an external id column (e.g. "external_id") or an "email" column to match rows on re-import',
    );
  if (kind === 'orders') {
    for (const f of ['externalId', 'placedAt'])
      if (!has(f)) problems.push(`an orders file needs a "${f}" column`);
    if (!has('total') && !has('totalMinor'))
      problems.push('an orders file needs a "total" (or "totalMinor") column');
    if (!has('customerExternalId') && !has('customerEmail'))
      problems.push('an orders file needs a "customerExternalId" or "customerEmail" column');
  }
  if (kind === 'products' && !has('sku')) problems.push('a products file needs a "sku" column');
  return { mapping, problems };
}

/** The columns each kind understands (canonical names), for docs and error messages. */
export function knownColumns(kind: ImportKind): string[] {
  return Object.keys(ALIASES[kind]);
}

/** Picks `,`, `;` or tab from the header line (German spreadsheet exports use `;`). */
export function detectDelimiter(firstLine: string): string {
  let best = ',';
  let bestCount = 0;
  for (const d of [',', ';', '\t']) {
    const n = firstLine.split(d).length - 1;
    if (n > bestCount) [best, bestCount] = [d, n];
  }
  return best;
}
