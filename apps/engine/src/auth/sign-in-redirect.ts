import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import { CHANGE_PASSWORD_PAGE, PasswordChangeRequired } from './password-change-required';

/** Thrown by the AuthGuard for a browser page request without a valid session. */
export class SignInRequired extends HttpException {
  constructor(readonly next: string) {
    super('Sign in required', HttpStatus.UNAUTHORIZED);
  }
}

/**
 * Turns SignInRequired into `303 See Other → /login?next=<the page asked for>`, and
 * PasswordChangeRequired into `303 → /account?change=1`.
 */
@Catch(SignInRequired, PasswordChangeRequired)
export class SignInRedirectFilter implements ExceptionFilter {
  catch(e: SignInRequired | PasswordChangeRequired, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (e instanceof PasswordChangeRequired) return res.redirect(303, CHANGE_PASSWORD_PAGE);
    res.redirect(303, `/login?next=${encodeURIComponent(e.next)}`);
  }
}
