import { z } from 'zod';

/**
 * The storefront "notify me" form's settings (docs/shops.md#storefront-notify-me-form). The
 * environment gives the defaults (STOREFRONT_*); the owner may change them on the webhooks/shop
 * settings page, which stores them in the database. Both are checked by these same rules.
 */
export interface StorefrontSettings {
  /** Shop origins allowed to post the form (CORS); none → the form is off. */
  origins: string[];
  /** How long an unconfirmed request can be confirmed, in hours. */
  confirmHours: number;
  /** Requests per client address per hour (then 429). */
  limitPerIp: number;
  /** Confirmation messages per email/phone per day (more are answered but not sent). */
  limitPerAddress: number;
}

export type StorefrontNumberSetting = 'confirmHours' | 'limitPerIp' | 'limitPerAddress';

/** The allowed range of each number setting, inclusive. */
export const STOREFRONT_RANGES: Record<StorefrontNumberSetting, { min: number; max: number }> = {
  confirmHours: { min: 1, max: 720 },
  limitPerIp: { min: 1, max: 10_000 },
  limitPerAddress: { min: 1, max: 100 },
};

const ORIGIN = /^https?:\/\/[^/\s]+$/;

/** Origins as a comma-, space- or line-separated list; a trailing slash is dropped. */
export const storefrontOrigins = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(/[\s,]+/)
      .map((s) => s.trim().replace(/\/+$/, ''))
      .filter(Boolean),
  )
  .pipe(
    z
      .array(z.string().regex(ORIGIN, 'expected origins such as https://shop.example.com'))
      .max(20, 'at most 20 origins'),
  );

/** A whole number written as text (a form field or an environment variable) within the setting's range. */
export const storefrontNumber = (name: StorefrontNumberSetting) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'expected a whole number')
    .transform(Number)
    .pipe(z.number().int().min(STOREFRONT_RANGES[name].min).max(STOREFRONT_RANGES[name].max));

const formSchema = z.object({
  origins: storefrontOrigins,
  confirmHours: storefrontNumber('confirmHours'),
  limitPerIp: storefrontNumber('limitPerIp'),
  limitPerAddress: storefrontNumber('limitPerAddress'),
});

/** Checks settings as entered (text per field): the settings, or each bad field with what is wrong. */
export function parseStorefrontSettings(
  input: Record<keyof StorefrontSettings, string | undefined>,
):
  { ok: true; settings: StorefrontSettings } | { ok: false; problems: { field: string; problem: string }[] } {
  const r = formSchema.safeParse({
    origins: input.origins ?? '',
    confirmHours: input.confirmHours ?? '',
    limitPerIp: input.limitPerIp ?? '',
    limitPerAddress: input.limitPerAddress ?? '',
  });
  if (r.success) return { ok: true, settings: r.data };
  const problems = new Map<string, string>();
  for (const issue of r.error.issues) {
    const field = String(issue.path[0] ?? 'settings');
    if (!problems.has(field)) problems.set(field, issue.message);
  }
  return { ok: false, problems: [...problems].map(([field, problem]) => ({ field, problem })) };
}
