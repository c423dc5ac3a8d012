import { Column, ColumnOptions, ValueTransformer } from 'typeorm';

/**
 * Instants are stored as UTC epoch milliseconds in a BIGINT on both SQLite and PostgreSQL.
 * One portable representation keeps the set-based candidate queries identical on both
 * databases (plain integer comparisons, indexable) and can never carry a local offset.
 */
export const instantTransformer: ValueTransformer = {
  to: (value: Date | null | undefined) => (value == null ? value : value.getTime()),
  from: (value: string | number | null) => (value == null ? null : new Date(Number(value))),
};

export function InstantColumn(options: Omit<ColumnOptions, 'type' | 'transformer'> = {}): PropertyDecorator {
  return Column({ type: 'bigint', transformer: instantTransformer, ...options });
}

/** BIGINT counts (money sums) come back from node-postgres as strings. */
export const bigintNumberTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value == null ? null : Number(value)),
};

/** True when the tags are strings in sort order (the default sort's), each once, as the normalizers make them. */
function sortedUnique(tags: unknown[]): boolean {
  if (typeof tags[0] !== 'string') return false;
  for (let i = 1; i < tags.length; i++) {
    const t = tags[i];
    if (typeof t !== 'string' || !((tags[i - 1] as string) < t)) return false;
  }
  return true;
}

/** Tags are stored as ",vip,wholesale," so an audience filter is a portable LIKE '%,vip,%'. */
export const tagsTransformer: ValueTransformer = {
  // tags already in order, each once (every import row's) are joined without a Set and a sort
  to: (value: string[] | null | undefined) =>
    value == null
      ? value
      : value.length
        ? `,${(sortedUnique(value) ? value : [...new Set(value)].sort()).join(',')},`
        : '',
  from: (value: string | string[] | null) =>
    Array.isArray(value) ? value : value ? value.split(',').filter(Boolean) : [],
};

/** JSON in a TEXT column, the same on both databases. */
export const jsonTransformer: ValueTransformer = {
  to: (value: unknown) => (value === undefined ? undefined : JSON.stringify(value ?? null)),
  from: (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : (value ?? null)),
};

export function JsonColumn(options: Omit<ColumnOptions, 'type' | 'transformer'> = {}): PropertyDecorator {
  return Column({ type: 'text', transformer: jsonTransformer, ...options });
}
