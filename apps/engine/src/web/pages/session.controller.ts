import { Body, Controller, ForbiddenException, Get, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Clock } from '@touchbase/core';
import { AccountsService, AuthService } from '@touchbase/staff';
import { AnyUser, Public } from '../../auth/access.decorators';
import { webLocale } from '../i18n';
import { LOCALE_COOKIE, WebRenderer } from '../render/web-renderer';
import { WebExceptionFilter } from '../web-exception.filter';
import { viewerOf, WebRequest } from '../web-session';
import { homeFor, safeLocalPath } from './safe-redirect';

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
  ): Promise<void> {
    const me = viewerOf(req);
    if (me?.via === 'session') return res.redirect(303, safeLocalPath(next, homeFor(me.role)));
    res.type('html').send(
      await this.renderer.render(req, 'login', {
        title: 'Sign in',
        next: safeLocalPath(next, ''),
        signedOut: bye === '1',
      }),
    );
  }

  @Post('login')
  @Public()
  async login(@Req() req: WebRequest, @Res() res: Response, @Body() form: Form): Promise<void> {
    const signedIn = await this.auth.login(String(form.email ?? ''), String(form.password ?? ''));
    if (!signedIn) {
      const html = await this.renderer.render(req, 'login', {
        next: safeLocalPath(form.next, ''),
        failed: true,
        email: form.email ?? '',
      });
      res.status(401).type('html').send(html);
      return;
    }
    // maxAge, not the absolute expiry: the browser's clock need not agree with the engine's Clock
    const { expires, ...options } = signedIn.cookie.options;
    res.cookie(signedIn.cookie.name, signedIn.cookie.value, {
      ...options,
      maxAge: Math.max(0, expires.getTime() - this.clock.now().getTime()),
    });
    res.redirect(303, safeLocalPath(form.next, homeFor(signedIn.user.role)));
  }

  @Post('logout')
  @AnyUser()
  async logout(@Req() req: WebRequest, @Res() res: Response): Promise<void> {
    const me = viewerOf(req);
    if (me?.sessionId) await this.auth.logout(me.sessionId);
    res.clearCookie('tb_session', { path: '/' });
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
      await this.accounts.updateSelf(me.id, { locale }, me.sessionId);
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
