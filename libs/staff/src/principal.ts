import type { UserRole } from '@touchbase/core';

/** Who is calling: attached to the request by the AuthGuard, read with @CurrentUser(). */
export interface Principal {
  id: number;
  email: string;
  name: string;
  role: UserRole;
  locale: string;
  timezone: string | null;
  /** How the caller proved who they are. */
  via: 'token' | 'session';
  /** Set for session (cookie) callers. */
  sessionId?: string;
  csrfToken?: string;
}
