import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OrderService } from '@touchbase/ingest';
import { AnyUser, Roles } from '../auth/access.decorators';
import { OrderDto } from './dto/order-product.dto';
import { OrderQueryDto } from './dto/paging.dto';

@ApiTags('orders')
@ApiBearerAuth()
@ApiCookieAuth('tb_session')
@Controller('api/orders')
export class OrdersController {
  constructor(private readonly orders: OrderService) {}

  @Get()
  @AnyUser()
  @ApiOperation({ summary: 'A page of orders, newest first; filter by customerId, q = external id' })
  list(@Query() query: OrderQueryDto) {
    return this.orders.list(query);
  }

  @Get('by-external-id/:externalId')
  @AnyUser()
  @ApiOperation({ summary: 'One order by the shop’s order number' })
  byExternalId(@Param('externalId') externalId: string) {
    return this.orders.getByExternalId(externalId);
  }

  @Get(':id')
  @AnyUser()
  @ApiOperation({ summary: 'One order' })
  get(@Param('id', ParseIntPipe) id: number) {
    return this.orders.get(id);
  }

  @Post()
  @Roles('owner')
  @ApiOperation({
    summary: 'Record an order (placedAt with offset; total in minor units or as an exact decimal string)',
  })
  create(@Body() body: OrderDto) {
    return this.orders.create(body);
  }

  @Put('by-external-id/:externalId')
  @Roles('owner')
  @ApiOperation({ summary: 'Upsert an order by external id (outcome: created | updated | unchanged)' })
  upsert(@Param('externalId') externalId: string, @Body() body: OrderDto) {
    return this.orders.upsertByExternalId(externalId, body);
  }

  @Delete(':id')
  @Roles('owner')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an order' })
  async remove(@Param('id', ParseIntPipe) id: number) {
    await this.orders.delete(id);
  }
}
