import type { FieldProblem } from '@touchbase/core';
import { TIER_BASES, type TierBasis } from '@touchbase/store';

/** A tier as the API and the web form give it. `minSpendMinor` is in the business currency's minor units. */
export interface TierInput {
  name?: unknown;
  rank?: unknown;
  basis?: unknown;
  minSpendMinor?: unknown;
  minOrders?: unknown;
  windowDays?: unknown;
  match?: unknown;
}

/** A checked tier, every default filled in. */
export interface ValidTier {
  name: string;
  rank: number;
  basis: TierBasis;
  minSpendMinor: number | null;
  minOrders: number | null;
  windowDays: number;
  match: 'all' | 'any';
}

/** Why a tier was refused: the code picks the words in the reader's language (`tiers.err.<code>`). */
export interface TierProblem extends FieldProblem {
  code: string;
}

export const TIER_FIELDS = ['name', 'rank', 'basis', 'minSpendMinor', 'minOrders', 'windowDays', 'match'];

const PROBLEM = {
  unknownField: 'is not a field of a tier',
  name: 'is required: 1–50 characters, no commas or line breaks',
  rank: 'must be a whole number 1–100 (1 is the highest tier)',
  basis: `must be one of ${TIER_BASES.join(', ')}`,
  minSpend: 'must be a whole amount in minor units, 1 or more, or empty',
  minOrders: 'must be a whole number 1–100000, or empty',
  windowDays: 'must be a whole number of days 1–3650',
  match: 'must be all or any',
  threshold: 'an activity tier needs a minimum spend, a minimum order count, or both',
  nameTaken: 'a tier with this name already exists',
} as const;
export type TierProblemCode = keyof typeof PROBLEM;

export function tierProblem(field: string, code: TierProblemCode): TierProblem {
  return { field, code, problem: PROBLEM[code] };
}

const isInt = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const blank = (v: unknown) => v === undefined || v === null || v === '';

/**
 * Checks a whole tier (the stored one merged with a change). A manual tier keeps no thresholds;
 * an activity tier needs at least one (docs/ingest.md#service-tiers).
 */
export function validateTier(input: TierInput): { tier: ValidTier; problems: TierProblem[] } {
  const problems: TierProblem[] = [];
  for (const k of Object.keys(input))
    if (!TIER_FIELDS.includes(k) && (input as Record<string, unknown>)[k] !== undefined)
      problems.push(tierProblem(k, 'unknownField'));
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (!name || name.length > 50 || /[,\r\n\t]/.test(name)) problems.push(tierProblem('name', 'name'));
  const rank = input.rank;
  if (!isInt(rank, 1, 100)) problems.push(tierProblem('rank', 'rank'));
  const basis = (input.basis ?? 'manual') as TierBasis;
  if (!TIER_BASES.includes(basis)) problems.push(tierProblem('basis', 'basis'));
  const match = (input.match ?? 'any') as 'all' | 'any';
  if (match !== 'all' && match !== 'any') problems.push(tierProblem('match', 'match'));
  const windowDays = blank(input.windowDays) ? 365 : input.windowDays;
  if (!isInt(windowDays, 1, 3650)) problems.push(tierProblem('windowDays', 'windowDays'));
  let minSpendMinor: number | null = null;
  let minOrders: number | null = null;
  if (basis === 'activity') {
    if (!blank(input.minSpendMinor)) {
      if (isInt(input.minSpendMinor, 1, Number.MAX_SAFE_INTEGER)) minSpendMinor = input.minSpendMinor;
      else problems.push(tierProblem('minSpendMinor', 'minSpend'));
    }
    if (!blank(input.minOrders)) {
      if (isInt(input.minOrders, 1, 100_000)) minOrders = input.minOrders;
      else problems.push(tierProblem('minOrders', 'minOrders'));
    }
    if (
      blank(input.minSpendMinor) &&
      blank(input.minOrders) &&
      !problems.some((p) => p.field === 'minSpendMinor' || p.field === 'minOrders')
    )
      problems.push(tierProblem('minSpendMinor', 'threshold'));
  }
  return {
    tier: {
      name,
      rank: rank as number,
      basis,
      minSpendMinor,
      minOrders,
      windowDays: windowDays as number,
      match,
    },
    problems,
  };
}
