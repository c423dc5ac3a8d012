import {
  Body,
  Controller,
  Get,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { LOCALES, smsSegments, ValidationFailed } from '@touchbase/core';
import { CustomerService } from '@touchbase/ingest';
import { LAYOUT_KEY, TemplatePreviewService, TemplateService } from '@touchbase/messaging';
import { TemplateReferences } from '@touchbase/rules';
import type { Principal } from '@touchbase/staff';
import { Roles } from '../../auth/access.decorators';
import { testRecipient } from '../../messaging/test-recipient';
import { translate } from '../i18n';
import { DraftContent, TemplateDraftPreviewer } from '../queries/template-draft.preview';
import { WebRenderer } from '../render/web-renderer';
import { WebExceptionFilter } from '../web-exception.filter';
import { WebRequest } from '../web-session';
import {
  checkKey,
  checkTemplate,
  contentOf,
  customerIdOf,
  draftOf,
  editorPath,
  Form,
  problemsByField,
  Refusal,
  refusalOf,
  templateGroups,
  variableHint,
} from './templates-view';

type Req_ = WebRequest & { user: Principal };

/** Templates (owner): edit each language's version with a live preview, validation in place, and a test send. */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller('templates')
export class TemplatesPagesController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly templates: TemplateService,
    private readonly previews: TemplatePreviewService,
    private readonly drafts: TemplateDraftPreviewer,
    private readonly customers: CustomerService,
    private readonly references: TemplateReferences,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Roles('owner')
  list(
    @Req() req: Req_,
    @Query('deleted') deleted?: string,
    @Query('renamed') renamed?: string,
  ): Promise<string> {
    const l = req.user.locale;
    const notice = deleted
      ? translate(l, 'templates.deleted', { name: deleted })
      : renamed
        ? translate(l, 'templates.renamed', { name: renamed })
        : null;
    return this.listPage(req, { notice });
  }

  /** Deletes one language's version (the editor's button); refused with the rules that need it. */
  @Post(':key/:channel/:locale/delete')
  @Roles('owner')
  async removeVersion(
    @Req() req: Req_,
    @Res() res: Response,
    @Param() p: Record<string, string>,
  ): Promise<void> {
    checkTemplate(p);
    await this.refusable(req, res, `${p.key}/${p.channel}/${p.locale}`, 'delete', async () => {
      await this.references.remove(p.key, p.channel, p.locale);
      return `/templates?deleted=${encodeURIComponent(`${p.key}/${p.channel}/${p.locale}`)}`;
    });
  }

  /** Deletes every channel and language of a key (the list's button). */
  @Post(':key/delete')
  @Roles('owner')
  async removeKey(@Req() req: Req_, @Res() res: Response, @Param('key') key: string): Promise<void> {
    checkKey(key);
    await this.refusable(req, res, key, 'delete', async () => {
      await this.references.remove(key);
      return `/templates?deleted=${encodeURIComponent(key)}`;
    });
  }

  /** Renames a key (all channels and languages); refused while a rule uses it, or when the new key is bad or taken. */
  @Post(':key/rename')
  @Roles('owner')
  async rename(
    @Req() req: Req_,
    @Res() res: Response,
    @Param('key') key: string,
    @Body() form: Form,
  ): Promise<void> {
    checkKey(key);
    const to = String(form.to ?? '')
      .trim()
      .toLowerCase();
    await this.refusable(req, res, key, 'rename', async () => {
      await this.references.rename(key, to);
      return `/templates?renamed=${encodeURIComponent(to)}`;
    });
  }

  /** "New template": goes to the editor of that key, channel and language (saving creates it). */
  @Get('new')
  @Roles('owner')
  create(@Query() q: Record<string, string>, @Res() res: Response): void {
    const p = {
      key: String(q.key ?? '')
        .trim()
        .toLowerCase(),
      channel: String(q.channel ?? ''),
      locale: String(q.locale ?? ''),
    };
    checkTemplate(p);
    res.redirect(303, editorPath(p));
  }

  /** Back to the shipped version (the layout editor's button). */
  @Post(':key/:channel/:locale/reset')
  @Roles('owner')
  async reset(@Res() res: Response, @Param() p: Record<string, string>): Promise<void> {
    checkTemplate(p);
    await this.templates.reset(p.key, p.channel, p.locale);
    res.redirect(303, `${editorPath(p)}?saved=reset`);
  }

  @Get(':key/:channel/:locale')
  @Roles('owner')
  async edit(
    @Req() req: Req_,
    @Param() p: Record<string, string>,
    @Query('customerId') customerId?: string,
    @Query('sent') sent?: string,
    @Query('saved') saved?: string,
  ): Promise<string> {
    checkTemplate(p);
    const content = contentOf(await this.templates.get(p.key, p.channel, p.locale));
    const notice =
      saved === 'reset'
        ? translate(req.user.locale, 'emails.layout.wasReset')
        : saved === '1'
          ? translate(req.user.locale, 'templates.saved')
          : sent
            ? translate(req.user.locale, 'templates.testSent', { to: sent })
            : null;
    return this.page(req, p, content, {}, customerId ? Number(customerId) : null, notice);
  }

  @Post(':key/:channel/:locale/preview')
  @Roles('owner')
  async preview(@Req() req: Req_, @Param() p: Record<string, string>, @Body() form: Form): Promise<string> {
    checkTemplate(p);
    const result = await this.drafts.preview(p.key, p.channel, p.locale, draftOf(form), customerIdOf(form));
    const byField = problemsByField(result.problems);
    const fields = (p.channel === 'sms' ? ['text'] : ['subject', 'html', 'text']).map((field) => ({
      field,
      message: byField[field] ?? '',
    }));
    return this.renderer.render(req, 'templates/preview', {
      preview: result,
      problems: result.problems,
      fields,
      channel: p.channel,
      sms: p.channel === 'sms' ? smsSegments(result.text) : null,
    });
  }

  @Post(':key/:channel/:locale')
  @Roles('owner')
  async save(
    @Req() req: Req_,
    @Res() res: Response,
    @Param() p: Record<string, string>,
    @Body() form: Form,
  ): Promise<void> {
    checkTemplate(p);
    const draft = draftOf(form);
    try {
      await this.templates.save(p.key, p.channel, p.locale, draft);
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      res
        .status(422)
        .type('html')
        .send(await this.page(req, p, draft, problemsByField(e.fields), customerIdOf(form), null));
      return;
    }
    res.redirect(
      303,
      `${editorPath(p)}?saved=1${form.customerId ? `&customerId=${encodeURIComponent(form.customerId)}` : ''}`,
    );
  }

  @Post(':key/:channel/:locale/test')
  @Roles('owner')
  async test(
    @Req() req: Req_,
    @Res() res: Response,
    @Param() p: Record<string, string>,
    @Body() form: Form,
  ): Promise<void> {
    checkTemplate(p);
    if (p.channel === 'task') throw new NotFoundException('A task template is not sent');
    const to = String(form.to ?? '').trim();
    const customerId = customerIdOf(form) ?? undefined;
    const recipient = testRecipient(p.channel as 'email' | 'sms', to, this.config.business.phoneRegion);
    if (!recipient) {
      const content = contentOf(await this.templates.get(p.key, p.channel, p.locale));
      const problem = translate(
        req.user.locale,
        p.channel === 'email' ? 'templates.badEmail' : 'templates.badPhone',
      );
      res
        .status(422)
        .type('html')
        .send(await this.page(req, p, content, { to: problem }, customerId ?? null, null, to));
      return;
    }
    await this.previews.testSend(p.key, p.channel as 'email' | 'sms', recipient, {
      customerId,
      locale: p.locale,
    });
    res.redirect(303, `${editorPath(p)}?sent=${encodeURIComponent(recipient)}`);
  }

  /** Runs a delete or rename; a refusal re-renders the list naming the problem (and the rules) in the owner's language. */
  private async refusable(
    req: Req_,
    res: Response,
    name: string,
    action: 'delete' | 'rename',
    run: () => Promise<string>,
  ): Promise<void> {
    let refused: Refusal | null;
    try {
      res.redirect(303, await run());
      return;
    } catch (e) {
      refused = refusalOf(e, req.user.locale, name, action);
      if (!refused) throw e;
    }
    res
      .status(refused.status)
      .type('html')
      .send(await this.listPage(req, { refusal: refused.refusal }));
  }

  private async listPage(
    req: Req_,
    extra: { notice?: string | null; refusal?: Refusal['refusal'] },
  ): Promise<string> {
    return this.renderer.render(req, 'templates/list', {
      title: translate(req.user.locale, 'templates.title'),
      groups: templateGroups(await this.templates.list()),
      layoutKey: LAYOUT_KEY,
      locales: LOCALES,
      notice: extra.notice ?? null,
      refusal: extra.refusal ?? null,
    });
  }

  private async page(
    req: Req_,
    p: Record<string, string>,
    content: DraftContent,
    errors: Record<string, string>,
    customerId: number | null,
    notice: string | null,
    testTo = '',
  ): Promise<string> {
    const customers = (await this.customers.list({ limit: 30 })).items.filter((c) => !c.erasedAt);
    const layout = p.key === LAYOUT_KEY;
    return this.renderer.render(req, 'templates/edit', {
      title: layout
        ? `${translate(req.user.locale, 'emails.layout.title')} · ${p.locale}`
        : `${p.key} · ${p.channel} · ${p.locale}`,
      layout,
      key: p.key,
      channel: p.channel,
      tlocale: p.locale,
      otherLocales: LOCALES.filter((l) => l !== p.locale),
      content,
      errors,
      hasErrors: Object.keys(errors).length > 0,
      customers,
      customerId,
      notice,
      testTo: testTo || (p.channel === 'email' ? req.user.email : ''),
      variableHint: variableHint(p.key, p.channel),
    });
  }
}
