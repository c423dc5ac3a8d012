import type { FieldProblem } from '@touchbase/core';

/**
 * A rule kind's parameters, described once (see docs/contributing.md#how-to-add-a-rule-kind).
 * The API and YAML validation (readParams below), the web form and docs/rules.md are all
 * derived from these descriptions; a kind adds only the checks that span several parameters.
 */
export interface Text {
  en: string;
  de: string;
  pl: string;
}

interface Described {
  /** The key in the rule's `params` (for `duration`, the key it is given under). */
  name: string;
  label: Text;
  help: Text;
}

export type ParamSpec = Described &
  (
    | {
        type: 'int';
        min: number;
        max: number;
        /** Absent: required, unless `optional` (then stored as null). */
        default?: number;
        optional?: boolean;
        unit?: 'days' | 'minutes' | 'customers' | 'rating' | 'points';
      }
    | { type: 'number'; above: number; max: number; optional: true; unit?: 'percent' }
    | { type: 'time'; default: string }
    | { type: 'choice'; options: readonly string[]; default?: string; optionLabels?: Record<string, Text> }
    | { type: 'bool'; default: boolean }
    /** Given as "30m" / "2h" / "1d" or { hours: 2 }; stored as whole minutes under `stored`. */
    | { type: 'duration'; stored: string; default: number; max: number }
    /** A minimum amount per ISO currency, in minor units: { EUR: 20000, USD: 25000 }. */
    | { type: 'money'; required: boolean }
    | { type: 'text'; pattern: RegExp; example: string }
    | { type: 'ids' }
    /** A nested object, absent (stored as null) or complete. */
    | { type: 'group'; fields: ParamSpec[] }
  );

export type ParamValues = Record<string, unknown>;

const UNIT_MINUTES: Record<string, number> = { minutes: 1, hours: 60, days: 1440 };
const SUFFIX_MINUTES: Record<string, number> = { m: 1, h: 60, d: 1440 };

/** 2880 → "2d", 90 → "90m", 120 → "2h": the shortest exact way to write a duration. */
export function formatDuration(minutes: number): string {
  if (minutes > 0 && minutes % 1440 === 0) return `${minutes / 1440}d`;
  if (minutes > 0 && minutes % 60 === 0) return `${minutes / 60}h`;
  return `${minutes}m`;
}

export function parseDuration(raw: unknown): number | null {
  if (typeof raw === 'string') {
    const m = /^(\d+)\s*(m|h|d)$/.exec(raw.trim());
    return m ? Number(m[1]) * SUFFIX_MINUTES[m[2]] : null;
  }
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    const entries = Object.entries(raw as Record<string, unknown>);
    if (entries.length !== 1) return null;
    const [unit, n] = entries[0];
    return UNIT_MINUTES[unit] && Number.isInteger(n) && (n as number) >= 0
      ? (n as number) * UNIT_MINUTES[unit]
      : null;
  }
  return null;
}

const present = (v: unknown) => v !== undefined && v !== null;

/**
 * Checks raw parameters (API, YAML, form, or stored) against the descriptions and returns them
 * in their stored form with defaults filled in. Reading the stored form again gives it back
 * unchanged, so a rule saved once always re-validates (see docs/rules.md).
 */
export function readParams(
  specs: readonly ParamSpec[],
  raw: ParamValues,
  prefix = 'params',
): { params: ParamValues; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const params: ParamValues = {};
  const known = new Set<string>();
  for (const spec of specs) {
    known.add(spec.name);
    if (spec.type === 'duration') known.add(spec.stored);
    const [key, value] = readOne(spec, raw, `${prefix}.${spec.name}`, problems);
    params[key] = value;
  }
  for (const k of Object.keys(raw))
    if (!known.has(k))
      problems.push({ field: `${prefix}.${k}`, problem: 'is not a parameter of this rule kind' });
  return { params, problems };
}

function readOne(
  spec: ParamSpec,
  raw: ParamValues,
  field: string,
  problems: FieldProblem[],
): [string, unknown] {
  const v = raw[spec.name];
  const bad = (problem: string) => problems.push({ field, problem });
  switch (spec.type) {
    case 'int': {
      const fallback = spec.optional ? null : (spec.default ?? spec.min);
      if (!present(v)) {
        if (spec.default === undefined && !spec.optional)
          bad(`is required (an integer ${spec.min}–${spec.max})`);
        return [spec.name, spec.optional ? null : fallback];
      }
      if (typeof v !== 'number' || !Number.isInteger(v) || v < spec.min || v > spec.max) {
        bad(`must be an integer ${spec.min}–${spec.max}`);
        return [spec.name, fallback];
      }
      return [spec.name, v];
    }
    case 'number':
      if (!present(v)) return [spec.name, null];
      if (typeof v !== 'number' || !Number.isFinite(v) || v <= spec.above || v > spec.max) {
        bad(`must be a number greater than ${spec.above} and at most ${spec.max}`);
        return [spec.name, null];
      }
      return [spec.name, v];
    case 'time':
      if (!present(v)) return [spec.name, spec.default];
      if (typeof v !== 'string' || !/^([01]\d|2[0-3]):[0-5]\d$/.test(v)) {
        bad('must be a time as HH:MM (24 h), e.g. "09:00"');
        return [spec.name, spec.default];
      }
      return [spec.name, v];
    case 'choice':
      if (!present(v)) {
        if (spec.default === undefined) bad(`is required (one of ${spec.options.join(', ')})`);
        return [spec.name, spec.default ?? null];
      }
      if (typeof v !== 'string' || !spec.options.includes(v)) {
        bad(`must be one of ${spec.options.join(', ')}`);
        return [spec.name, spec.default ?? null];
      }
      return [spec.name, v];
    case 'bool':
      if (!present(v)) return [spec.name, spec.default];
      if (typeof v !== 'boolean') {
        bad('must be true or false');
        return [spec.name, spec.default];
      }
      return [spec.name, v];
    case 'duration': {
      const stored = raw[spec.stored];
      if (!present(v) && !present(stored)) return [spec.stored, spec.default];
      const minutes = present(v)
        ? parseDuration(v)
        : Number.isInteger(stored) && (stored as number) >= 0
          ? (stored as number)
          : null;
      if (minutes === null || minutes > spec.max) {
        problems.push({
          field: present(v) ? field : field.replace(/[^.]+$/, spec.stored),
          problem: `must be "30m" / "2h" / "1d" or { minutes: n } | { hours: n } | { days: n }, at most ${formatDuration(spec.max)}`,
        });
        return [spec.stored, spec.default];
      }
      return [spec.stored, minutes];
    }
    case 'money':
      return [spec.name, readAmounts(v, spec.required, field, problems)];
    case 'text':
      if (typeof v !== 'string' || !spec.pattern.test(v.trim())) {
        bad(present(v) ? `must look like ${spec.example}` : `is required (e.g. ${spec.example})`);
        return [spec.name, typeof v === 'string' ? v : ''];
      }
      return [spec.name, v.trim()];
    case 'ids':
      if (!present(v)) return [spec.name, []];
      if (!Array.isArray(v) || v.some((id) => !Number.isInteger(id) || id <= 0)) {
        bad('must be a list of rule ids, e.g. [1, 4]');
        return [spec.name, []];
      }
      return [spec.name, v];
    case 'group': {
      if (!present(v)) return [spec.name, null];
      if (typeof v !== 'object' || Array.isArray(v)) {
        bad(`must be { ${spec.fields.map((f) => f.name).join(', ')} }`);
        return [spec.name, null];
      }
      const inner = readParams(spec.fields, v as ParamValues, field);
      problems.push(...inner.problems);
      return [spec.name, inner.params];
    }
  }
}

function readAmounts(
  raw: unknown,
  required: boolean,
  field: string,
  problems: FieldProblem[],
): Record<string, number> {
  if (!present(raw)) {
    if (required)
      problems.push({
        field,
        problem: 'is required: minimum totals per currency in minor units, e.g. { EUR: 20000 }',
      });
    return {};
  }
  if (typeof raw !== 'object' || Array.isArray(raw) || !Object.keys(raw as object).length) {
    problems.push({
      field,
      problem: 'must map currency codes to minimum totals in minor units, e.g. { EUR: 20000 }',
    });
    return {};
  }
  const out: Record<string, number> = {};
  for (const [cur, amount] of Object.entries(raw as Record<string, unknown>)) {
    if (!/^[A-Z]{3}$/.test(cur))
      problems.push({ field: `${field}.${cur}`, problem: 'is not an ISO 4217 currency code' });
    else if (typeof amount !== 'number' || !Number.isInteger(amount) || amount <= 0)
      problems.push({
        field: `${field}.${cur}`,
        problem: 'must be a positive whole amount in minor units (cents)',
      });
    else out[cur] = amount;
  }
  return out;
}

/** Every kind's `fallback`: what to do when no channel the customer consented to is left. */
export const FALLBACK_PARAM: ParamSpec = {
  name: 'fallback',
  type: 'choice',
  options: ['task', 'skip'],
  default: 'skip',
  label: { en: 'Without consent', de: 'Ohne Einwilligung', pl: 'Bez zgody' },
  help: {
    en: 'If the customer has not agreed to any of their channels: skip them, or make a task for staff instead.',
    de: 'Wenn die Kundin keinem ihrer Kanäle zugestimmt hat: überspringen oder stattdessen eine Aufgabe für das Team anlegen.',
    pl: 'Gdy klient nie zgodził się na żaden kanał: pomiń go albo utwórz zadanie dla zespołu.',
  },
  optionLabels: {
    skip: { en: 'skip', de: 'überspringen', pl: 'pomiń' },
    task: { en: 'make a task', de: 'Aufgabe anlegen', pl: 'utwórz zadanie' },
  },
};

export type ConsentFallback = 'task' | 'skip';
