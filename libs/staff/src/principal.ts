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
  /**
   * A generated or owner-set password not yet replaced: until it is, the caller may only reach
   * their account (to change it) and sign out (docs/security.md#passwords-that-must-be-changed).
   */
  mustChangePassword?: boolean;
  /** Set for session (cookie) callers. */
  sessionId?: string;
  csrfToken?: string;
}
