import type { Request } from 'express';
import type { Principal } from '@touchbase/staff';

/** A request as the web pages see it: the AuthGuard's Principal, and a locale for signed-out pages. */
export type WebRequest = Request & { user?: Principal; webLocale?: string };

/** The signed-in person (null on public pages such as sign-in). */
export function viewerOf(req: WebRequest): Principal | null {
  return req.user ?? null;
}

/** True for requests made by htmx (they get fragments, not whole pages). */
export function isHtmx(req: Request): boolean {
  return req.headers['hx-request'] === 'true';
}
