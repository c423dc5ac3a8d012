import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { UserRole } from '@touchbase/core';
import { AuthService, Principal, SESSION_COOKIE } from '@touchbase/staff';
import { ALLOWED_BEFORE_PASSWORD_CHANGE, IS_PUBLIC, ROLES } from './access.decorators';
import { PasswordChangeRequired } from './password-change-required';
import { readCookie } from './cookies';
import { SignInRequired } from './sign-in-redirect';
import { Forbidden } from '@touchbase/core';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The global guard (registered as APP_GUARD by StaffHttpModule). It runs for every controller
 * route; routes Nest does not own (Swagger's /api/docs, static files) never reach it.
 *
 * 1. Access rule from the decorators, the handler's own first, else the controller's:
 *    @Public() → anyone; @Roles(...)/@AnyUser() → a signed-in user with one of the roles;
 *    neither → 403 "route has no access rule" (fail closed).
 * 2. Who is calling: `Authorization: Bearer <token>` (api_tokens, sha256) or else the
 *    `tb_session` cookie. Found → req.user (read it with @CurrentUser()). On @Public routes
 *    credentials are optional and a bad one is ignored.
 * 3. None or invalid → 401 JSON; but a browser page request (Accept has text/html, path not
 *    under /api or /webhooks) is redirected 303 to /login?next=<path>.
 * 4. Wrong role → 403.
 * 5. A user who must change a generated or owner-set password reaches only routes marked
 *    @AllowedBeforePasswordChange() (their account, sign-out): pages redirect to
 *    /account?change=1, the API answers 403 saying what to do.
 * 6. CSRF: a cookie-authenticated POST/PUT/PATCH/DELETE must carry the session's CSRF token in
 *    header `x-csrf-token` or body field `_csrf` (removed from the body afterwards so DTOs need
 *    not declare it), else 403. Bearer-token calls are exempt.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<Request & { user?: Principal }>();
    const rule = this.accessRule(ctx);
    // a throttled credential throws TooManyAttempts: the API and page filters answer 429 + Retry-After
    const caller = await this.identify(req, rule === 'public');
    if (caller) req.user = caller;

    if (rule === 'public') return true;
    if (rule === 'none')
      throw new ForbiddenException(
        'This route has no access rule, so it is refused (add @Public(), @Roles() or @AnyUser()).',
      );
    if (!caller) {
      if (isPageRequest(req)) throw new SignInRequired(req.originalUrl ?? req.url);
      throw new UnauthorizedException(
        'Sign in first: send "Authorization: Bearer <token>" or a session cookie.',
      );
    }
    if (!rule.includes(caller.role))
      throw new ForbiddenException(`This needs the role ${rule.join(' or ')}; you are ${caller.role}.`);
    if (caller.mustChangePassword && !this.allowedBeforePasswordChange(ctx)) {
      if (isPageRequest(req)) throw new PasswordChangeRequired();
      throw new Forbidden(
        'Your password was generated or set by an owner: change it first with PATCH /api/me ' +
          '{ "currentPassword": …, "password": … } (or on the account page). Until then only ' +
          '/api/me and sign-out are open.',
      );
    }
    if (caller.via === 'session' && UNSAFE.has(req.method)) this.checkCsrf(req, caller);
    return true;
  }

  private accessRule(ctx: ExecutionContext): 'public' | 'none' | UserRole[] {
    for (const target of [ctx.getHandler(), ctx.getClass()]) {
      const isPublic = this.reflector.get<boolean | undefined>(IS_PUBLIC, target);
      const roles = this.reflector.get<UserRole[] | undefined>(ROLES, target);
      if (isPublic) return 'public';
      if (roles) return roles;
    }
    return 'none';
  }

  private allowedBeforePasswordChange(ctx: ExecutionContext): boolean {
    return [ctx.getHandler(), ctx.getClass()].some((t) =>
      this.reflector.get<boolean | undefined>(ALLOWED_BEFORE_PASSWORD_CHANGE, t),
    );
  }

  private async identify(req: Request, isPublic: boolean): Promise<Principal | null> {
    const header = req.headers.authorization;
    if (typeof header === 'string' && /^bearer\s+/i.test(header))
      return this.auth.fromToken(
        header.replace(/^bearer\s+/i, '').trim(),
        isPublic ? undefined : (req.ip ?? ''),
      );
    const session = readCookie(req as never, this.auth.cookieName(SESSION_COOKIE));
    return session ? this.auth.fromSession(session) : null;
  }

  private checkCsrf(req: Request, caller: Principal): void {
    const body = req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : undefined;
    const submitted = req.headers['x-csrf-token'] ?? body?._csrf;
    if (body && '_csrf' in body) delete body._csrf;
    if (!this.auth.csrfMatches(caller, submitted))
      throw new ForbiddenException(
        'Missing or wrong CSRF token (send the x-csrf-token header or the _csrf form field).',
      );
  }
}

function isPageRequest(req: Request): boolean {
  const path = req.path ?? req.url;
  return (
    (req.headers.accept ?? '').includes('text/html') &&
    !path.startsWith('/api') &&
    !path.startsWith('/webhooks')
  );
}
