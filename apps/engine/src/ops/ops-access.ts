import type { NextFunction, Request, Response } from 'express';
import type { AppConfig } from '@touchbase/config';
import { AuthService, Principal, SESSION_COOKIE } from '@touchbase/staff';
import { readCookie } from '../auth/cookies';
import { DomainError } from '@touchbase/core';
import { sendDomainError } from '../http/domain-errors';

/**
 * /api/docs (Swagger, mounted outside Nest's guard) needs a signed-in user unless OPS_PUBLIC
 * (default: public only outside production; docs/security.md#personal-data-in-logs-errors-and-files).
 */
export function docsAccess(auth: AuthService, config: AppConfig) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (config.security.opsPublic) return next();
    try {
      if (await callerOf(auth, req)) return next();
    } catch (e) {
      // outside Nest, so the API filter's mapping is applied here (429 + Retry-After when throttled)
      if (e instanceof DomainError) return sendDomainError(res, e);
      return next(e);
    }
    if ((req.headers.accept ?? '').includes('text/html'))
      return res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
    res.status(401).json({ statusCode: 401, message: 'The API documentation needs a signed-in user.' });
  };
}

/** The signed-in caller (Bearer token or session cookie), as the AuthGuard would find them. */
export async function callerOf(auth: AuthService, req: Request): Promise<Principal | null> {
  const header = req.headers.authorization;
  if (typeof header === 'string' && /^bearer\s+/i.test(header))
    return auth.fromToken(header.replace(/^bearer\s+/i, '').trim(), req.ip);
  const session = readCookie(req as never, auth.cookieName(SESSION_COOKIE));
  return session ? auth.fromSession(session) : null;
}
