import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';

/** Thrown by the AuthGuard for a browser page request without a valid session. */
export class SignInRequired extends HttpException {
  constructor(readonly next: string) {
    super('Sign in required', HttpStatus.UNAUTHORIZED);
  }
}

/** Turns SignInRequired into `303 See Other → /login?next=<the page asked for>`. */
@Catch(SignInRequired)
export class SignInRedirectFilter implements ExceptionFilter {
  catch(e: SignInRequired, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    res.redirect(303, `/login?next=${encodeURIComponent(e.next)}`);
  }
}
