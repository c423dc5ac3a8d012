import { Controller, Headers, HttpCode, Post, Req, UnauthorizedException, UseFilters } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { InventoryWebhookService } from './inventory-webhook.service';
import { Public } from '../auth/access.decorators';
import { IngestErrorFilter } from './ingest-error.filter';

export const INVENTORY_SIGNATURE_HEADER = 'x-touchbase-signature';

@ApiTags('webhooks')
@UseFilters(IngestErrorFilter)
@Controller('webhooks/inventory')
export class InventoryWebhookController {
  constructor(private readonly webhook: InventoryWebhookService) {}

  @Post()
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Stock levels from the shop system. Signed: header X-Touchbase-Signature = "sha256=" + hex HMAC-SHA256 of the raw body with APP_SECRET; a bad signature answers 401 and changes nothing',
  })
  @ApiHeader({ name: INVENTORY_SIGNATURE_HEADER, required: true, example: 'sha256=9f86d08…' })
  @ApiBody({ schema: { example: { items: [{ sku: 'TEA-MATCHA', stock: 12 }] } } })
  receive(
    @Req() req: Request & { rawBody?: Buffer },
    @Headers(INVENTORY_SIGNATURE_HEADER) signature: string | undefined,
  ) {
    if (!req.rawBody || !this.webhook.verify(req.rawBody, signature))
      throw new UnauthorizedException('Missing or wrong X-Touchbase-Signature.');
    return this.webhook.apply(req.rawBody);
  }
}
