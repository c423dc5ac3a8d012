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
import { CustomerListQuery, CustomerService, GdprService, TierService } from '@touchbase/ingest';
import { NotFound, postalLines, TASK_KINDS, ValidationFailed } from '@touchbase/core';
import { AccountsService, ContactLogService, Principal, TasksService } from '@touchbase/staff';
import { Customer } from '@touchbase/store';
import { AnyUser, Roles } from '../../auth/access.decorators';
import { translate } from '../i18n';
import { sendCustomerCsv } from '../../ingest/customer-csv';
import { CustomerProfileQuery } from '../queries/customer-profile.query';
import { CustomerTimelineQuery } from '../queries/customer-timeline.query';
import { listFilterOf, listView } from './customer-list-view';
import { WebRenderer } from '../render/web-renderer';
import { WebExceptionFilter } from '../web-exception.filter';
import { viewerOf, WebRequest } from '../web-session';

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
    private readonly lists: CustomerListQuery,
    private readonly profile: CustomerProfileQuery,
    private readonly contacts: ContactLogService,
    private readonly tiers: TierService,
  ) {}

  /** The list: search, filters, sort and paging in the query string, so a view can be bookmarked and exported. */
  @Get()
  @AnyUser()
  async list(@Req() req: WebRequest, @Query() query: Record<string, string>): Promise<string> {
    const locale = viewerOf(req)?.locale ?? 'en';
    const { filter, errors } = listFilterOf(query);
    const page = await this.lists.page(filter);
    return this.renderer.render(req, 'customers/list', {
      title: translate(locale, 'customers.title'),
      ...listView(locale, query, filter, page, errors),
      currency: this.profile.currency(),
      tierNames: await this.tiers.names(),
    });
  }

  /** The list's current view (same filters and sort, every page) as CSV. */
  @Get('export.csv')
  @Roles('owner')
  async exportCsv(@Query() query: Record<string, string>, @Res() res: Response): Promise<void> {
    const { filter } = listFilterOf(query);
    await sendCustomerCsv(this.lists, { ...filter, limit: undefined, offset: undefined }, res);
  }

  @Get(':id')
  @AnyUser()
  async show(
    @Req() req: WebRequest,
    @Param('id', ParseIntPipe) id: number,
    @Query() q: Record<string, string>,
  ): Promise<string> {
    const locale = viewerOf(req)?.locale ?? 'en';
    const data = await this.customerPage(req, id, q.erased === '1');
    const notices: Record<string, string> = {
      made: 'customers.taskMade',
      created: 'cust.created',
      updated: 'cust.saved',
      unchanged: 'cust.unchanged',
      logged: 'cust.logged',
    };
    const key = notices[q.task ?? ''] ?? notices[q.saved ?? ''];
    const taskNotice = q.task === 'made' ? translate(locale, 'customers.taskMade') : null;
    const savedNotice = key && !taskNotice ? translate(locale, key) : null;
    return this.renderer.render(req, 'customers/show', { ...data, taskNotice, savedNotice });
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

  /** "Log a call / add a note" in one click: a contact event by the signed-in user. */
  @Post(':id/contacts')
  @AnyUser()
  async logContact(
    @Req() req: WebRequest & { user: Principal },
    @Res() res: Response,
    @Param('id', ParseIntPipe) id: number,
    @Body() form: Record<string, string>,
  ): Promise<void> {
    const summary = String(form.summary ?? '');
    try {
      await this.contacts.log(req.user, { customerId: id, kind: String(form.kind ?? ''), summary });
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      const tooLong = e.fields.some((f) => f.field === 'summary' && /longer/.test(f.problem));
      const data = await this.customerPage(req, id, false);
      const logError = translate(req.user.locale, tooLong ? 'cust.logTooLong' : 'cust.logEmpty');
      const html = await this.renderer.render(req, 'customers/show', {
        ...data,
        logError,
        logSummary: summary,
      });
      res.status(422).type('html').send(html);
      return;
    }
    res.redirect(303, `/customers/${id}?saved=logged#log-contact`);
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
    const [figures, consentHistory] = await Promise.all([
      this.profile.figures(id),
      this.profile.consentHistory(id, userNames),
    ]);
    const tier = c.tierId ? (await this.tiers.named(c)).tier : null;
    return {
      title: `${c.firstName} ${c.lastName}`.trim(),
      c,
      tier,
      figures,
      consentHistory,
      // the lines as an envelope has them (the card printer's order), without the name
      address: postalLines({ ...c, name: '' }, this.profile.homeCountry(), locale),
      notice: erased ? translate(locale, 'customers.erased') : null,
      consent: [
        {
          channel: 'email',
          given: c.emailConsent,
          at: c.emailConsentAt,
          source: c.emailConsentSource ?? '',
          scope: c.emailScope,
        },
        {
          channel: 'sms',
          given: c.smsConsent,
          at: c.smsConsentAt,
          source: c.smsConsentSource ?? '',
          scope: c.smsScope,
        },
      ],
      timeline: await this.timeline.forCustomer(id, userNames),
      taskKinds: TASK_KINDS.filter((k) => k !== 'service_recovery'),
      staffUsers: users.filter((u) => u.active).map((u) => ({ id: u.id, name: u.name })),
      taskErrors: {},
      taskForm: {},
    };
  }
}
