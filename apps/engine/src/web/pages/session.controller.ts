import {
  Body,
  Controller,
  ForbiddenException,
  Get,
  Inject,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Clock, TooManyAttempts } from '@touchbase/core';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import {
  AccountsService,
  AuthService,
  DEVICE_COOKIE,
  MAX_EMAIL_LENGTH,
  SESSION_COOKIE,
} from '@touchbase/staff';
import { readCookie } from '../../auth/cookies';
import { isCrossSite } from '../../auth/cross-site';
import { AllowedBeforePasswordChange, AnyUser, Public } from '../../auth/access.decorators';
import { webLocale } from '../i18n';
import { LOCALE_COOKIE, WebRenderer } from '../render/web-renderer';
import { WebExceptionFilter } from '../web-exception.filter';
import { viewerOf, WebRequest } from '../web-session';
import { homeFor, safeLocalPath } from './safe-redirect';
import { SettingsService } from '@touchbase/store';

type Form = Record<string, string | undefined>;

/** Sign-in, sign-out, the language switcher and `/` (which sends each role to its home page). */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller()
export class SessionController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly auth: AuthService,
    private readonly accounts: AccountsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ownerSettings: SettingsService,
  ) {}

  @Get()
  @AnyUser()
  home(@Req() req: WebRequest, @Res() res: Response): void {
    res.redirect(303, homeFor(viewerOf(req)?.role));
  }

  @Get('login')
  @Public()
  async loginPage(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Query('next') next?: string,
    @Query('bye') bye?: string,
    @Query('reset') reset?: string,
  ): Promise<void> {
    const me = viewerOf(req);
    if (me?.via === 'session') return res.redirect(303, safeLocalPath(next, homeFor(me.role)));
    res.type('html').send(
      await this.renderer.render(req, 'login', {
        titleKey: 'login.title',
        next: safeLocalPath(next, ''),
        signedOut: bye === '1',
        resetDone: reset === '1',
      }),
    );
  }

  @Post('login')
  @Public()
  async login(@Req() req: WebRequest, @Res() res: Response, @Body() form: Form): Promise<void> {
    const email = String(form.email ?? '').slice(0, MAX_EMAIL_LENGTH);
    const refuse = async (status: number, view: Record<string, unknown>) =>
      res
        .status(status)
        .type('html')
        .send(
          await this.renderer.render(req, 'login', {
            titleKey: 'login.title',
            next: safeLocalPath(form.next, ''),
            email,
            ...view,
          }),
        );
    if (isCrossSite(req, this.ownerSettings.get().publicBaseUrl))
      return void (await refuse(403, { crossSite: true }));
    const device = readCookie(req as never, this.auth.cookieName(DEVICE_COOKIE));
    let signedIn;
    try {
      signedIn = await this.auth.login(String(form.email ?? ''), String(form.password ?? ''), {
        ip: req.ip,
        device,
      });
    } catch (e) {
      if (!(e instanceof TooManyAttempts)) throw e;
      res.setHeader('Retry-After', String(e.retryAfterSeconds));
      return void (await refuse(429, { waitSeconds: e.retryAfterSeconds }));
    }
    if (!signedIn) return void (await refuse(401, { failed: true }));
    // maxAge, not the absolute expiry: the browser's clock need not agree with the engine's Clock
    const now = this.clock.now().getTime();
    for (const c of [signedIn.cookie, signedIn.device]) {
      const { expires, ...options } = c.options;
      res.cookie(c.name, c.value, { ...options, maxAge: Math.max(0, expires.getTime() - now) });
    }
    const home = homeFor(signedIn.user.role);
    res.redirect(303, signedIn.mustChangePassword ? '/account?change=1' : safeLocalPath(form.next, home));
  }

  @Post('logout')
  @AnyUser()
  @AllowedBeforePasswordChange()
  async logout(@Req() req: WebRequest, @Res() res: Response): Promise<void> {
    const me = viewerOf(req);
    if (me?.sessionId) await this.auth.logout(me.sessionId);
    res.clearCookie(this.auth.cookieName(SESSION_COOKIE), { path: '/' });
    res.redirect(303, '/login?bye=1');
  }

  /** Public so the sign-in page can switch language too; signed-in callers must send their CSRF token. */
  @Post('locale')
  @Public()
  async switchLocale(@Req() req: WebRequest, @Res() res: Response, @Body() form: Form): Promise<void> {
    const me = viewerOf(req);
    const locale = webLocale(form.locale);
    if (me) {
      if (me.via === 'session' && !this.auth.csrfMatches(me, req.headers['x-csrf-token'] ?? form._csrf))
        throw new ForbiddenException('Missing or wrong CSRF token.');
      await this.accounts.updateSelf(me.id, { locale }, { sessionId: me.sessionId });
    }
    res.cookie(LOCALE_COOKIE, locale, {
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      maxAge: 365 * 24 * 3600 * 1000,
    });
    res.redirect(303, safeLocalPath(form.back, me ? homeFor(me.role) : '/login'));
  }
}
