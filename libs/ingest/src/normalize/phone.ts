import { CountryCode, Metadata, parsePhoneNumberFromString } from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/min/metadata';

/**
 * A phone number read as libphonenumber-js reads it (`parsePhoneNumberFromString(text, region)`
 * with the package's default "min" metadata, then `isValid()`): its E.164 form, or null when it
 * is not a valid number. The same answers, cheaper for the numbers an import mostly has.
 *
 * The library spends ≈ 8 µs on a number, most of it in per-call set-up (option spreads, metadata
 * objects, a `RegExp` built from the region's pattern text three times). For the plain shapes
 * — digits in groups, national ("0151 1234 5678") or E.164 ("+49 151 12345678") — in a numbering
 * plan that is simple to read (one country per calling code, no type patterns, a national prefix
 * that is a plain digit string), this follows the library's own steps with the plan's patterns
 * compiled once per plan: the national prefix is stripped only when the rest is still a viable
 * and possible number, and the number must match the plan's national number pattern. Anything
 * else (extensions, IDD prefixes, a calling code written without "+", letters, shared calling
 * codes such as +1 or +44, …) goes to the library. `phone.spec.ts` holds both to the same
 * answers on every country of the metadata.
 */
export function readPhone(text: string, region: string): string | null {
  const fast = plainPhone(text, region);
  if (fast !== undefined) return fast;
  const parsed = parsePhoneNumberFromString(text, region as CountryCode, metadata);
  return parsed && parsed.isValid() ? parsed.number : null;
}

/**
 * The methods of the library's Metadata this reads (its typings declare few of them; they are the
 * library's internals, which is why package.json pins libphonenumber-js to one minor version and
 * phone.spec compares both readings on every country: an upgrade that changes them fails there).
 */
interface PlanMetadata {
  hasCountry(country: string): boolean;
  hasCallingCode(code: string): boolean;
  getCountryCodesForCallingCode(code: string): string[] | undefined;
  selectNumberingPlan(country: string): void;
  hasTypes(): boolean;
  IDDPrefix(): string;
  nationalNumberPattern(): string;
  nationalPrefixTransformRule(): string | undefined;
  possibleLengths(): number[] | undefined;
  numberingPlan: { callingCode(): string; nationalPrefixForParsing(): string | undefined };
}

/** What the fast path needs of a numbering plan, compiled once. */
interface Plan {
  callingCode: string;
  /** The international (IDD) prefix, as the library searches for it. */
  idd: RegExp;
  /** The national prefix for parsing, anchored (null: the plan has none). */
  prefix: RegExp | null;
  /** The national number pattern, matched entirely. */
  pattern: RegExp;
  possibleLengths: number[] | undefined;
}

const META = new Metadata(metadata) as unknown as PlanMetadata;
/** Per country, and per calling code with a "+": the plan, or null when the library must read it. */
const byCountry = new Map<string, Plan | null>();
const byCallingCode = new Map<string, Plan | null>();

function planOf(country: string): Plan | null {
  let plan = byCountry.get(country);
  if (plan !== undefined) return plan;
  plan = null;
  if (META.hasCountry(country)) {
    META.selectNumberingPlan(country);
    const callingCode = META.numberingPlan.callingCode();
    const prefix = META.numberingPlan.nationalPrefixForParsing();
    if (
      !META.hasTypes() &&
      META.getCountryCodesForCallingCode(callingCode)?.length === 1 &&
      !META.nationalPrefixTransformRule() &&
      (prefix === undefined || /^\d+$/.test(prefix))
    )
      plan = {
        callingCode,
        idd: new RegExp(META.IDDPrefix()),
        prefix: prefix ? new RegExp(`^(?:${prefix})`) : null,
        pattern: new RegExp(`^(?:${META.nationalNumberPattern()})$`),
        possibleLengths: META.possibleLengths(),
      };
  }
  byCountry.set(country, plan);
  return plan;
}

function planOfCallingCode(code: string): Plan | null {
  let plan = byCallingCode.get(code);
  if (plan === undefined) {
    const countries = META.getCountryCodesForCallingCode(code);
    plan = countries?.length === 1 ? planOf(countries[0]) : null;
    byCallingCode.set(code, plan);
  }
  return plan;
}

/** Digits in groups of digits, separated by one space, dash, slash or dot; an optional leading "+". */
const PLAIN = /^\+?\d+(?:[ ./-]\d+)*$/;
const SEPARATORS = /[ ./-]/g;

/** The E.164 form, null for an invalid number, undefined when the library must read it. */
export function plainPhone(text: string, region: string): string | null | undefined {
  if (text.length > 250 || !PLAIN.test(text)) return undefined;
  const digits = text.replace(SEPARATORS, '');
  if (digits.length < 4) return undefined;
  let plan: Plan | null;
  let number: string;
  if (digits[0] === '+') {
    if (digits[1] === '0') return undefined;
    // the calling code is the shortest of 1–3 digits the metadata knows (the library's loop)
    let i = 1;
    while (i <= 3 && !META.hasCallingCode(digits.slice(1, i + 1))) i++;
    if (i > 3) return undefined;
    plan = planOfCallingCode(digits.slice(1, i + 1));
    number = digits.slice(i + 1);
    if (!plan || !number) return undefined;
  } else {
    plan = planOf(region);
    number = digits;
    // an IDD prefix ("00 49 …") or the calling code written without "+" ("49 151 …"): the library's
    if (!plan || number.search(plan.idd) === 0 || number.startsWith(plan.callingCode)) return undefined;
  }
  const national = nationalNumber(number, plan);
  if (national.length < 2 || national.length > 17 || !plan.pattern.test(national)) return null;
  return `+${plan.callingCode}${national}`;
}

/** The number without its national prefix, when stripping leaves a possible number (the library's rule). */
function nationalNumber(number: string, plan: Plan): string {
  const m = plan.prefix?.exec(number);
  if (!m || !m[0]) return number;
  const rest = number.slice(m[0].length);
  if (plan.pattern.test(number) && !plan.pattern.test(rest)) return number;
  const lengths = plan.possibleLengths;
  if (lengths) {
    const n = rest.length;
    if (n < lengths[0]) return number; // too short
    if (n <= lengths[lengths.length - 1] && n !== lengths[0] && lengths.indexOf(n, 1) < 0) return number; // invalid length
  }
  return rest;
}
