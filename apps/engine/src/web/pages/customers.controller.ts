import {
  Body,
  Controller,
  Get,
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
import { CustomerService, GdprService } from '@touchbase/ingest';
import { MAX_LIST_OFFSET, NotFound, TASK_KINDS, ValidationFailed } from '@touchbase/core';
import { AccountsService, Principal, TasksService } from '@touchbase/staff';
import { Customer } from '@touchbase/store';
import { AnyUser, Roles } from '../../auth/access.decorators';
import { translate } from '../i18n';
import { CustomerTimelineQuery } from '../queries/customer-timeline.query';
import { WebRenderer } from '../render/web-renderer';
import { WebExceptionFilter } from '../web-exception.filter';
import { viewerOf, WebRequest } from '../web-session';

const PAGE_SIZE = 25;

/** Customers: search, the customer page with its timeline and consent, export and erase. */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller('customers')
export class CustomersPagesController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly customers: CustomerService,
    private readonly gdpr: GdprService,
    private readonly accounts: AccountsService,
    private readonly timeline: CustomerTimelineQuery,
    private readonly tasks: TasksService,
  ) {}

  @Get()
  @AnyUser()
  async list(
    @Req() req: WebRequest,
    @Query('q') q = '',
    @Query('offset') offsetParam = '0',
  ): Promise<string> {
    const offset = Math.min(Math.max(0, Number.parseInt(offsetParam, 10) || 0), MAX_LIST_OFFSET);
    const page = await this.customers.list({ q: String(q).slice(0, 200), limit: PAGE_SIZE, offset });
    return this.renderer.render(req, 'customers/list', {
      title: translate(viewerOf(req)?.locale ?? 'en', 'customers.title'),
      q,
      page,
      prevOffset: offset > 0 ? Math.max(0, offset - PAGE_SIZE) : null,
      nextOffset: offset + PAGE_SIZE < page.total ? offset + PAGE_SIZE : null,
    });
  }

  @Get(':id')
  @AnyUser()
  async show(
    @Req() req: WebRequest,
    @Param('id', ParseIntPipe) id: number,
    @Query('erased') erased?: string,
    @Query('task') task?: string,
  ): Promise<string> {
    const data = await this.customerPage(req, id, erased === '1');
    const taskNotice =
      task === 'made' ? translate(viewerOf(req)?.locale ?? 'en', 'customers.taskMade') : null;
    return this.renderer.render(req, 'customers/show', { ...data, taskNotice });
  }

  /** A task made by hand (a call back, a card): the staff area's TasksService checks and assigns it. */
  @Post(':id/tasks')
  @AnyUser()
  async newTask(
    @Req() req: WebRequest & { user: Principal },
    @Res() res: Response,
    @Param('id', ParseIntPipe) id: number,
    @Body() form: Record<string, string>,
  ): Promise<void> {
    const assignee = /^\d+$/.test(form.assigneeId ?? '') ? Number(form.assigneeId) : undefined;
    try {
      await this.tasks.create(req.user, {
        customerId: id,
        kind: String(form.kind ?? ''),
        title: String(form.title ?? ''),
        dueDay: form.dueDay || undefined,
        assigneeId: assignee,
      });
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      const taskErrors = Object.fromEntries(e.fields.map((f) => [f.field, f.problem]));
      const data = await this.customerPage(req, id, false);
      res
        .status(422)
        .type('html')
        .send(await this.renderer.render(req, 'customers/show', { ...data, taskErrors, taskForm: form }));
      return;
    }
    res.redirect(303, `/customers/${id}?task=made#new-task`);
  }

  /** GDPR export: everything held about the customer, as a JSON download. */
  @Get(':id/export')
  @Roles('owner')
  async export(@Param('id', ParseIntPipe) id: number, @Res() res: Response): Promise<void> {
    const data = await this.gdpr.export(await this.existing(id));
    res.setHeader('content-disposition', `attachment; filename="customer-${id}.json"`);
    res.type('application/json').send(JSON.stringify(data, null, 2));
  }

  @Post(':id/erase')
  @Roles('owner')
  async erase(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', ParseIntPipe) id: number,
    @Body() form: Record<string, string>,
  ): Promise<void> {
    if (form.confirm !== 'ERASE') {
      const data = await this.customerPage(req, id, false);
      const html = await this.renderer.render(req, 'customers/show', {
        ...data,
        eraseError: translate(viewerOf(req)?.locale ?? 'en', 'customers.eraseTyped'),
      });
      res.status(422).type('html').send(html);
      return;
    }
    await this.gdpr.erase(await this.existing(id));
    res.redirect(303, `/customers/${id}?erased=1`);
  }

  private async existing(id: number): Promise<number> {
    await this.load(id);
    return id;
  }

  private async load(id: number): Promise<Customer> {
    try {
      return await this.customers.get(id);
    } catch (e) {
      if (e instanceof NotFound) throw new NotFoundException(`No customer ${id}`);
      throw e;
    }
  }

  private async customerPage(req: WebRequest, id: number, erased: boolean): Promise<Record<string, unknown>> {
    const c = await this.load(id);
    const users = await this.accounts.list();
    const userNames = new Map(users.map((u) => [u.id, u.name]));
    const locale = viewerOf(req)?.locale ?? 'en';
    return {
      title: `${c.firstName} ${c.lastName}`.trim(),
      c,
      notice: erased ? translate(locale, 'customers.erased') : null,
      consent: [
        { channel: 'email', given: c.emailConsent, at: c.emailConsentAt, source: c.emailConsentSource ?? '' },
        { channel: 'sms', given: c.smsConsent, at: c.smsConsentAt, source: c.smsConsentSource ?? '' },
      ],
      timeline: await this.timeline.forCustomer(id, userNames),
      taskKinds: TASK_KINDS.filter((k) => k !== 'service_recovery'),
      staffUsers: users.filter((u) => u.active).map((u) => ({ id: u.id, name: u.name })),
      taskErrors: {},
      taskForm: {},
    };
  }
}
