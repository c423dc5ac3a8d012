import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { MAX_LIST_OFFSET, ValidationFailed } from '@touchbase/core';
import { ProductService, WaitlistService } from '@touchbase/ingest';
import { RestockReachService } from '@touchbase/rules';
import { AnyUser, Roles } from '../../auth/access.decorators';
import { translate } from '../i18n';
import { Form, ProductPageData, problemsByField } from '../queries/product-page';
import { WebRenderer } from '../render/web-renderer';
import { WebExceptionFilter } from '../web-exception.filter';
import { viewerOf, WebRequest } from '../web-session';

const PAGE_SIZE = 25;
const localeOf = (req: WebRequest) => viewerOf(req)?.locale ?? 'en';
const productPath = (sku: string) => `/products/${encodeURIComponent(sku)}`;

/**
 * Products (docs/web-ui.md): list and search, add and edit, and the stock form whose restock
 * goes through ProductService.setStock like the inventory webhook, after a confirmation that
 * counts the waiting customers the back-in-stock rules will tell.
 */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller('products')
export class ProductsPagesController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly products: ProductService,
    private readonly waitlist: WaitlistService,
    private readonly reach: RestockReachService,
    private readonly data: ProductPageData,
  ) {}

  @Get()
  @AnyUser()
  async list(
    @Req() req: WebRequest,
    @Query('q') q = '',
    @Query('offset') offsetParam = '0',
  ): Promise<string> {
    const offset = Math.min(Math.max(0, Number.parseInt(offsetParam, 10) || 0), MAX_LIST_OFFSET);
    const page = await this.products.list({ q: String(q).slice(0, 200), limit: PAGE_SIZE, offset });
    const waiting = await this.waitlist.waitingCounts(page.items.map((p) => p.id));
    return this.renderer.render(req, 'products/list', {
      titleKey: 'products.title',
      q,
      page: { ...page, items: page.items.map((p) => ({ ...p, waiting: waiting.get(p.id) ?? 0 })) },
      prevOffset: offset > 0 ? Math.max(0, offset - PAGE_SIZE) : null,
      nextOffset: offset + PAGE_SIZE < page.total ? offset + PAGE_SIZE : null,
    });
  }

  @Get('new')
  @Roles('owner')
  newForm(@Req() req: WebRequest): Promise<string> {
    return this.renderer.render(req, 'products/new', {
      titleKey: 'products.new',
      form: { stock: '0' },
      errors: {},
      formCurrency: this.data.currency(),
    });
  }

  @Post()
  @Roles('owner')
  async create(@Req() req: WebRequest, @Res() res: Response, @Body() form: Form): Promise<void> {
    try {
      const { product } = await this.products.create(
        {
          sku: form.sku ?? '',
          name: form.name ?? '',
          price: form.price ?? '',
          stock: form.stock ?? '',
          url: form.url ?? '',
        },
        'web',
        this.data.reading(localeOf(req)),
      );
      res.redirect(303, `${productPath(product.sku)}?done=created`);
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      const html = await this.renderer.render(req, 'products/new', {
        titleKey: 'products.new',
        form,
        errors: problemsByField(e),
        formCurrency: this.data.currency(),
      });
      res.status(422).type('html').send(html);
    }
  }

  @Get(':sku')
  @AnyUser()
  async show(
    @Req() req: WebRequest,
    @Param('sku') sku: string,
    @Query('q') q = '',
    @Query('done') done = '',
  ): Promise<string> {
    const p = await this.data.product(sku);
    const page = await this.data.page(p, localeOf(req), { q });
    const place = page.places.items.find((x) => x.id === Number(req.query.entry));
    const notice = noticeFor(localeOf(req), done, { ...req.query, place });
    return this.renderer.render(req, 'products/show', { ...page, notice });
  }

  @Post(':sku')
  @Roles('owner')
  async update(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('sku') sku: string,
    @Body() form: Form,
  ): Promise<void> {
    const p = await this.data.product(sku);
    try {
      await this.products.update(
        p.sku,
        {
          name: form.name ?? '',
          price: form.price ?? '',
          currency: form.currency || undefined,
          url: form.url ?? '',
        },
        'web',
        this.data.reading(localeOf(req)),
      );
      res.redirect(303, `${productPath(p.sku)}?done=saved`);
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      const page = await this.data.page(p, localeOf(req), {
        form: { ...form, sku: p.sku, stock: String(p.stock) },
        errors: problemsByField(e),
      });
      res
        .status(422)
        .type('html')
        .send(await this.renderer.render(req, 'products/show', page));
    }
  }

  /** First the confirmation (who will be told), then — with `confirmed` — the change itself. */
  @Post(':sku/stock')
  @Roles('owner')
  async stock(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('sku') sku: string,
    @Body() form: Form,
  ): Promise<void> {
    const p = await this.data.product(sku);
    const locale = localeOf(req);
    const raw = String(form.stock ?? '').trim();
    const stock = /^-?\d{1,10}$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(stock)) {
      const page = await this.data.page(p, locale, {
        errors: { stock: { field: 'stock', problem: translate(locale, 'products.stockInvalid') } },
      });
      res
        .status(422)
        .type('html')
        .send(await this.renderer.render(req, 'products/show', { ...page, stockInput: raw }));
      return;
    }
    const reach = await this.reach.forChange(p.id, p.stock, stock);
    if (form.confirmed !== 'yes') {
      // who is next in line: the customers the rules will tell, if no audience leaves one out
      const next = (await this.waitlist.places({ sku: p.sku, limit: Math.min(reach.willTell, 50) })).items;
      const view = { title: p.name, product: p, stock, reach, next: reach.willTell ? next : [] };
      res
        .status(200)
        .type('html')
        .send(await this.renderer.render(req, 'products/confirm-stock', view));
      return;
    }
    try {
      const result = await this.products.setStock(p.sku, stock, 'web');
      const done = result.restock ? `restocked&n=${reach.willTell}` : 'stock';
      res.redirect(303, `${productPath(p.sku)}?done=${done}&stock=${result.product.stock}`);
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      const page = await this.data.page(p, locale, { errors: problemsByField(e) });
      res
        .status(422)
        .type('html')
        .send(await this.renderer.render(req, 'products/show', { ...page, stockInput: raw }));
    }
  }
}

/** The notice after a redirect: what was just done, in the reader's language. */
export function noticeFor(locale: string, done: string, query: Record<string, unknown>): string | null {
  const stock = Number(query.stock ?? 0);
  const n = Number(query.n ?? 0);
  const place = query.place as { customer: { name: string }; position: number } | undefined;
  const name = place?.customer.name ?? '';
  const position = place?.position ?? 0;
  switch (done) {
    case 'created':
      return translate(locale, 'products.created');
    case 'saved':
      return translate(locale, 'products.saved');
    case 'stock':
      return translate(locale, 'products.stockSet', { stock });
    case 'restocked':
      return translate(locale, 'products.restocked', { n, stock });
    case 'removed':
      return translate(locale, 'waitlist.removed');
    case 'added':
      return place ? translate(locale, 'waitlist.added', { name, position }) : null;
    case 'already':
      return place ? translate(locale, 'waitlist.already', { name, position }) : null;
    default:
      return null;
  }
}
