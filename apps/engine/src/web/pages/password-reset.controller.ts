import { Body, Controller, Get, Inject, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { NotFound, TooManyAttempts, ValidationFailed } from '@touchbase/core';
import {
  MAX_EMAIL_LENGTH,
  MIN_PASSWORD_LENGTH,
  PASSWORD_RESET_MINUTES,
  PasswordResetService,
} from '@touchbase/staff';
import { Public } from '../../auth/access.decorators';
import { isCrossSite } from '../../auth/cross-site';
import { WebRenderer } from '../render/web-renderer';
import { WebExceptionFilter } from '../web-exception.filter';
import { WebRequest } from '../web-session';
import { SettingsService } from '@touchbase/store';

type Form = Record<string, string | undefined>;
const minutes = PASSWORD_RESET_MINUTES;

/**
 * "Forgot password" (`/forgot`: the same answer for every email) and the reset link's page
 * (`/reset/:token`: choose a new password; a used or expired link gets a clear 410 page).
 */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Public()
@Controller()
export class PasswordResetPagesController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly resets: PasswordResetService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ownerSettings: SettingsService,
  ) {}

  @Get('forgot')
  forgotPage(@Req() req: WebRequest): Promise<string> {
    return this.renderer.render(req, 'password/forgot', {
      titleKey: 'forgot.title',
      minutes,
      email: '',
    });
  }

  @Post('forgot')
  async forgot(@Req() req: WebRequest, @Res() res: Response, @Body() form: Form): Promise<void> {
    const typed = String(form.email ?? '').trim();
    const email = typed.slice(0, MAX_EMAIL_LENGTH);
    const show = async (status: number, view: Record<string, unknown>) =>
      res
        .status(status)
        .type('html')
        .send(
          await this.renderer.render(req, 'password/forgot', {
            titleKey: 'forgot.title',
            minutes,
            email,
            ...view,
          }),
        );
    if (isCrossSite(req, this.ownerSettings.get().publicBaseUrl))
      return void (await show(403, { crossSite: true }));
    if (typed.length > MAX_EMAIL_LENGTH || !/^[^@\s]+@[^@\s]+$/.test(email))
      return void (await show(422, { badEmail: true }));
    try {
      await this.resets.request(email, { ip: req.ip });
    } catch (e) {
      if (!(e instanceof TooManyAttempts)) throw e;
      res.setHeader('Retry-After', String(e.retryAfterSeconds));
      return void (await show(429, { waitSeconds: e.retryAfterSeconds }));
    }
    await show(200, { sent: true });
  }

  @Get('reset/:token')
  async resetPage(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('token') token: string,
  ): Promise<void> {
    const link = await this.resets.check(token);
    if (!link) return this.invalid(req, res);
    res.type('html').send(
      await this.renderer.render(req, 'password/reset', {
        titleKey: 'reset.title',
        token,
        email: link.email,
        errors: {},
      }),
    );
  }

  @Post('reset/:token')
  async reset(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('token') token: string,
    @Body() form: Form,
  ): Promise<void> {
    const link = await this.resets.check(token);
    if (!link) return this.invalid(req, res);
    const password = String(form.password ?? '');
    const errors: Record<string, string> = {};
    if (password.length < MIN_PASSWORD_LENGTH) errors.password = 'reset.tooShort';
    else if (password !== String(form.repeat ?? '')) errors.repeat = 'reset.mismatch';
    if (!Object.keys(errors).length) {
      try {
        await this.resets.complete(token, password);
        return res.redirect(303, '/login?reset=1');
      } catch (e) {
        if (e instanceof NotFound) return this.invalid(req, res);
        if (!(e instanceof ValidationFailed)) throw e;
        errors.password = 'reset.tooShort';
      }
    }
    res
      .status(422)
      .type('html')
      .send(
        await this.renderer.render(req, 'password/reset', {
          titleKey: 'reset.title',
          token,
          email: link.email,
          errors,
        }),
      );
  }

  private async invalid(req: WebRequest, res: Response): Promise<void> {
    res
      .status(410)
      .type('html')
      .send(
        await this.renderer.render(req, 'password/invalid', {
          titleKey: 'reset.invalidTitle',
          minutes,
        }),
      );
  }
}
