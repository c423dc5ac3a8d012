import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  Patch,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  CustomerListQuery,
  CustomerService,
  CustomerWriteResult,
  GdprService,
  TierService,
} from '@touchbase/ingest';
import { ContactLogService, Principal } from '@touchbase/staff';
import { AnyUser, Roles } from '../auth/access.decorators';
import { CurrentUser } from '../auth/current-user.decorator';
import { sendCustomerCsv } from './customer-csv';
import { ContactLogDto, CustomerDto } from './dto/customer.dto';
import { CustomerQueryDto } from './dto/paging.dto';

function split(body: CustomerDto): [Omit<CustomerDto, 'consentSource'>, string] {
  const { consentSource, ...input } = body;
  return [input, consentSource ?? 'api'];
}

@ApiTags('customers')
@ApiBearerAuth()
@ApiCookieAuth('tb_session')
@Controller('api/customers')
export class CustomersController {
  constructor(
    private readonly customers: CustomerService,
    private readonly gdpr: GdprService,
    private readonly list: CustomerListQuery,
    private readonly contacts: ContactLogService,
    private readonly tiers: TierService,
  ) {}

  private async result(r: CustomerWriteResult) {
    return { outcome: r.outcome, warnings: r.warnings, customer: await this.tiers.named(r.customer) };
  }

  @Get()
  @AnyUser()
  @ApiOperation({
    summary:
      'A page of customers (limit ≤ 200, offset) with lifetime spend, order count and last contact; q searches name, email, phone and external id; filters by tag, consent, birthday month, spend and last contact; sorts by name, spend, lastContact or created',
  })
  page(@Query() query: CustomerQueryDto) {
    return this.list.page(query);
  }

  @Get('export.csv')
  @Roles('owner')
  @ApiProduces('text/csv')
  @ApiOperation({
    summary:
      'The customers the same filters and sort select, as CSV (all pages; cells starting with = + - @ are prefixed with a quote)',
  })
  async exportCsv(@Query() query: CustomerQueryDto, @Res() res: Response): Promise<void> {
    await sendCustomerCsv(this.list, { ...query, limit: undefined, offset: undefined }, res);
  }

  @Get('by-external-id/:externalId')
  @AnyUser()
  @ApiOperation({ summary: 'One customer by the business’s own id' })
  async byExternalId(@Param('externalId') externalId: string) {
    return this.tiers.named(await this.customers.getByExternalId(externalId));
  }

  @Get(':id')
  @AnyUser()
  @ApiOperation({ summary: 'One customer, with the name of their service tier (`tier`)' })
  async get(@Param('id', ParseIntPipe) id: number) {
    return this.tiers.named(await this.customers.get(id));
  }

  @Get(':id/tier-changes')
  @AnyUser()
  @ApiOperation({
    summary:
      'The customer’s tier changes, newest first: from, to, why (manual by userId, computed, tier_deleted), when',
  })
  async tierChanges(@Param('id', ParseIntPipe) id: number) {
    await this.customers.get(id);
    return this.tiers.history(id);
  }

  @Post()
  @Roles('owner')
  @ApiOperation({ summary: 'Create a customer; 400 names each bad field, 409 when the external id is taken' })
  async create(@Body() body: CustomerDto, @CurrentUser() me: Principal) {
    return this.result(await this.customers.create(...split(body), me.id));
  }

  @Put('by-external-id/:externalId')
  @Roles('owner')
  @ApiOperation({
    summary:
      'Upsert by external id: create, or update the given fields (outcome: created | updated | unchanged)',
  })
  async upsert(
    @Param('externalId') externalId: string,
    @Body() body: CustomerDto,
    @CurrentUser() me: Principal,
  ) {
    const [input, source] = split(body);
    return this.result(await this.customers.upsertByExternalId(externalId, input, source, me.id));
  }

  @Patch(':id')
  @Roles('owner')
  @ApiOperation({ summary: 'Change the given fields of a customer' })
  async update(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: CustomerDto,
    @CurrentUser() me: Principal,
  ) {
    return this.result(await this.customers.update(id, ...split(body), me.id));
  }

  @Post(':id/contacts')
  @AnyUser()
  @ApiOperation({
    summary:
      'Log a call or a note (a contact event by the caller); a call is a real contact and restarts "no contact for D days"',
  })
  logContact(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: ContactLogDto,
    @CurrentUser() me: Principal,
  ) {
    return this.contacts.log(me, { customerId: id, kind: body.kind, summary: body.summary ?? '' });
  }

  @Delete(':id')
  @Roles('owner')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'Delete a customer with their orders, waitlist places and contact history (queued messages are cancelled)',
  })
  async remove(@Param('id', ParseIntPipe) id: number) {
    await this.customers.delete(id);
  }

  @Get(':id/export')
  @Roles('owner')
  @ApiOperation({ summary: 'GDPR: everything held about the customer, as JSON' })
  export(@Param('id', ParseIntPipe) id: number) {
    return this.gdpr.export(id);
  }

  @Post(':id/erase')
  @Roles('owner')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'GDPR: erase the customer’s personal data; keeps a suppression hash so imports cannot re-subscribe them',
  })
  erase(@Param('id', ParseIntPipe) id: number) {
    return this.gdpr.erase(id);
  }
}
