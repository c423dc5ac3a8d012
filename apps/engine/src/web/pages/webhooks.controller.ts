import { Body, Controller, Get, HttpCode, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { STOREFRONT_RANGES } from '@touchbase/config';
import { ValidationFailed } from '@touchbase/core';
import { StorefrontSettingsService, WebhookSecretsService } from '@touchbase/ingest';
import { SettingsService } from '@touchbase/store';
import { Principal } from '@touchbase/staff';
import { Roles } from '../../auth/access.decorators';
import { formatNumber, translate } from '../i18n';
import { WebRenderer } from '../render/web-renderer';
import { WebExceptionFilter } from '../web-exception.filter';
import { WebRequest } from '../web-session';

type Req_ = WebRequest & { user: Principal };
type Form = Record<string, string | undefined>;

interface PageState {
  notice?: string | null;
  secret?: string | null;
  problem?: string | null;
  /** The storefront form as typed, with each bad field's problem, when it was refused. */
  storefrontForm?: Form;
  storefrontProblems?: Record<string, string>;
  /** The rotate form as typed (the secret itself is never sent back), when it was refused. */
  rotateForm?: Form;
}

/**
 * The shop settings page (owner, docs/shops.md): webhook secrets (where each comes from; set or
 * rotate one) and the storefront "notify me" form's settings (stored in the database; the
 * environment's STOREFRONT_* are the defaults).
 */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller('webhooks-settings')
export class WebhooksPagesController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly secrets: WebhookSecretsService,
    private readonly storefront: StorefrontSettingsService,
    private readonly ownerSettings: SettingsService,
  ) {}

  @Get()
  @Roles('owner')
  list(@Req() req: Req_): Promise<string> {
    return this.page(req, {});
  }

  /** Declared before `:source` so that it is matched first. */
  @Post('storefront')
  @HttpCode(200)
  @Roles('owner')
  async saveStorefront(@Req() req: Req_, @Res() res: Response, @Body() form: Form): Promise<void> {
    try {
      await this.storefront.save(
        {
          origins: form.origins,
          confirmHours: form.confirmHours,
          limitPerIp: form.limitPerIp,
          limitPerAddress: form.limitPerAddress,
        },
        { userId: req.user.id, name: req.user.name },
      );
      res.type('html').send(await this.page(req, { notice: translate(req.user.locale, 'webhooks.saved') }));
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      const problems = Object.fromEntries(
        e.fields.map((f) => [f.field, storefrontProblem(req.user.locale, f.field)]),
      );
      res
        .status(422)
        .type('html')
        .send(await this.page(req, { storefrontForm: form, storefrontProblems: problems }));
    }
  }

  @Post(':source')
  @Roles('owner')
  async rotate(@Req() req: Req_, @Res() res: Response, @Param('source') source: string, @Body() form: Form) {
    res.setHeader('cache-control', 'no-store');
    try {
      const hours = form.overlapHours?.trim();
      const r = await this.secrets.rotate(source, {
        secret: form.secret?.trim() || undefined,
        overlapHours: hours ? (/^\d+$/.test(hours) ? Number(hours) : NaN) : undefined,
      });
      // a generated secret is shown once, on this response only
      const shown = form.secret?.trim() ? null : r.secret;
      res
        .type('html')
        .send(await this.page(req, { notice: translate(req.user.locale, 'webhooks.saved'), secret: shown }));
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      res
        .status(422)
        .type('html')
        .send(
          await this.page(req, {
            problem: e.message,
            rotateForm: { source, overlapHours: form.overlapHours },
          }),
        );
    }
  }

  private async page(req: Req_, state: PageState): Promise<string> {
    const current = await this.storefront.current();
    return this.renderer.render(req, 'webhooks/list', {
      title: translate(req.user.locale, 'webhooks.title'),
      sources: await this.secrets.status(),
      inboundEmailUrl: `${this.ownerSettings.get().publicBaseUrl}/webhooks/email/inbound`,
      notice: state.notice ?? null,
      secret: state.secret ?? null,
      problem: state.problem ?? null,
      rotateForm: state.rotateForm ?? {},
      storefrontNumberFields: Object.keys(STOREFRONT_RANGES),
      storefront: {
        origin: current.origin,
        ranges: localRanges(req.user.locale),
        problems: state.storefrontProblems ?? {},
        values: state.storefrontForm ?? {
          origins: current.origins.join('\n'),
          confirmHours: String(current.confirmHours),
          limitPerIp: String(current.limitPerIp),
          limitPerAddress: String(current.limitPerAddress),
        },
      },
    });
  }
}

/** A storefront field's problem in the owner's language (the ranges are the config's). */
function storefrontProblem(locale: string, field: string): string {
  if (field === 'origins') return translate(locale, 'storefront.bad.origins');
  const range = localRanges(locale)[field];
  return range ? translate(locale, 'storefront.bad.number', range) : field;
}

/** Each number setting's range, written in the owner's language (10,000 / 10.000 / 10 000). */
function localRanges(locale: string): Record<string, { min: string; max: string }> {
  return Object.fromEntries(
    Object.entries(STOREFRONT_RANGES).map(([field, r]) => [
      field,
      { min: formatNumber(locale, r.min), max: formatNumber(locale, r.max) },
    ]),
  );
}
