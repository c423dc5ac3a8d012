import { createHash } from 'node:crypto';

/** API tokens are stored as their SHA-256 hex digest; the plain token is shown once. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
