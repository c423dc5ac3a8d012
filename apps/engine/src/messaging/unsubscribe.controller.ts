import { Controller, Get, Header, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { OptOutService, UnsubscribeLinks } from '@touchbase/messaging';
import { Public } from '../auth/access.decorators';
import { unsubscribePages } from './unsubscribe-pages';

/**
 * /u/:token: GET only asks (mail scanners follow links), POST unsubscribes; the one-click
 * POST of RFC 8058 (`List-Unsubscribe=One-Click`) lands on the same route. A bad token gets a
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
    const locale = (await this.optOut.localeOf(t.customerId)) ?? this.config.business.defaultLocale;
    return unsubscribePages.confirm(
      locale,
      t.channel as 'email' | 'sms',
      this.config.business.name,
      `/u/${token}`,
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
