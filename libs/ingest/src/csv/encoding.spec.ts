import * as iconv from 'iconv-lite';
import { detectDelimiter, detectEncoding, parseEncoding } from './encoding';

const GERMAN =
  'Kundennummer;Vorname;Nachname;E-Mail;Geburtstag;SMS erlaubt\r\n' +
  'K-1;Björn;Größe;bjoern@example.de;24.12.1980;ja\r\n' +
  'K-2;Jürgen;Müller;juergen@example.de;05.11.;nein\r\n' +
  'K-3;Änne;Weiß;aenne@example.de;;x\r\n';
const POLISH =
  'Nr klienta;Imię;Nazwisko;E-mail;Data urodzenia;Zgoda na SMS\r\n' +
  'P-1;Łukasz;Wiśniewski;lukasz@example.pl;24.12.1980;tak\r\n' +
  'P-2;Małgorzata;Żółkiewska;malgosia@example.pl;05.11.;nie\r\n' +
  'P-3;Zofia;Kościuszko;zofia@example.pl;;tak\r\n';

describe('encoding detection', () => {
  it('is certain about byte-order marks and valid UTF-8', () => {
    expect(detectEncoding(Buffer.from('\uFEFF' + GERMAN, 'utf8'))).toEqual({
      encoding: 'utf-8',
      bom: true,
      how: 'bom',
    });
    expect(detectEncoding(Buffer.from(POLISH, 'utf8')).encoding).toBe('utf-8');
    expect(detectEncoding(iconv.encode(GERMAN, 'utf-16le', { addBOM: true }))).toMatchObject({
      encoding: 'utf-16le',
      bom: true,
    });
    expect(detectEncoding(iconv.encode(GERMAN, 'utf-16be', { addBOM: true })).encoding).toBe('utf-16be');
    expect(detectEncoding(iconv.encode(GERMAN, 'utf-16le')).encoding).toBe('utf-16le');
  });

  it('does not take UTF-8 cut inside a character at the end of the sample for another encoding', () => {
    const bytes = Buffer.from(POLISH + 'P-4;Żaneta', 'utf8');
    expect(detectEncoding(bytes.subarray(0, bytes.length - 1)).encoding).toBe('utf-8');
  });

  it('tells German Excel (Windows-1252) from Polish Excel (Windows-1250, ISO-8859-2)', () => {
    expect(detectEncoding(iconv.encode(GERMAN, 'windows-1252'))).toMatchObject({
      encoding: 'windows-1252',
      how: 'detected',
    });
    expect(detectEncoding(iconv.encode(POLISH, 'windows-1250'))).toMatchObject({
      encoding: 'windows-1250',
      how: 'detected',
    });
    expect(detectEncoding(iconv.encode(POLISH, 'iso-8859-2')).encoding).toBe('iso-8859-2');
  });

  it('refuses when unsure, unless the chosen language breaks the tie', () => {
    // "Miłosz;Łódź" in Windows-1250 is "Mi³osz;£ódŸ" in Windows-1252: two short words are too little to tell.
    const unclear = Buffer.from('name;city\r\nMi\xb3osz;\xa3\xf3d\x9f\r\n', 'latin1');
    expect(() => detectEncoding(unclear)).toThrow(/cannot tell the file's encoding.*--encoding/);
    expect(detectEncoding(unclear, 'de')).toMatchObject({ encoding: 'windows-1252', how: 'language' });
    expect(detectEncoding(unclear, 'pl')).toMatchObject({ encoding: 'windows-1250', how: 'language' });
    // Letters both code pages write alike need no choice.
    expect(detectEncoding(iconv.encode('Name\r\nJos\u00e9 Sch\u00f6n\r\n', 'windows-1252')).encoding).toBe(
      'windows-1252',
    );
  });

  it('reads encoding names as people type them', () => {
    expect(parseEncoding('CP1250')).toBe('windows-1250');
    expect(parseEncoding('Latin-1')).toBe('iso-8859-1');
    expect(parseEncoding('UTF8')).toBe('utf-8');
    expect(() => parseEncoding('ebcdic')).toThrow(/unknown encoding "ebcdic" \(use one of utf-8/);
  });

  it('picks the delimiter from the header line, ignoring quoted text', () => {
    expect(detectDelimiter('email,first name')).toBe(',');
    expect(detectDelimiter('E-Mail;Vorname;Nachname')).toBe(';');
    expect(detectDelimiter('email\tname\tphone')).toBe('\t');
    expect(detectDelimiter('"Name, first";"Name, last";email')).toBe(';');
  });
});
