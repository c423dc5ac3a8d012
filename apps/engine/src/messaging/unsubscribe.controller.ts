import { Controller, Get, Header, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { OptOutService, UnsubscribeLinks } from '@touchbase/messaging';
import { Public } from '../auth/access.decorators';
import { unsubscribePages } from './unsubscribe-pages';

/**
 * /u/:token: GET only asks (mail scanners follow links), POST unsubscribes; the one-click
 * POST of RFC 8058 (`List-Unsubscribe=One-Click`) lands on the same route. A GET after the
 * opt-out says so and offers the way back in, which is a confirmed POST to /u/:token/resubscribe. A bad token gets a
 * 400 page that says nothing about why.
 */
@ApiExcludeController()
@Controller('u')
export class UnsubscribeController {
  constructor(
    private readonly links: UnsubscribeLinks,
    private readonly optOut: OptOutService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get(':token')
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  async confirm(@Param('token') token: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    const t = this.links.read(token);
    if (!t) return this.invalid(res);
    const channel = t.channel as 'email' | 'sms';
    const state = await this.optOut.consentOf(t.customerId, channel);
    const locale = state?.locale ?? this.config.business.defaultLocale;
    const business = this.config.business.name;
    if (state && !state.consent)
      return unsubscribePages.already(locale, channel, business, `/u/${token}/resubscribe`);
    return unsubscribePages.confirm(locale, channel, business, `/u/${token}`);
  }

  /** The way back in, from the "already unsubscribed" page: the signed token is the authority. */
  @Post(':token/resubscribe')
  @Public()
  @HttpCode(200)
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  async resubscribe(
    @Param('token') token: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const t = this.links.read(token);
    if (!t) return this.invalid(res);
    const channel = t.channel as 'email' | 'sms';
    const r = await this.optOut.resubscribe(t.customerId, channel);
    if (!r.found) return this.invalid(res);
    return unsubscribePages.resubscribed(
      r.locale ?? this.config.business.defaultLocale,
      channel,
      this.config.business.name,
    );
  }

  @Post(':token')
  @Public()
  @HttpCode(200)
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  async unsubscribe(
    @Param('token') token: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const t = this.links.read(token);
    if (!t) return this.invalid(res);
    const r = await this.optOut.unsubscribe(t.customerId, t.channel as 'email' | 'sms');
    return unsubscribePages.done(
      r.locale ?? this.config.business.defaultLocale,
      t.channel as 'email' | 'sms',
      this.config.business.name,
    );
  }

  private invalid(res: Response): string {
    res.status(400);
    return unsubscribePages.invalid(this.config.business.defaultLocale);
  }
}
