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
} from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CustomerService, CustomerWriteResult, GdprService } from '@touchbase/ingest';
import { AnyUser, Roles } from '../auth/access.decorators';
import { CustomerDto } from './dto/customer.dto';
import { PageQueryDto } from './dto/paging.dto';

function split(body: CustomerDto): [Omit<CustomerDto, 'consentSource'>, string] {
  const { consentSource, ...input } = body;
  return [input, consentSource ?? 'api'];
}

const result = (r: CustomerWriteResult) => ({
  outcome: r.outcome,
  warnings: r.warnings,
  customer: r.customer,
});

@ApiTags('customers')
@ApiBearerAuth()
@ApiCookieAuth('tb_session')
@Controller('api/customers')
export class CustomersController {
  constructor(
    private readonly customers: CustomerService,
    private readonly gdpr: GdprService,
  ) {}

  @Get()
  @AnyUser()
  @ApiOperation({
    summary: 'A page of customers (limit ≤ 200, offset); q searches name, email, phone and external id',
  })
  list(@Query() query: PageQueryDto) {
    return this.customers.list(query);
  }

  @Get('by-external-id/:externalId')
  @AnyUser()
  @ApiOperation({ summary: 'One customer by the business’s own id' })
  byExternalId(@Param('externalId') externalId: string) {
    return this.customers.getByExternalId(externalId);
  }

  @Get(':id')
  @AnyUser()
  @ApiOperation({ summary: 'One customer' })
  get(@Param('id', ParseIntPipe) id: number) {
    return this.customers.get(id);
  }

  @Post()
  @Roles('owner')
  @ApiOperation({ summary: 'Create a customer; 400 names each bad field, 409 when the external id is taken' })
  async create(@Body() body: CustomerDto) {
    return result(await this.customers.create(...split(body)));
  }

  @Put('by-external-id/:externalId')
  @Roles('owner')
  @ApiOperation({
    summary:
      'Upsert by external id: create, or update the given fields (outcome: created | updated | unchanged)',
  })
  async upsert(@Param('externalId') externalId: string, @Body() body: CustomerDto) {
    const [input, source] = split(body);
    return result(await this.customers.upsertByExternalId(externalId, input, source));
  }

  @Patch(':id')
  @Roles('owner')
  @ApiOperation({ summary: 'Change the given fields of a customer' })
  async update(@Param('id', ParseIntPipe) id: number, @Body() body: CustomerDto) {
    return result(await this.customers.update(id, ...split(body)));
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
