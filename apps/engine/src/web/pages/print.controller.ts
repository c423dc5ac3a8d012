import { Body, Controller, Get, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CardPrintService, LABEL_LAYOUTS, Principal } from '@touchbase/staff';
import { AnyUser } from '../../auth/access.decorators';
import { LOCALE_NAMES, translate, webLocale } from '../i18n';
import { WebRenderer } from '../render/web-renderer';
import { WebExceptionFilter } from '../web-exception.filter';
import { WebRequest } from '../web-session';

type Req_ = WebRequest & { user: Principal };
type Form = Record<string, string | string[] | undefined>;

const idList = (v: unknown): number[] =>
  v === undefined
    ? []
    : [v]
        .flat()
        .flatMap((x) => String(x).split(','))
        .filter((x) => x.trim() !== '')
        .map(Number);
/** Only the two pages that select cards are places to go back to. */
const backTo = (v: unknown): string => (v === '/team' ? '/team' : '/today');

/**
 * The print view for card tasks (docs/staff.md#cards-and-labels): card texts and an A4 sheet of
 * address labels with print CSS; "Print" marks the tasks printed, then opens the browser's
 * print dialog. Today and Team post their ticked cards to /print/select.
 */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller('print')
export class PrintPagesController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly print: CardPrintService,
  ) {}

  /** From a list's checkboxes to the print view (a post, so the session's token stays out of the URL). */
  @Post('select')
  @AnyUser()
  select(@Req() req: Req_, @Res() res: Response, @Body() form: Form): void {
    const ids = idList(form.ids);
    const back = backTo(form.back);
    if (!ids.length) return res.redirect(303, `${back}?print=none`);
    res.redirect(303, `/print/cards?ids=${ids.join(',')}&back=${encodeURIComponent(back)}`);
  }

  @Get('cards')
  @AnyUser()
  async page(@Req() req: Req_, @Query() q: Record<string, string | undefined>): Promise<string> {
    const ids = idList(q.ids);
    const layout = q.layout ?? '3x7';
    const start = q.start ? Number(q.start) : 1;
    const sheet = await this.print.sheet(req.user, ids, layout, start);
    const l = req.user.locale;
    const missing = sheet.cards.filter((c) => !c.address).map((c) => c.customerName);
    return this.renderer.render(req, 'print/cards', {
      titleKey: 'print.title',
      sheet,
      ids: ids.join(','),
      start,
      back: backTo(q.back),
      layouts: Object.keys(LABEL_LAYOUTS).map((key) => ({ key, current: key === sheet.layout.key })),
      perSheet: sheet.layout.cols * sheet.layout.rows,
      marked: q.printed ? translate(l, 'print.marked', { n: Number(q.printed) }) : null,
      autoprint: Boolean(q.printed),
      missing: missing.length ? translate(l, 'print.noAddress', { names: missing.join(', ') }) : null,
      languages: Object.fromEntries(sheet.cards.map((c) => [c.locale, LOCALE_NAMES[webLocale(c.locale)]])),
    });
  }

  @Post('cards')
  @AnyUser()
  async printed(@Req() req: Req_, @Res() res: Response, @Body() form: Form): Promise<void> {
    const ids = idList(form.ids);
    const n = await this.print.markPrinted(req.user, ids);
    const layout = encodeURIComponent(String(form.layout ?? '3x7'));
    const start = encodeURIComponent(String(form.start ?? '1'));
    res.redirect(
      303,
      `/print/cards?ids=${ids.join(',')}&layout=${layout}&start=${start}&back=${backTo(form.back)}&printed=${n}`,
    );
  }
}
