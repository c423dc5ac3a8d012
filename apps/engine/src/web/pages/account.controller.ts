import { Body, Controller, Get, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AccountsService, Principal } from '@touchbase/staff';
import { AllowedBeforePasswordChange, AnyUser } from '../../auth/access.decorators';
import { translate } from '../i18n';
import { WebRenderer } from '../render/web-renderer';
import { WebExceptionFilter } from '../web-exception.filter';
import { WebRequest } from '../web-session';
import { ValidationFailed } from '@touchbase/core';

type Req_ = WebRequest & { user: Principal };
type Form = Record<string, string | undefined>;

/** My account (any signed-in user): name, time zone, morning digest time, password. */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@AllowedBeforePasswordChange()
@Controller('account')
export class AccountPagesController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly accounts: AccountsService,
  ) {}

  @Get()
  @AnyUser()
  async page(
    @Req() req: Req_,
    @Query('saved') saved?: string,
    @Query('change') change?: string,
  ): Promise<string> {
    const u = await this.accounts.get(req.user.id);
    const form = { name: u.name, timezone: u.timezone ?? '', digestTime: u.digestTime ?? '' };
    const notice =
      saved === '1'
        ? translate(req.user.locale, 'users.saved')
        : change === '1' || u.mustChangePassword
          ? translate(req.user.locale, 'account.mustChange')
          : null;
    return this.render(req, form, {}, notice);
  }

  @Post()
  @AnyUser()
  async save(@Req() req: Req_, @Res() res: Response, @Body() form: Form): Promise<void> {
    const changes = {
      name: form.name ?? undefined,
      timezone: form.timezone ? form.timezone.trim() : null,
      digestTime: form.digestTime ? form.digestTime : null,
      ...(form.newPassword
        ? { password: form.newPassword, currentPassword: form.currentPassword ?? '' }
        : {}),
    };
    try {
      await this.accounts.updateSelf(req.user.id, changes, { sessionId: req.user.sessionId, ip: req.ip });
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      const errors = Object.fromEntries(
        e.fields.map((f) => [f.field === 'password' ? 'newPassword' : f.field, f.problem]),
      );
      res
        .status(422)
        .type('html')
        .send(
          await this.render(
            req,
            { name: form.name ?? '', timezone: form.timezone ?? '', digestTime: form.digestTime ?? '' },
            errors,
            null,
          ),
        );
      return;
    }
    res.redirect(303, '/account?saved=1');
  }

  private render(
    req: Req_,
    form: Record<string, string>,
    errors: Record<string, string>,
    notice: string | null,
  ): Promise<string> {
    return this.renderer.render(req, 'account/page', {
      title: translate(req.user.locale, 'account.title'),
      form,
      errors,
      notice,
      email: req.user.email,
    });
  }
}
