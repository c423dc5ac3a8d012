import { ACTION_CHANNELS, FieldProblem, LOCALES } from '@touchbase/core';
import type { AudienceFilter } from '@touchbase/store';
import type { RuleKindRegistry } from './kinds/rule-kind.registry';
import { validateParams } from './kinds/rule-kind';

/** A checked rule with every default filled in: the one description of a rule's fields. */
export interface ValidRule {
  name: string;
  /** What customers see, per locale (YAML `public_label`); the name stays internal. */
  publicLabel: Partial<Record<string, string>>;
  kind: string;
  params: Record<string, unknown>;
  channel: string;
  templateKey: string;
  audience: AudienceFilter;
  priority: number;
  transactional: boolean;
  gracePeriodMinutes: number;
  holdoutPercent: number;
  enabled: boolean;
}

/** A rule as the API and the YAML file give it (camelCase; YAML may also use snake_case). */
export type RuleInput = Partial<ValidRule>;

/** The fields of a rule, as a list (the compiler holds it equal to ValidRule's keys). */
export const RULE_FIELDS = [
  'name',
  'publicLabel',
  'kind',
  'params',
  'channel',
  'templateKey',
  'audience',
  'priority',
  'transactional',
  'gracePeriodMinutes',
  'holdoutPercent',
  'enabled',
] as const satisfies readonly (keyof ValidRule)[];
const _everyField: Exclude<keyof ValidRule, (typeof RULE_FIELDS)[number]> extends never ? true : never = true;
void _everyField;

/** A stored rule's fields as an input, to merge a change into before checking the whole rule again. */
export function ruleInputOf(rule: ValidRule): RuleInput {
  return Object.fromEntries(RULE_FIELDS.map((f) => [f, rule[f]])) as RuleInput;
}

/** template_key → templateKey, so a YAML file reads naturally. */
export function camelKeys(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw))
    out[k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = v;
  return out;
}

const isInt = (v: unknown, min: number, max: number) =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/**
 * Checks a whole rule (the existing one merged with a change), fills in defaults and the kind's
 * parameter defaults. Every problem names its field.
 */
export function validateRule(
  input: RuleInput,
  kinds: RuleKindRegistry,
): { rule: ValidRule; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const bad = (field: string, problem: string) => problems.push({ field, problem });
  for (const k of Object.keys(input))
    if (
      !(RULE_FIELDS as readonly string[]).includes(k) &&
      (input as Record<string, unknown>)[k] !== undefined
    )
      bad(k, 'is not a field of a rule');
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (!name || name.length > 200) bad('name', 'is required (1–200 characters)');
  const publicLabel = validatePublicLabel(input.publicLabel, bad);
  const kind = kinds.get(String(input.kind ?? ''));
  if (!kind) bad('kind', `must be one of ${kinds.names().join(', ')}`);
  const channel = input.channel ?? kind?.ruleDefaults?.channel ?? 'email';
  if (!ACTION_CHANNELS.includes(channel as never))
    bad('channel', `must be one of ${ACTION_CHANNELS.join(', ')}`);
  const templateKey = input.templateKey ?? String(input.kind ?? '');
  if (typeof templateKey !== 'string' || !/^[a-z0-9][a-z0-9_.-]{0,99}$/i.test(templateKey))
    bad('templateKey', 'must be a template key (letters, digits, _ . -; up to 100)');
  let params: Record<string, unknown> = {};
  const rawParams = input.params ?? {};
  if (typeof rawParams !== 'object' || Array.isArray(rawParams))
    bad('params', 'must be an object of the kind’s parameters');
  else if (kind) {
    const v = validateParams(kind, rawParams);
    problems.push(...v.problems);
    params = v.params as Record<string, unknown>;
  }
  const audience = validateAudience(input.audience, bad);
  const priority = input.priority ?? 0;
  if (!isInt(priority, -1000, 1000)) bad('priority', 'must be an integer −1000–1000');
  const transactional = input.transactional ?? kind?.ruleDefaults?.transactional ?? false;
  if (typeof transactional !== 'boolean') bad('transactional', 'must be true or false');
  const gracePeriodMinutes = input.gracePeriodMinutes ?? 1440;
  if (!isInt(gracePeriodMinutes, 0, 10_080))
    bad('gracePeriodMinutes', 'must be an integer 0–10080 (minutes, up to 7 days)');
  const holdoutPercent = input.holdoutPercent ?? 0;
  if (!isInt(holdoutPercent, 0, 50)) bad('holdoutPercent', 'must be an integer 0–50');
  const enabled = input.enabled ?? true;
  if (typeof enabled !== 'boolean') bad('enabled', 'must be true or false');
  return {
    rule: {
      name,
      publicLabel,
      kind: String(input.kind),
      params,
      channel,
      templateKey,
      audience,
      priority,
      transactional,
      gracePeriodMinutes,
      holdoutPercent,
      enabled,
    },
    problems,
  };
}

/** { en: 'your birthday greeting', de: … }: 1–200 characters per locale, empty ones left out. */
function validatePublicLabel(
  raw: unknown,
  bad: (field: string, problem: string) => void,
): Partial<Record<string, string>> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    bad('publicLabel', `must map locales (${LOCALES.join(', ')}) to what customers see`);
    return {};
  }
  const out: Partial<Record<string, string>> = {};
  for (const [locale, text] of Object.entries(raw as Record<string, unknown>)) {
    if (!LOCALES.includes(locale as never))
      bad(`publicLabel.${locale}`, `is not one of ${LOCALES.join(', ')}`);
    else if (typeof text !== 'string' || text.trim().length > 200)
      bad(`publicLabel.${locale}`, 'must be a text of up to 200 characters');
    else if (text.trim()) out[locale] = text.trim();
  }
  return out;
}

function validateAudience(raw: unknown, bad: (field: string, problem: string) => void): AudienceFilter {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    bad('audience', 'must be an object { tags, minLifetimeSpendMinor, hasPurchased, locales, tiers }');
    return {};
  }
  const a = camelKeys(raw as Record<string, unknown>);
  const out: AudienceFilter = {};
  for (const k of Object.keys(a))
    if (!['tags', 'minLifetimeSpendMinor', 'hasPurchased', 'locales', 'tiers'].includes(k))
      bad(`audience.${k}`, 'is not an audience filter');
  if (a.tags !== undefined) {
    if (!Array.isArray(a.tags) || a.tags.some((t) => typeof t !== 'string' || !/^[\w-]{1,50}$/.test(t)))
      bad('audience.tags', 'must be a list of tags (letters, digits, _ or -)');
    else out.tags = a.tags as string[];
  }
  if (a.minLifetimeSpendMinor !== undefined) {
    if (!isInt(a.minLifetimeSpendMinor, 0, Number.MAX_SAFE_INTEGER))
      bad('audience.minLifetimeSpendMinor', 'must be a whole amount in minor units, 0 or more');
    else out.minLifetimeSpendMinor = a.minLifetimeSpendMinor as number;
  }
  if (a.hasPurchased !== undefined) {
    if (typeof a.hasPurchased !== 'boolean') bad('audience.hasPurchased', 'must be true or false');
    else out.hasPurchased = a.hasPurchased;
  }
  if (a.locales !== undefined) {
    if (!Array.isArray(a.locales) || a.locales.some((l) => !LOCALES.includes(l)))
      bad('audience.locales', `must be a list of ${LOCALES.join(', ')}`);
    else out.locales = a.locales as string[];
  }
  if (a.tiers !== undefined) {
    // names are checked against the defined tiers when the rule is saved (RulesService)
    if (
      !Array.isArray(a.tiers) ||
      a.tiers.some((t) => typeof t !== 'string' || !t.trim() || t.length > 50 || /[,\r\n]/.test(t))
    )
      bad('audience.tiers', 'must be a list of tier names');
    else if (a.tiers.length) out.tiers = (a.tiers as string[]).map((t) => t.trim());
  }
  return out;
}
