import { Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ShopifyWebhookService, WooCommerceWebhookService } from '@touchbase/ingest';
import { Public } from '../auth/access.decorators';

type RawRequest = Request & { rawBody?: Buffer };

/**
 * The shops' webhooks (docs/shops.md). A bad signature answers 401 and changes nothing; a
 * delivery id already processed answers 200 `{ duplicate: true }` (so the shop stops retrying)
 * and changes nothing; a malformed payload answers 400 naming the field.
 */
@ApiTags('webhooks')
@Controller('webhooks')
export class ShopWebhooksController {
  constructor(
    private readonly shopify: ShopifyWebhookService,
    private readonly woo: WooCommerceWebhookService,
  ) {}

  @Post('shopify')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Shopify webhooks (orders, customers, products, inventory levels, privacy)' })
  @ApiHeader({ name: 'x-shopify-hmac-sha256', required: true })
  @ApiHeader({ name: 'x-shopify-topic', required: true, example: 'orders/create' })
  @ApiHeader({ name: 'x-shopify-webhook-id', required: true })
  receiveShopify(
    @Req() req: RawRequest,
    @Headers('x-shopify-hmac-sha256') hmac: string | undefined,
    @Headers('x-shopify-topic') topic: string | undefined,
    @Headers('x-shopify-webhook-id') webhookId: string | undefined,
  ) {
    return this.shopify.receive(req.rawBody, { hmac, topic, webhookId });
  }

  @Post('woocommerce')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'WooCommerce webhooks (order.created, customer.created/updated, product.updated)',
  })
  @ApiHeader({ name: 'x-wc-webhook-signature', required: true })
  @ApiHeader({ name: 'x-wc-webhook-topic', required: true, example: 'order.created' })
  @ApiHeader({ name: 'x-wc-webhook-delivery-id', required: true })
  receiveWooCommerce(
    @Req() req: RawRequest,
    @Headers('x-wc-webhook-signature') signature: string | undefined,
    @Headers('x-wc-webhook-topic') topic: string | undefined,
    @Headers('x-wc-webhook-delivery-id') deliveryId: string | undefined,
  ) {
    if (WooCommerceWebhookService.isPing(req.body, topic)) return { ping: true };
    return this.woo.receive(req.rawBody, { signature, topic, deliveryId });
  }
}
