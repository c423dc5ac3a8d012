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
import { addDays, Clock, Conflict, escapeHtml, ValidationFailed } from '@touchbase/core';
import { CustomerService } from '@touchbase/ingest';
import { DailyListService, OutcomesService, Principal, ReplyService } from '@touchbase/staff';
import { Task } from '@touchbase/store';
import { AnyUser } from '../../auth/access.decorators';
import { translate } from '../i18n';
import { WebRenderer } from '../render/web-renderer';
import { WebExceptionFilter } from '../web-exception.filter';
import { isHtmx, WebRequest } from '../web-session';

type Form = Record<string, string | undefined>;

/**
 * Today: the signed-in person's follow-up list. Done / snooze / skip are htmx posts that swap
 * just that task's card, so nobody loses their place; without JavaScript they post and return.
 */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller('today')
export class TodayPagesController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly daily: DailyListService,
    private readonly outcomes: OutcomesService,
    private readonly replies: ReplyService,
    private readonly customers: CustomerService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @AnyUser()
  async page(@Req() req: WebRequest & { user: Principal }, @Query('print') print?: string): Promise<string> {
    const now = this.clock.now();
    const list = await this.daily.forAssignee(req.user.id, now, undefined, req.user.locale);
    return this.renderer.render(req, 'today/list', {
      title: translate(req.user.locale, 'today.title'),
      list,
      progress: { done: list.doneToday, total: list.doneToday + list.total },
      tomorrow: addDays(list.day, 1),
      hasCards: list.items.some((t) => t.kind === 'card'),
      printNone: print === 'none',
    });
  }

  @Post('tasks/:id/done')
  @AnyUser()
  async done(
    @Req() req: WebRequest & { user: Principal },
    @Res() res: Response,
    @Param('id', ParseIntPipe) id: number,
    @Body() form: Form,
  ): Promise<void> {
    await this.act(req, res, id, async () => {
      const requeueOn = form.requeueOn?.trim() || undefined;
      const task = await this.outcomes.done(req.user, id, {
        outcome: String(form.outcome ?? ''),
        note: form.note,
        requeueOn,
      });
      const outcome = translate(req.user.locale, `outcome.${task.outcome}`);
      const result =
        task.status === 'open'
          ? translate(req.user.locale, 'today.requeued', { outcome, day: task.dueDay })
          : task.outcome === 'unreached'
            ? translate(req.user.locale, 'today.unreached', { n: task.attempts })
            : translate(req.user.locale, 'today.markedDone', { outcome });
      return { task, result: result + (task.outcomeNote ? ` — ${task.outcomeNote}` : '') };
    });
  }

  @Post('tasks/:id/snooze')
  @AnyUser()
  async snooze(
    @Req() req: WebRequest & { user: Principal },
    @Res() res: Response,
    @Param('id', ParseIntPipe) id: number,
    @Body() form: Form,
  ): Promise<void> {
    await this.act(req, res, id, async () => {
      const task = await this.outcomes.snooze(req.user, id, String(form.until ?? ''));
      return { task, result: translate(req.user.locale, 'today.snoozed', { day: task.snoozedUntil }) };
    });
  }

  @Post('tasks/:id/skip')
  @AnyUser()
  async skip(
    @Req() req: WebRequest & { user: Principal },
    @Res() res: Response,
    @Param('id', ParseIntPipe) id: number,
    @Body() form: Form,
  ): Promise<void> {
    await this.act(req, res, id, async () => {
      const task = await this.outcomes.skip(req.user, id, String(form.reason ?? ''));
      return { task, result: translate(req.user.locale, 'today.skipped', { reason: task.skipReason }) };
    });
  }

  /** Answer a reply task on its channel (SMS or email); a customer who cannot get it is named beside the form. */
  @Post('tasks/:id/reply')
  @AnyUser()
  async reply(
    @Req() req: WebRequest & { user: Principal },
    @Res() res: Response,
    @Param('id', ParseIntPipe) id: number,
    @Body() form: Form,
  ): Promise<void> {
    await this.act(
      req,
      res,
      id,
      async () => {
        const task = await this.replies.answer(req.user, id, form.text);
        const text = (form.text ?? '').trim();
        const key = task.inbound?.channel === 'email' ? 'replies.sentEmail' : 'today.replied';
        return { task, result: translate(req.user.locale, key, { text }) };
      },
      true,
    );
  }

  /** Undo within the window: the task goes back on the list (htmx reloads the page there). */
  @Post('tasks/:id/undo')
  @AnyUser()
  async undo(
    @Req() req: WebRequest & { user: Principal },
    @Res() res: Response,
    @Param('id', ParseIntPipe) id: number,
  ): Promise<void> {
    await this.outcomes.undo(req.user, id);
    if (!isHtmx(req)) return res.redirect(303, `/today#task-${id}`);
    res.setHeader('HX-Redirect', `/today?undone=${id}#task-${id}`);
    res.status(204).send();
  }

  /** Runs the outcome; htmx gets the task's closed card (or the problem, next to the buttons). */
  private async act(
    req: WebRequest,
    res: Response,
    id: number,
    run: () => Promise<{ task: Task; result: string }>,
    conflictsInline = false,
  ): Promise<void> {
    try {
      const { task, result } = await run();
      if (!isHtmx(req)) return res.redirect(303, `/today#task-${id}`);
      const customer = await this.customers.get(task.customerId).catch(() => null);
      const customerName = customer
        ? `${customer.firstName} ${customer.lastName}`.trim()
        : `#${task.customerId}`;
      const user = (req as WebRequest & { user: Principal }).user;
      const now = this.clock.now();
      const progress = await this.daily.forAssignee(user.id, now, 1, user.locale);
      res.type('html').send(
        await this.renderer.render(req, 'today/closed', {
          task,
          result,
          customerName,
          progress: { done: progress.doneToday, total: progress.doneToday + progress.total },
        }),
      );
    } catch (e) {
      const inline = e instanceof ValidationFailed || (conflictsInline && e instanceof Conflict);
      if (!inline || !isHtmx(req)) throw e;
      // show the problem beside the task without replacing the card
      res.setHeader('HX-Retarget', `#task-${id}-error`);
      res.setHeader('HX-Reswap', 'innerHTML');
      res.status(422).type('html').send(escapeHtml(e.message));
    }
  }
}
