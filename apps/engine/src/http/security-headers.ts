import type { NextFunction, Request, Response } from 'express';

/**
 * Security headers on every answer (docs/security.md#headers). Scripts only from this origin
 * (no inline script anywhere: the views load app.js and htmx, htmx is configured not to inject
 * styles or run scripts from swapped content); inline styles stay allowed for the small public
 * pages. Handlers may still set their own Cache-Control (static assets do).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Pages reached through a secret link: the token must not leak to other sites in Referer. */
const TOKEN_PAGES = /^\/(u|r|reset|storefront\/confirm)\//;
/** Nothing personal, safe to cache. */
const CACHEABLE = /^\/(assets\/|storefront\/notify-me\.js$)/;

export function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Referrer-Policy', TOKEN_PAGES.test(req.path) ? 'no-referrer' : 'same-origin');
  if (!CACHEABLE.test(req.path)) res.setHeader('Cache-Control', 'no-store');
  next();
}
