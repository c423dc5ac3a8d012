import { isUtf8 } from 'node:buffer';
import type * as Chardet from 'chardet';
import type * as IconvLite from 'iconv-lite';
import { lazy, type Locale } from '@touchbase/core';

/** Loaded with the first 8-bit file, not at start-up. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const chardet = lazy(() => require('chardet') as typeof Chardet);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const iconv = lazy(() => require('iconv-lite') as typeof IconvLite);
/**
 * Which text encoding a CSV file is in (see docs/import.md#encodings). Byte-order marks and
 * valid UTF-8 are certain; for 8-bit files chardet's language models tell Western European
 * (Windows-1252 / ISO-8859-1, German Excel) from Central European (Windows-1250 / ISO-8859-2,
 * Polish Excel). When they cannot tell, the file's chosen language decides, and without one
 * the file is refused: a wrong guess would import every umlaut as mojibake.
 */
export const ENCODINGS = [
  'utf-8',
  'utf-16le',
  'utf-16be',
  'windows-1252',
  'windows-1250',
  'iso-8859-1',
  'iso-8859-2',
] as const;
export type Encoding = (typeof ENCODINGS)[number];

const ALIASES: Record<string, Encoding> = {
  utf8: 'utf-8',
  utf16: 'utf-16le',
  utf16le: 'utf-16le',
  unicode: 'utf-16le',
  utf16be: 'utf-16be',
  cp1252: 'windows-1252',
  windows1252: 'windows-1252',
  win1252: 'windows-1252',
  ansi: 'windows-1252',
  cp1250: 'windows-1250',
  windows1250: 'windows-1250',
  win1250: 'windows-1250',
  latin1: 'iso-8859-1',
  iso88591: 'iso-8859-1',
  latin2: 'iso-8859-2',
  iso88592: 'iso-8859-2',
};

/** A name as a person types it (`cp1250`, `Latin-2`, `UTF8`) → the encoding; throws naming the choices. */
export function parseEncoding(name: string): Encoding {
  const key = String(name)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  const found = ALIASES[key] ?? ENCODINGS.find((e) => e.replace(/-/g, '') === key);
  if (!found) throw new Error(`unknown encoding "${name}" (use one of ${ENCODINGS.join(', ')})`);
  return found;
}

export interface DetectedEncoding {
  encoding: Encoding;
  /** The file starts with a byte-order mark (kept when the bad-rows file is written). */
  bom: boolean;
  /** How it was decided, for the report: 'bom' | 'utf-8' | 'detected' | 'language' | 'chosen'. */
  how: 'bom' | 'utf-8' | 'detected' | 'language' | 'chosen';
}

/** Why an encoding could not be decided; the import refuses the file with this message. */
export class EncodingUnclearError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EncodingUnclearError';
  }
}

/** chardet's names per family (ISO-8859-9/Windows-1254 differ from Latin-1 in six letters only). */
const WEST = ['windows-1252', 'iso-8859-1', 'iso-8859-15', 'iso-8859-9', 'windows-1254'];
const CENTRAL = ['windows-1250', 'iso-8859-2'];
/** Points of chardet confidence one family must lead the other by, and reach, to be taken without a language. */
const MARGIN = 10;
const MIN_CONFIDENCE = 33;

/** Cuts a multi-byte character split at the end of a sample, so a valid file is not taken for invalid. */
function wholeUtf8(head: Buffer): Buffer {
  let end = head.length;
  for (let back = 0; back < 3 && end > 0 && (head[end - 1] & 0xc0) === 0x80; back++) end--;
  if (end > 0 && head[end - 1] >= 0xc0) end--;
  return head.subarray(0, end);
}

/** UTF-16 without a byte-order mark: every other byte of Latin text is zero. */
function utf16WithoutBom(head: Buffer): Encoding | null {
  if (head.length < 8) return null;
  let even = 0;
  let odd = 0;
  const n = Math.min(head.length, 4096) & ~1;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) even++;
    if (head[i + 1] === 0) odd++;
  }
  if (odd > n / 2 / 3 && even < n / 2 / 20) return 'utf-16le';
  if (even > n / 2 / 3 && odd < n / 2 / 20) return 'utf-16be';
  return null;
}

/**
 * Decides the encoding from the first bytes of a file (`complete` when they are the whole file).
 * `language` is the import's explicitly chosen language, used only to break a tie.
 */
export function detectEncoding(head: Buffer, language?: Locale, complete = false): DetectedEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf)
    return { encoding: 'utf-8', bom: true, how: 'bom' };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: true, how: 'bom' };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: true, how: 'bom' };
  const utf16 = utf16WithoutBom(head);
  if (utf16) return { encoding: utf16, bom: false, how: 'detected' };
  if (isUtf8(complete ? head : wholeUtf8(head))) return { encoding: 'utf-8', bom: false, how: 'utf-8' };

  const best = (names: string[]) =>
    chardet()
      .analyse(head)
      .filter((m) => names.includes(m.name.toLowerCase()))
      .sort((a, b) => b.confidence - a.confidence)[0];
  const west = best(WEST);
  const central = best(CENTRAL);
  const lead = (west?.confidence ?? 0) - (central?.confidence ?? 0);
  const c1 = head.some((b) => b >= 0x80 && b <= 0x9f);
  // 0x80–0x9F are printable only in the Windows code pages (€ „ “ – ś ź …).
  const centralName = (): Encoding =>
    c1 || central?.name.toLowerCase() !== 'iso-8859-2' ? 'windows-1250' : 'iso-8859-2';
  const winner = Math.max(west?.confidence ?? 0, central?.confidence ?? 0);
  // Where both code pages read the bytes alike (ä ö ü ß ó é …), either is right.
  const same = iconv().decode(head, 'windows-1252') === iconv().decode(head, 'windows-1250');
  const sure = same || winner >= MIN_CONFIDENCE;
  if (sure && lead >= MARGIN) return { encoding: 'windows-1252', bom: false, how: 'detected' };
  if (sure && lead <= -MARGIN) return { encoding: centralName(), bom: false, how: 'detected' };
  if (language === 'pl') return { encoding: centralName(), bom: false, how: 'language' };
  if (same) return { encoding: 'windows-1252', bom: false, how: 'detected' };
  if (language === 'de' || language === 'en')
    return { encoding: 'windows-1252', bom: false, how: 'language' };
  throw new EncodingUnclearError(
    "cannot tell the file's encoding: it is not UTF-8 and could be Windows-1252 (Western European, e.g. German Excel) " +
      "or Windows-1250 (Central European, e.g. Polish Excel). Choose the file's language or its encoding " +
      '(CLI: --locale de or --encoding windows-1250), or save it from Excel as "CSV UTF-8".',
  );
}

/**
 * Picks `,`, `;` or tab from the header line: the one that occurs most outside quotes
 * (German and Polish Excel write `;`, Excel's "Unicode text" tabs).
 */
export function detectDelimiter(firstLine: string): string {
  const unquoted = firstLine.replace(/"[^"]*"/g, '');
  let best = ',';
  let bestCount = 0;
  for (const d of [',', ';', '\t']) {
    const n = unquoted.split(d).length - 1;
    if (n > bestCount) [best, bestCount] = [d, n];
  }
  return best;
}
