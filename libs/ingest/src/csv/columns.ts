import { ALIASES } from './column-aliases';

/** CSV header mapping: case-, space- and punctuation-insensitive, with common English, German and Polish aliases (column-aliases.ts). */
export const IMPORT_KINDS = ['customers', 'orders', 'products'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** "E-Mail", "first_name", "First Name" → "email", "firstname", "firstname". */
export function headerKey(header: string): string {
  return header
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * How a file's columns are read: per column, the field it fills or null (ignored). Given by the
 * owner (the mapping step, `--mapping`, `--map`), remembered per header, or recognised from the
 * header's words in en/de/pl. Keys are the headers as written in the file.
 */
export type ColumnChoices = Record<string, string | null>;

export interface ColumnMapping {
  /** field name per column index (undefined = ignored column). */
  fields: (string | undefined)[];
  /** field → the header as written in the file, for messages. */
  headerOf: Record<string, string>;
  /** Columns nobody mapped (neither recognised nor chosen). */
  unknown: string[];
  /** Per column: its header, the field (null = ignored) and whether the owner chose it. */
  columns: { header: string; field: string | null; chosen: boolean }[];
}

/** The column the bad-rows file adds; ignored when that file comes back fixed (docs/import.md#bad-rows). */
export const PROBLEM_COLUMN = 'problem';

/** A header that sounds like consent must be mapped or ignored on purpose, never dropped silently. */
const CONSENT_WORDS = /consent|opt.?in|erlaubt|einwilligung|zgod|dozwol|newsletter|marketing|werbung|sms/;

function fieldLookup(kind: ImportKind): Map<string, string> {
  const lookup = new Map<string, string>();
  for (const [field, aliases] of Object.entries(ALIASES[kind])) {
    lookup.set(headerKey(field), field);
    for (const a of aliases) lookup.set(headerKey(a), field);
  }
  return lookup;
}

/** A field named in a mapping (`sms_consent`, `smsConsent`, `SMS consent`) → its canonical name. */
export function fieldNamed(kind: ImportKind, name: string): string {
  const field = Object.keys(ALIASES[kind]).find((f) => headerKey(f) === headerKey(name));
  if (!field)
    throw new Error(`"${name}" is not a ${kind} field (use one of ${knownColumns(kind).join(', ')})`);
  return field;
}

export function mapHeader(
  kind: ImportKind,
  header: string[],
  choices: ColumnChoices = {},
): { mapping: ColumnMapping; problems: string[] } {
  const lookup = fieldLookup(kind);
  const chosen = new Map(Object.entries(choices).map(([h, f]) => [headerKey(h), f]));
  const mapping: ColumnMapping = { fields: [], headerOf: {}, unknown: [], columns: [] };
  const problems: string[] = [];
  for (const [h, f] of chosen) {
    if (f) {
      try {
        fieldNamed(kind, f);
      } catch (e) {
        problems.push(`mapping for column "${h}": ${(e as Error).message}`);
      }
    }
    if (!header.some((col) => headerKey(col) === h))
      problems.push(`the mapping names a column "${h}" that the file does not have`);
  }
  header.forEach((raw, i) => {
    const h = raw.trim();
    const key = headerKey(h);
    const isChosen = chosen.has(key);
    const choice = chosen.get(key);
    const field = isChosen
      ? choice
        ? Object.keys(ALIASES[kind]).find((f) => headerKey(f) === headerKey(choice))
        : undefined
      : lookup.get(key);
    mapping.columns.push({ header: h, field: field ?? null, chosen: isChosen });
    if (!field) {
      mapping.fields[i] = undefined;
      if (isChosen || !h || key === PROBLEM_COLUMN) return;
      mapping.unknown.push(h);
      if (CONSENT_WORDS.test(key))
        problems.push(
          `column "${h}" looks like consent but is not recognised: map it (e.g. "${h}=smsConsent") or ignore it ("${h}=")`,
        );
    } else if (mapping.headerOf[field] !== undefined) {
      problems.push(`columns "${mapping.headerOf[field]}" and "${h}" both mean ${field}`);
    } else {
      mapping.fields[i] = field;
      mapping.headerOf[field] = h;
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

/** Identifies "a file with the same headers" for a remembered mapping (order and spelling as written). */
export function headerSignature(kind: ImportKind, header: string[]): string {
  return [kind, ...header.map((h) => h.trim()).filter((h) => h && headerKey(h) !== PROBLEM_COLUMN)].join(
    '\u001f',
  );
}

/**
 * `--map "SMS erlaubt=sms_consent"` flags (an empty field ignores the column) merged over a
 * `--mapping file.json` object (`{ "SMS erlaubt": "smsConsent", "Shoe size": null }`).
 */
export function parseColumnChoices(json: unknown, flags: string[] = []): ColumnChoices {
  const out: ColumnChoices = {};
  if (json !== undefined) {
    const obj = (json as { columns?: unknown })?.columns ?? json;
    if (!obj || typeof obj !== 'object' || Array.isArray(obj))
      throw new Error('a mapping must be a JSON object of "column header": "field" (or null to ignore)');
    for (const [h, f] of Object.entries(obj as Record<string, unknown>)) {
      if (f !== null && typeof f !== 'string')
        throw new Error(`mapping for column "${h}" must be a field name or null`);
      out[h] = f ? f : null;
    }
  }
  for (const flag of flags) {
    const at = flag.lastIndexOf('=');
    if (at <= 0)
      throw new Error(`--map "${flag}": write "Column header=field" (or "Column header=" to ignore)`);
    out[flag.slice(0, at).trim()] = flag.slice(at + 1).trim() || null;
  }
  return out;
}
