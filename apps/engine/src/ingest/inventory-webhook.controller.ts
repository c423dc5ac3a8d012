import { Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { InventoryWebhookService } from '@touchbase/ingest';
import { Public } from '../auth/access.decorators';

@ApiTags('webhooks')
@Controller('webhooks/inventory')
export class InventoryWebhookController {
  constructor(private readonly webhook: InventoryWebhookService) {}

  @Post()
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Stock levels from the shop system (docs/shops.md#inventory-webhook). X-Touchbase-Signature = "sha256=" + hex HMAC-SHA256 of "<timestamp>.<raw body>" with the inventory webhook secret; a bad signature or a timestamp outside the window answers 401, a delivery already seen 409; both change nothing',
  })
  @ApiHeader({ name: 'x-touchbase-signature', required: true, example: 'sha256=9f86d08…' })
  @ApiHeader({ name: 'x-touchbase-timestamp', required: true, example: '1795430000' })
  @ApiBody({ schema: { example: { eventId: 'evt-1', items: [{ sku: 'TEA-MATCHA', stock: 12 }] } } })
  receive(
    @Req() req: Request & { rawBody?: Buffer },
    @Headers('x-touchbase-signature') signature: string | undefined,
    @Headers('x-touchbase-timestamp') timestamp: string | undefined,
  ) {
    return this.webhook.receive(req.rawBody, { signature, timestamp });
  }
}
