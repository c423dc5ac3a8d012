import { MAX_LIST_OFFSET } from '@touchbase/core';

/** Limit/offset paging, capped so no request can pull the whole store. */
export interface PageQuery {
  limit?: number;
  offset?: number;
  q?: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export const MAX_PAGE_SIZE = 200;

export const DEFAULT_PAGE_SIZE = 50;

export function pageBounds(q: PageQuery): { limit: number; offset: number } {
  const limit = Math.min(Math.max(Math.trunc(q.limit ?? DEFAULT_PAGE_SIZE), 1), MAX_PAGE_SIZE);
  const offset = Math.min(Math.max(Math.trunc(q.offset ?? 0), 0), MAX_LIST_OFFSET);
  return { limit, offset };
}

/** A LIKE pattern for a search term, with %, _ and \ escaped (use with ESCAPE '\'). */
export function likePattern(term: string, lower = true): string {
  const t = term.trim().normalize('NFC');
  return `%${(lower ? t.toLowerCase() : t).replace(/[\\%_]/g, (c) => '\\' + c)}%`;
}
