import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { WaitlistService } from '@touchbase/ingest';
import { AnyUser } from '../auth/access.decorators';
import { WaitlistDto } from './dto/order-product.dto';
import { WaitlistPlacesQueryDto, WaitlistQueryDto } from './dto/paging.dto';

@ApiTags('waitlist')
@ApiBearerAuth()
@ApiCookieAuth('tb_session')
@Controller('api/waitlist')
export class WaitlistController {
  constructor(private readonly waitlist: WaitlistService) {}

  @Get()
  @AnyUser()
  @ApiOperation({
    summary: 'Waitlist entries in the order customers asked; filter by sku, customerId, status',
  })
  list(@Query() query: WaitlistQueryDto) {
    return this.waitlist.list(query);
  }

  @Get('places')
  @AnyUser()
  @ApiOperation({
    summary:
      'Who waits for what, in the order the back-in-stock rule tells them: each waiting place with its position in the product’s line (1 = next), the customer and the product; ?sku= for one product',
  })
  places(@Query() query: WaitlistPlacesQueryDto) {
    return this.waitlist.places(query);
  }

  @Get(':id')
  @AnyUser()
  @ApiOperation({ summary: 'One waitlist entry' })
  get(@Param('id', ParseIntPipe) id: number) {
    return this.waitlist.get(id);
  }

  @Post()
  @AnyUser()
  @ApiOperation({
    summary:
      'Put a customer on a product’s waitlist (201; 200 when already waiting, keeping their place); staff may, at the counter',
  })
  async add(@Body() body: WaitlistDto, @Res({ passthrough: true }) res: Response) {
    const { entry, created } = await this.waitlist.add(body);
    res.status(created ? 201 : 200);
    return entry;
  }

  @Delete(':id')
  @AnyUser()
  @HttpCode(204)
  @ApiOperation({ summary: 'Take a customer off a waitlist (owner or staff)' })
  async remove(@Param('id', ParseIntPipe) id: number) {
    await this.waitlist.delete(id);
  }
}
