import { z } from 'zod';

/**
 * The zod pieces both the environment (app-config.ts) and the owner's settings page
 * (business-settings.ts) are checked with, so a value means the same in either place.
 */
export const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
export const hhmm = z.string().regex(HHMM, 'expected a time as HH:MM (24 h)');

export function isUrlWith(v: string, protocols: string[]): boolean {
  try {
    return protocols.includes(new URL(v).protocol);
  } catch {
    return false;
  }
}

export const url = (protocols: string[]) =>
  z
    .string()
    .refine(
      (v) => isUrlWith(v, protocols),
      `expected a URL starting with ${protocols.map((p) => p + '//').join(' or ')}`,
    );

/** A whole number written as text (an environment variable or a form field) within [min, max]. */
export const int = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'expected a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
