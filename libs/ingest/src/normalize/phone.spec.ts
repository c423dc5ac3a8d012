import {
  getCountries,
  getCountryCallingCode,
  parsePhoneNumberFromString,
  CountryCode,
} from 'libphonenumber-js';
import examples from 'libphonenumber-js/mobile/examples';
import { plainPhone, readPhone } from './phone';

/** What the import did before readPhone: the package's default entry point and isValid(). */
function library(text: string, region: string): string | null {
  const parsed = parsePhoneNumberFromString(text, region as CountryCode);
  return parsed && parsed.isValid() ? parsed.number : null;
}

/** A small seeded generator: the same inputs on every run. */
function random(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

/** Inputs in and around the plain shapes, for one region: national, international, IDD, odd ones. */
function inputsFor(region: CountryCode, pick: (n: number) => number): string[] {
  const digits = (n: number) => Array.from({ length: n }, () => pick(10)).join('');
  const grouped = (s: string) => {
    let out = '';
    for (let i = 0; i < s.length; i++) {
      if (i > 1 && pick(4) === 0) out += [' ', '-', '/', '.', ' '][pick(5)];
      out += s[i];
    }
    return out;
  };
  const cc = getCountryCallingCode(region);
  const example = (examples as Record<string, string>)[region] ?? digits(9);
  const out = [example, `0${example}`, `+${cc}${example}`, `+${cc} ${example}`, `00${cc}${example}`];
  out.push(`${cc}${example}`, `+${cc}0${example}`, `+${cc}${example}1`, `0${example.slice(0, -1)}`);
  for (let i = 0; i < 30; i++) {
    const n = 1 + pick(17);
    const starts = ['', '0', '00', cc, `0${cc}`, '1', '011', '8', '9'];
    out.push(grouped(`${starts[pick(starts.length)]}${digits(n)}`));
    out.push(`+${grouped(`${pick(3) ? cc : digits(1 + pick(3))}${digits(n)}`)}`);
    // a changed digit of a valid number: valid or not, the same answer
    const j = pick(example.length);
    out.push(grouped(`0${example.slice(0, j)}${pick(10)}${example.slice(j + 1)}`));
    out.push(`+${cc} ${grouped(`${example.slice(0, j)}${pick(10)}${example.slice(j + 1)}`)}`);
  }
  out.push('+0151 1234', '+49', '123', '0 1 2 3', '0151  1234 5678', '0151 1234 5678 x12', '(0151) 1234');
  return out;
}

describe('readPhone (the import’s phone check)', () => {
  it('answers exactly as libphonenumber-js for every country, in plain and other shapes', () => {
    const pick = random(17);
    let checked = 0;
    let fastValid = 0;
    let fastInvalid = 0;
    const differ: string[] = [];
    for (const region of getCountries()) {
      for (const text of inputsFor(region, pick)) {
        const expected = library(text, region);
        const fast = plainPhone(text, region);
        if (fast === null) fastInvalid++;
        else if (fast !== undefined) fastValid++;
        if (readPhone(text, region) !== expected || (fast !== undefined && fast !== expected))
          differ.push(`${region} "${text}": ${readPhone(text, region)} ≠ ${expected}`);
        checked++;
      }
    }
    expect(differ.slice(0, 20)).toEqual([]);
    // the fast path answered a good share of them, both ways (the comparison is not vacuous)
    expect(checked).toBeGreaterThan(30_000);
    expect(fastValid).toBeGreaterThan(3_000);
    expect(fastInvalid).toBeGreaterThan(3_000);
  });

  it('reads the import’s usual numbers on the fast path, as before', () => {
    expect(plainPhone('0151 1234 5678', 'DE')).toBe('+4915112345678');
    expect(plainPhone('+49 151 12345678', 'PL')).toBe('+4915112345678');
    expect(plainPhone('+4915112345678', 'DE')).toBe('+4915112345678');
    expect(plainPhone('512 345 678', 'PL')).toBe('+48512345678');
    expect(plainPhone('0151 1234 567890123456', 'DE')).toBeNull();
    // the library's cases stay the library's
    expect(plainPhone('0049 151 12345678', 'DE')).toBeUndefined();
    expect(plainPhone('(0151) 12345678', 'DE')).toBeUndefined();
    expect(plainPhone('+1 202 555 0123', 'US')).toBeUndefined();
    expect(readPhone('+1 202 555 0123', 'DE')).toBe(library('+1 202 555 0123', 'DE'));
    expect(readPhone('(0151) 12345678', 'DE')).toBe('+4915112345678');
  });
});
