import type { INestApplication } from '@nestjs/common';
import {
  json,
  urlencoded,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import type { AppConfig } from '@touchbase/config';
import { securityHeaders } from './security-headers';

/**
 * Routes anyone may call without signing in, and the most body each may send. Their bodies are
 * parsed here, before the app-wide parsers (which then skip), so a stranger's request is cut
 * off at a few kilobytes before any work (docs/security.md#bounded-input). Signed webhooks keep
 * their own raw-body parser (see configureApp).
 */
export const PUBLIC_BODY_ROUTES = [
  '/login',
  '/api/auth/login',
  '/api/auth/password-reset',
  '/forgot',
  '/reset',
  '/locale',
  '/u',
  '/r',
  '/storefront',
];
export const PUBLIC_BODY_LIMIT = '16kb';

export function applyPublicLimits(app: INestApplication, config: AppConfig): void {
  const express = app.getHttpAdapter().getInstance() as {
    set(name: string, value: unknown): void;
    disable(name: string): void;
  };
  express.disable('x-powered-by');
  app.use(securityHeaders);
  // who may set X-Forwarded-For: req.ip (the throttle's client address) is only as good as this
  express.set('trust proxy', config.security.trustProxy);
  const limit = PUBLIC_BODY_LIMIT;
  app.use(
    PUBLIC_BODY_ROUTES,
    answered(json({ limit }), limit),
    answered(urlencoded({ limit, extended: false, parameterLimit: 20 }), limit),
  );
}

/**
 * A body parser whose errors become a short JSON answer (no stack, no echo of the input), naming
 * `limit` when the body is too large.
 */
export function answered(parser: RequestHandler, limit: string): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) =>
    parser(req, res, (err?: unknown) => {
      if (!err) return next();
      const e = err as { status?: number; type?: string };
      const status = e.status === 413 ? 413 : e.status === 415 ? 415 : 400;
      const message =
        status === 413
          ? `Request body too large (at most ${limit} here).`
          : 'The request body could not be read.';
      res.status(status).json({ statusCode: status, message });
    });
}
