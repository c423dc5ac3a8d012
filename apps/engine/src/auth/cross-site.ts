import type { Request } from 'express';

/**
 * True when the browser says the request comes from another site: `Sec-Fetch-Site: cross-site`,
 * or an `Origin` that is neither this host nor the public base URL. Sign-in refuses such
 * requests, so a foreign page cannot sign a visitor into an account of its choosing (login CSRF).
 * Clients that send neither header (scripts, curl) are not browsers and pass.
 */
export function isCrossSite(req: Request, publicBaseUrl: string): boolean {
  if (req.headers['sec-fetch-site'] === 'cross-site') return true;
  const origin = req.headers.origin;
  if (typeof origin !== 'string' || !origin) return false;
  if (origin === 'null') return true;
  try {
    const o = new URL(origin);
    return o.host !== req.headers.host && o.origin !== new URL(publicBaseUrl).origin;
  } catch {
    return true;
  }
}
