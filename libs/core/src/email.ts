import isEmail from 'validator/lib/isEmail';

/** validator's isEmail (the check class-validator's @IsEmail runs): Unicode local parts, a TLD. */
const RULES = { allow_utf8_local_part: true, require_tld: true } as const;
/** Any well-formed domain, only to check the local part of a `…@localhost` address. */
const ANY_DOMAIN = 'example.com';

/**
 * The one email check (customers, staff users, test-sends, settings): an address as validator's
 * isEmail reads it with a top-level domain required, plus `name@localhost` — the embedded
 * default's own addresses (owner@localhost) live there. No display names (`Anna <a@b.c>`), no
 * IP-literal domains, at most 64 characters before the @ and 254 after. Callers trim and
 * lower-case first where they store the address (see docs/architecture.md#errors-and-validation).
 */
export function isEmailAddress(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    if (isEmail(value, RULES)) return true;
    const at = value.lastIndexOf('@');
    return (
      at > 0 &&
      value.slice(at + 1).toLowerCase() === 'localhost' &&
      isEmail(`${value.slice(0, at)}@${ANY_DOMAIN}`, RULES)
    );
  } catch {
    // validator measures a part's bytes with encodeURI, which throws on a lone surrogate: not an address
    return false;
  }
}
