import { Body, Controller, Get, Param, ParseIntPipe, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Conflict, ValidationFailed } from '@touchbase/core';
import { CodedProblem, CustomerService, TierService } from '@touchbase/ingest';
import { Principal } from '@touchbase/staff';
import { Roles } from '../../auth/access.decorators';
import { translate } from '../i18n';
import { WebRenderer } from '../render/web-renderer';
import { WebExceptionFilter } from '../web-exception.filter';
import { WebRequest } from '../web-session';
import { CustomerForm, fieldErrors, formOf, formOptions, inputOf, typedForm } from './customer-form';

type Req_ = WebRequest & { user: Principal };

/**
 * Adding and editing a customer (owner): one form for every field, checked by the same
 * normalizers as the API and the import; an error names the field and keeps what was typed.
 * Consent changes are recorded with the user and "web-form" (docs/web-ui.md#customers).
 */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller('customers')
export class CustomerFormPagesController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly customers: CustomerService,
    private readonly tiers: TierService,
  ) {}

  @Get('new')
  @Roles('owner')
  newForm(@Req() req: Req_): Promise<string> {
    return this.form(req, null, formOf(null), {});
  }

  @Post('new')
  @Roles('owner')
  async create(@Req() req: Req_, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const form = typedForm(body);
    try {
      const r = await this.customers.create(inputOf(form), 'web-form', req.user.id);
      res.redirect(303, `/customers/${r.customer.id}?saved=created`);
    } catch (e) {
      await this.refuse(req, res, e, null, form);
    }
  }

  @Get(':id/edit')
  @Roles('owner')
  async editForm(@Req() req: Req_, @Param('id', ParseIntPipe) id: number): Promise<string> {
    const c = await this.tiers.named(await this.customers.get(id));
    return this.form(req, id, formOf(c, c.tier), {});
  }

  @Post(':id/edit')
  @Roles('owner')
  async update(
    @Req() req: Req_,
    @Res() res: Response,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const form = typedForm(body);
    try {
      const r = await this.customers.update(id, inputOf(form), 'web-form', req.user.id);
      res.redirect(303, `/customers/${id}?saved=${r.outcome}`);
    } catch (e) {
      await this.refuse(req, res, e, id, form);
    }
  }

  private async refuse(req: Req_, res: Response, e: unknown, id: number | null, form: CustomerForm) {
    let problems: CodedProblem[];
    if (e instanceof ValidationFailed) problems = e.fields;
    else if (e instanceof Conflict) problems = [{ field: 'email', problem: e.message }];
    else throw e;
    const html = await this.form(req, id, form, fieldErrors(req.user.locale, problems));
    res.status(422).type('html').send(html);
  }

  private async form(req: Req_, id: number | null, form: CustomerForm, errors: Record<string, string>) {
    const tierNames = await this.tiers.names();
    return this.renderer.render(req, 'customers/form', {
      tierNames,
      title: translate(req.user.locale, id ? 'cust.edit' : 'cust.new'),
      id,
      form,
      errors,
      hasErrors: Object.keys(errors).length > 0,
      ...formOptions(req.user.locale),
    });
  }
}
