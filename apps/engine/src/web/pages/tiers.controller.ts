import {
  Body,
  Controller,
  Get,
  Param,
  ParseIntPipe,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Inject } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { formatMoney, ValidationFailed } from '@touchbase/core';
import { TierInUse, TierService } from '@touchbase/ingest';
import type { Principal } from '@touchbase/staff';
import { Roles } from '../../auth/access.decorators';
import { translate } from '../i18n';
import { WebRenderer } from '../render/web-renderer';
import { WebExceptionFilter } from '../web-exception.filter';
import { WebRequest } from '../web-session';
import {
  blankTierForm,
  TierForm,
  tierErrors,
  tierFormOf,
  tierInputOf,
  tierRows,
  typedTierForm,
} from './tier-form';

type Req_ = WebRequest & { user: Principal };

/**
 * Service tiers (owner): the list with each tier's rule in words and its customers, add, edit,
 * delete (confirmed; refused while a rule's audience names the tier) and recompute now
 * (docs/web-ui.md#service-tiers). Forms keep what was typed when they show an error.
 */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller('tiers')
export class TiersPagesController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly tiers: TierService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Roles('owner')
  async list(@Req() req: Req_, @Query('done') done?: string, @Query('n') n?: string): Promise<string> {
    const notices: Record<string, string> = { saved: 'tiers.saved', deleted: 'tiers.deleted' };
    const notice =
      done === 'recomputed'
        ? translate(req.user.locale, 'tiers.recomputed', { n: Number(n) || 0 })
        : notices[done ?? '']
          ? translate(req.user.locale, notices[done!])
          : null;
    return this.page(req, { notice });
  }

  @Post()
  @Roles('owner')
  async create(@Req() req: Req_, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const form = typedTierForm(body);
    try {
      await this.tiers.create(tierInputOf(form, this.currency));
      res.redirect(303, '/tiers?done=saved');
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      const html = await this.page(req, { form, errors: tierErrors(req.user.locale, e.fields) });
      res.status(422).type('html').send(html);
    }
  }

  @Get(':id/edit')
  @Roles('owner')
  async editForm(@Req() req: Req_, @Param('id', ParseIntPipe) id: number): Promise<string> {
    const tier = await this.tiers.get(id);
    return this.edit(req, id, tier.name, tierFormOf(tier, this.currency), {});
  }

  @Post(':id/edit')
  @Roles('owner')
  async update(
    @Req() req: Req_,
    @Res() res: Response,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const form = typedTierForm(body);
    const tier = await this.tiers.get(id);
    try {
      await this.tiers.update(id, tierInputOf(form, this.currency));
      res.redirect(303, '/tiers?done=saved');
    } catch (e) {
      let errors: Record<string, string>;
      if (e instanceof ValidationFailed) errors = tierErrors(req.user.locale, e.fields);
      else if (e instanceof TierInUse) errors = { name: this.inUse(req, e) };
      else throw e;
      res
        .status(422)
        .type('html')
        .send(await this.edit(req, id, tier.name, form, errors));
    }
  }

  @Post(':id/delete')
  @Roles('owner')
  async remove(@Req() req: Req_, @Res() res: Response, @Param('id', ParseIntPipe) id: number): Promise<void> {
    try {
      await this.tiers.remove(id, req.user.id);
      res.redirect(303, '/tiers?done=deleted');
    } catch (e) {
      if (!(e instanceof TierInUse)) throw e;
      res
        .status(409)
        .type('html')
        .send(await this.page(req, { problem: this.inUse(req, e) }));
    }
  }

  @Post('recompute')
  @Roles('owner')
  async recompute(@Res() res: Response): Promise<void> {
    const run = await this.tiers.recompute();
    res.redirect(303, `/tiers?done=recomputed&n=${run.changed}`);
  }

  private get currency(): string {
    return this.config.business.currency;
  }

  /** A refused rename or delete: the rules that name the tier, in the reader's language. */
  private inUse(req: Req_, e: TierInUse): string {
    return translate(req.user.locale, 'tiers.err.inUse', { rules: e.rules.map((r) => `“${r}”`).join(', ') });
  }

  private async page(
    req: Req_,
    opts: { form?: TierForm; errors?: Record<string, string>; notice?: string | null; problem?: string },
  ): Promise<string> {
    const locale = req.user.locale;
    const tiers = await this.tiers.list();
    return this.renderer.render(req, 'tiers/list', {
      title: translate(locale, 'tiers.title'),
      rows: tierRows(tiers, locale, (minor) => formatMoney(minor, this.currency, locale)),
      form: opts.form ?? blankTierForm(tiers),
      errors: opts.errors ?? {},
      hasErrors: Object.keys(opts.errors ?? {}).length > 0,
      notice: opts.notice ?? null,
      problem: opts.problem ?? null,
      currency: this.currency,
    });
  }

  private edit(req: Req_, id: number, name: string, form: TierForm, errors: Record<string, string>) {
    return this.renderer.render(req, 'tiers/edit', {
      title: translate(req.user.locale, 'tiers.edit', { name }),
      id,
      form,
      errors,
      hasErrors: Object.keys(errors).length > 0,
      currency: this.currency,
    });
  }
}
