import {
  Body,
  Controller,
  ForbiddenException,
  Get,
  Header,
  HttpCode,
  Inject,
  Options,
  Param,
  Post,
  Req,
  Res,
} from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { NotifyMeInput, notifyMeLocale, NotifyMeService, StorefrontSettingsService } from '@touchbase/ingest';
import { Public } from '../auth/access.decorators';
import { notifyMePages, notifyMeScript } from './storefront-assets';
import { SettingsService } from '@touchbase/store';

/**
 * The storefront "notify me" form (docs/shops.md#storefront-notify-me-form): the script the shop
 * embeds, the request it posts (CORS only for the shop origins in the settings), and the double opt-in pages.
 */
@ApiTags('storefront')
@Controller('storefront')
export class StorefrontController {
  constructor(
    private readonly notifyMe: NotifyMeService,
    private readonly settings: StorefrontSettingsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ownerSettings: SettingsService,
  ) {}

  @Get('notify-me.js')
  @Public()
  @Header('Content-Type', 'application/javascript; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  @ApiExcludeEndpoint()
  script(): string {
    return notifyMeScript(this.ownerSettings.get().publicBaseUrl, this.ownerSettings.get().businessName);
  }

  @Options('waitlist')
  @Public()
  @HttpCode(204)
  @ApiExcludeEndpoint()
  async preflight(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.allowOrigin(req, res);
    res.setHeader('Access-Control-Allow-Methods', 'POST');
    res.setHeader('Access-Control-Allow-Headers', 'content-type');
    res.setHeader('Access-Control-Max-Age', '600');
  }

  @Post('waitlist')
  @Public()
  @HttpCode(202)
  @ApiOperation({
    summary:
      'A visitor asks to be told when a product is back: { sku, address (email or mobile), consent: true, locale }. A confirmation message is sent (double opt-in); 400 names the field, 429 when a client asks too often',
  })
  async request(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Body() body: NotifyMeInput) {
    await this.allowOrigin(req, res);
    return this.notifyMe.request(body ?? {}, req.ip ?? '');
  }

  @Get('confirm/:token')
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @Header('Referrer-Policy', 'no-referrer')
  @ApiExcludeEndpoint()
  async ask(@Param('token') token: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    const p = await this.notifyMe.pending(token);
    if (!p) return this.invalid(res);
    return notifyMePages.ask(
      p.locale,
      this.ownerSettings.get().businessName,
      p.product,
      `/storefront/confirm/${token}`,
    );
  }

  @Post('confirm/:token')
  @Public()
  @HttpCode(200)
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @Header('Referrer-Policy', 'no-referrer')
  @ApiExcludeEndpoint()
  async confirm(@Param('token') token: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    const r = await this.notifyMe.confirm(token);
    return r ? notifyMePages.done(r.locale, r.product) : this.invalid(res);
  }

  /** Only the shop's own pages may post the form from a browser; others get no CORS grant and 403. */
  private async allowOrigin(req: Request, res: Response): Promise<void> {
    const origin = req.headers.origin;
    if (!origin || !(await this.settings.current()).origins.includes(origin))
      throw new ForbiddenException(
        'This origin may not use the notify-me form (see the shop settings page).',
      );
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Vary', 'Origin');
  }

  private invalid(res: Response): string {
    res.status(400);
    return notifyMePages.invalid(notifyMeLocale(null, this.ownerSettings.get().defaultLocale));
  }
}
