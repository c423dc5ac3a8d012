import { Body, Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { WebhookSecretsService } from '@touchbase/ingest';
import { Principal } from '@touchbase/staff';
import { Roles } from '../../auth/access.decorators';
import { translate } from '../i18n';
import { WebRenderer } from '../render/web-renderer';
import { WebExceptionFilter } from '../web-exception.filter';
import { WebRequest } from '../web-session';
import { ValidationFailed } from '@touchbase/core';

type Req_ = WebRequest & { user: Principal };

/** Webhook secrets (owner): where each source's secret comes from; set or rotate one (docs/shops.md). */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller('webhooks-settings')
export class WebhooksPagesController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly secrets: WebhookSecretsService,
  ) {}

  @Get()
  @Roles('owner')
  list(@Req() req: Req_): Promise<string> {
    return this.page(req, null, null, null);
  }

  @Post(':source')
  @Roles('owner')
  async rotate(
    @Req() req: Req_,
    @Res() res: Response,
    @Param('source') source: string,
    @Body() form: Record<string, string | undefined>,
  ): Promise<void> {
    res.setHeader('cache-control', 'no-store');
    try {
      const hours = form.overlapHours?.trim();
      const r = await this.secrets.rotate(source, {
        secret: form.secret?.trim() || undefined,
        overlapHours: hours ? (/^\d+$/.test(hours) ? Number(hours) : NaN) : undefined,
      });
      // a generated secret is shown once, on this response only
      const shown = form.secret?.trim() ? null : r.secret;
      res.type('html').send(await this.page(req, translate(req.user.locale, 'webhooks.saved'), shown, null));
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      res
        .status(422)
        .type('html')
        .send(await this.page(req, null, null, e.message));
    }
  }

  private async page(req: Req_, notice: string | null, secret: string | null, problem: string | null) {
    return this.renderer.render(req, 'webhooks/list', {
      title: translate(req.user.locale, 'webhooks.title'),
      sources: await this.secrets.status(),
      notice,
      secret,
      problem,
    });
  }
}
