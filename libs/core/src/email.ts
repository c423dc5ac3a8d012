import isEmail from 'validator/lib/isEmail';

/** validator's isEmail (the check class-validator's @IsEmail runs): Unicode local parts, a TLD. */
const RULES = { allow_utf8_local_part: true, require_tld: true } as const;
/**
 * The same rules with validator's length checks left to `withinLengths` (which makes the same
 * decisions without validator's cost: it measured an address's bytes by splitting it into one
 * string per character, a third of the check's time in an import).
 */
const RULES_LENGTHS_CHECKED = { ...RULES, ignore_max_length: true } as const;
/** Any well-formed domain, only to check the local part of a `…@localhost` address. */
const ANY_DOMAIN = 'example.com';

/** validator's isByteLength count: UTF-8 bytes as `encodeURI` writes them (throws on a lone surrogate, as it does). */
function byteLength(text: string): number {
  for (let i = 0; i < text.length; i++)
    if (text.charCodeAt(i) > 0x7f) return encodeURI(text).split(/%..|./).length - 1;
  return text.length; // ASCII: one byte per character, also for what encodeURI escapes (%XX counts once)
}

/**
 * What `ignore_max_length: true` turns off in validator's isEmail, in the same order: at most
 * 254 characters, at most 64 bytes before the last @ and 254 after it, no domain label longer
 * than 63 characters.
 */
function withinLengths(value: string): boolean {
  if (value.length > 254) return false;
  const at = value.lastIndexOf('@');
  const domain = value.slice(at + 1);
  if (byteLength(value.slice(0, Math.max(at, 0))) > 64 || byteLength(domain) > 254) return false;
  for (let start = 0; start <= domain.length;) {
    const dot = domain.indexOf('.', start);
    const end = dot === -1 ? domain.length : dot;
    if (end - start > 63) return false;
    start = end + 1;
  }
  return true;
}

/** validator's isEmail with RULES, answered the same way but faster (see withinLengths). */
function isEmailByRules(value: string): boolean {
  return withinLengths(value) && isEmail(value, RULES_LENGTHS_CHECKED);
}

/**
 * The one email check (customers, staff users, test-sends, settings): an address as validator's
 * isEmail reads it with a top-level domain required, plus `name@localhost` — the embedded
 * default's own addresses (owner@localhost) live there. No display names (`Anna <a@b.c>`), no
 * IP-literal domains, at most 64 characters before the @ and 254 after. Callers trim and
 * lower-case first where they store the address (see docs/architecture.md#errors-and-validation).
 */
export function isEmailAddress(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  if (isEmailByRules(value)) return true;
  const at = value.lastIndexOf('@');
  return (
    at > 0 &&
    value.slice(at + 1).toLowerCase() === 'localhost' &&
    isEmailByRules(`${value.slice(0, at)}@${ANY_DOMAIN}`)
  );
}
