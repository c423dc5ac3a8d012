import type { UserRole } from '@touchbase/core';

/** Who a user is: what the caller (Principal) and the API's view of a user (UserView) both carry. */
export interface UserIdentity {
  id: number;
  email: string;
  name: string;
  role: UserRole;
  locale: string;
  timezone: string | null;
}

/** Who is calling: attached to the request by the AuthGuard, read with @CurrentUser(). */
export interface Principal extends UserIdentity {
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
