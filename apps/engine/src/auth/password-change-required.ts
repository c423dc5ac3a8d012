import { HttpException, HttpStatus } from '@nestjs/common';

/** Where a browser goes while its user must change a generated or owner-set password. */
export const CHANGE_PASSWORD_PAGE = '/account?change=1';

/**
 * Thrown by the AuthGuard for a browser page request of a user who must change their password
 * first; the web filters turn it into `303 → /account?change=1` (htmx: HX-Redirect).
 */
export class PasswordChangeRequired extends HttpException {
  constructor() {
    super('Change your password first', HttpStatus.FORBIDDEN);
  }
}
