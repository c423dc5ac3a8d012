import {
  Body,
  Controller,
  Get,
  Inject,
  NotFoundException,
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
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { Clock, MAX_LIST_OFFSET, ValidationFailed } from '@touchbase/core';
import {
  PreviewService,
  RuleKind,
  RuleKindRegistry,
  RulesService,
  TemplateReferences,
} from '@touchbase/rules';
import { TierService } from '@touchbase/ingest';
import type { Principal } from '@touchbase/staff';
import { Rule } from '@touchbase/store';
import { Roles } from '../../auth/access.decorators';
import { translate } from '../i18n';
import { WebRenderer } from '../render/web-renderer';
import { WebExceptionFilter } from '../web-exception.filter';
import { isHtmx, WebRequest } from '../web-session';
import { formFieldOf, formFromRule, FormValues, ruleInputFromForm } from './rule-form';
import { ruleFormSections, textIn } from './rule-form-view';
import { previewView } from './rule-preview-view';

type Req_ = WebRequest & { user: Principal };

/** Rules (owner): list with on/off switches, a form per kind, and a 7-day preview. */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller('rules')
export class RulesPagesController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly rules: RulesService,
    private readonly previews: PreviewService,
    private readonly kinds: RuleKindRegistry,
    private readonly references: TemplateReferences,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tiers: TierService,
  ) {}

  @Get()
  @Roles('owner')
  async list(@Req() req: Req_): Promise<string> {
    return this.renderer.render(req, 'rules/list', {
      title: translate(req.user.locale, 'rules.title'),
      rules: await this.rules.list(),
      kinds: this.kinds.all().map((k) => ({ kind: k.kind, label: textIn(k.label, req.user.locale) })),
      kindLabels: Object.fromEntries(this.kinds.all().map((k) => [k.kind, textIn(k.label, req.user.locale)])),
    });
  }

  @Get('new')
  @Roles('owner')
  async newForm(@Req() req: Req_, @Query('kind') name = 'birthday'): Promise<string> {
    const kind = this.kind(name);
    return this.form(req, kind, null, formFromRule(kind, null, this.currency), {});
  }

  @Post()
  @Roles('owner')
  async create(@Req() req: Req_, @Res() res: Response, @Body() body: FormValues): Promise<void> {
    const kind = this.kind(String(body.kind ?? ''));
    await this.save(req, res, kind, null, body, () =>
      this.rules.create(ruleInputFromForm(kind, body, this.currency)),
    );
  }

  @Get(':id/edit')
  @Roles('owner')
  async editForm(@Req() req: Req_, @Param('id', ParseIntPipe) id: number): Promise<string> {
    const rule = await this.rules.get(id);
    const kind = this.kind(rule.kind);
    return this.form(req, kind, rule, formFromRule(kind, rule, this.currency), {});
  }

  @Post(':id')
  @Roles('owner')
  async update(
    @Req() req: Req_,
    @Res() res: Response,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormValues,
  ): Promise<void> {
    const rule = await this.rules.get(id);
    const kind = this.kind(rule.kind);
    await this.save(req, res, kind, rule, body, () =>
      this.rules.update(id, ruleInputFromForm(kind, body, this.currency)),
    );
  }

  @Post(':id/enable')
  @Roles('owner')
  async enable(@Req() req: Req_, @Res() res: Response, @Param('id', ParseIntPipe) id: number): Promise<void> {
    await this.toggle(req, res, await this.rules.setEnabled(id, true));
  }

  @Post(':id/disable')
  @Roles('owner')
  async disable(
    @Req() req: Req_,
    @Res() res: Response,
    @Param('id', ParseIntPipe) id: number,
  ): Promise<void> {
    await this.toggle(req, res, await this.rules.setEnabled(id, false));
  }

  @Get('preview')
  @Roles('owner')
  async previewAll(@Req() req: Req_, @Query() q: Record<string, string>): Promise<string> {
    const report = await this.previews.preview({ at: this.clock.now(), days: 7 });
    return this.renderer.render(req, 'rules/preview', {
      title: translate(req.user.locale, 'rules.previewAllTitle'),
      rule: null,
      report,
      ...previewView(report, req.user.locale, offsetsOf(q), '/rules/preview'),
    });
  }

  @Get(':id/preview')
  @Roles('owner')
  async preview(
    @Req() req: Req_,
    @Param('id', ParseIntPipe) id: number,
    @Query() q: Record<string, string>,
  ): Promise<string> {
    const rule = await this.rules.get(id);
    const report = await this.previews.preview({ at: this.clock.now(), days: 7, ruleId: id });
    return this.renderer.render(req, 'rules/preview', {
      title: translate(req.user.locale, 'rules.previewTitle', { name: rule.name }),
      notice: q.saved === '1' ? translate(req.user.locale, 'rules.saved') : null,
      rule,
      report,
      ...previewView(report, req.user.locale, offsetsOf(q), `/rules/${id}/preview`),
    });
  }

  private kind(name: string): RuleKind<any> {
    const kind = this.kinds.get(name);
    if (!kind) throw new NotFoundException(`No rule kind "${name}"`);
    return kind;
  }

  private get currency(): string {
    return this.config.business.currency;
  }

  private async toggle(req: Req_, res: Response, rule: Rule): Promise<void> {
    if (!isHtmx(req)) return res.redirect(303, '/rules');
    res.type('html').send(await this.renderer.render(req, 'rules/switch', { r: rule }));
  }

  private async save(
    req: Req_,
    res: Response,
    kind: RuleKind<any>,
    rule: Rule | null,
    body: FormValues,
    run: () => Promise<Rule>,
  ): Promise<void> {
    try {
      const saved = await run();
      res.redirect(303, `/rules/${saved.id}/preview?saved=1`);
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      const values: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(body)) if (v !== undefined) values[k] = v;
      for (const list of ['audience.locales', 'audience.tiers'])
        if (!Array.isArray(values[list])) values[list] = values[list] ? [values[list] as string] : [];
      const inputs = ruleFormSections(kind, req.user.locale, this.currency, values, {}).flatMap((s) =>
        s.fields.map((f) => f.input),
      );
      const errors: Record<string, string> = {};
      for (const f of e.fields) {
        const input = formFieldOf(f.field, inputs);
        errors[input] = errors[input] ? `${errors[input]}; ${f.problem}` : f.problem;
      }
      res
        .status(422)
        .type('html')
        .send(await this.form(req, kind, rule, values, errors));
    }
  }

  private async form(
    req: Req_,
    kind: RuleKind<any>,
    rule: Rule | null,
    values: Record<string, string | string[]>,
    errors: Record<string, string>,
  ): Promise<string> {
    const locale = req.user.locale;
    const heading = rule
      ? translate(locale, 'rules.editTitle', { name: rule.name })
      : translate(locale, 'rules.newOfKind', { kind: textIn(kind.label, locale) });
    const keys = await this.references.keys();
    const tierNames = await this.tiers.names();
    const sections = ruleFormSections(kind, locale, this.currency, values, errors, keys, tierNames);
    const shown = new Set(sections.flatMap((s) => s.fields.map((f) => f.input)));
    return this.renderer.render(req, 'rules/form', {
      title: heading,
      otherErrors: Object.entries(errors)
        .filter(([input]) => !shown.has(input))
        .map(([input, problem]) => `${input}: ${problem}`),
      heading,
      kind: kind.kind,
      kindHelp: textIn(kind.help, locale),
      action: rule ? `/rules/${rule.id}` : '/rules',
      sections,
      hasErrors: Object.keys(errors).length > 0,
      currency: this.currency,
    });
  }
}

function offsetsOf(q: Record<string, string>): { will: number; wont: number } {
  const at = (v: string | undefined) =>
    Math.min(Math.max(0, Number.parseInt(v ?? '', 10) || 0), MAX_LIST_OFFSET);
  return { will: at(q.will), wont: at(q.wont) };
}
