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
import { MAX_LIST_OFFSET } from '@touchbase/core';
import { WaitlistService } from '@touchbase/ingest';
import { AnyUser } from '../../auth/access.decorators';
import { Form, ProductPageData } from '../queries/product-page';
import { WebRenderer } from '../render/web-renderer';
import { WebExceptionFilter } from '../web-exception.filter';
import { WebRequest } from '../web-session';

const PAGE_SIZE = 50;
const productPath = (sku: string) => `/products/${encodeURIComponent(sku)}`;

/**
 * Waitlists (docs/web-ui.md): every product's line in order, and at the counter — owner or
 * staff — putting a customer on a product's waitlist or taking a place off it.
 */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller()
export class WaitlistsPagesController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly waitlist: WaitlistService,
    private readonly data: ProductPageData,
  ) {}

  @Get('waitlists')
  @AnyUser()
  async all(@Req() req: WebRequest, @Query('offset') offsetParam = '0'): Promise<string> {
    const offset = Math.min(Math.max(0, Number.parseInt(offsetParam, 10) || 0), MAX_LIST_OFFSET);
    const page = await this.waitlist.places({ limit: PAGE_SIZE, offset });
    return this.renderer.render(req, 'products/waitlists', {
      titleKey: 'waitlist.title',
      page,
      prevOffset: offset > 0 ? Math.max(0, offset - PAGE_SIZE) : null,
      nextOffset: offset + PAGE_SIZE < page.total ? offset + PAGE_SIZE : null,
    });
  }

  @Post('products/:sku/waitlist')
  @AnyUser()
  async add(@Res() res: Response, @Param('sku') sku: string, @Body() form: Form): Promise<void> {
    const p = await this.data.product(sku);
    const { entry, created } = await this.waitlist.add({
      productId: p.id,
      customerId: /^\d{1,9}$/.test(form.customerId ?? '') ? Number(form.customerId) : undefined,
    });
    res.redirect(
      303,
      `${productPath(p.sku)}?done=${created ? 'added' : 'already'}&entry=${entry.id}#waitlist`,
    );
  }

  @Post('products/:sku/waitlist/:id/remove')
  @AnyUser()
  async remove(
    @Res() res: Response,
    @Param('sku') sku: string,
    @Param('id', ParseIntPipe) id: number,
    @Body() form: Form,
  ): Promise<void> {
    const p = await this.data.product(sku);
    const entry = await this.waitlist.get(id);
    if (entry.productId === p.id) await this.waitlist.delete(id);
    res.redirect(303, form.back === 'all' ? '/waitlists' : `${productPath(p.sku)}?done=removed#waitlist`);
  }
}
