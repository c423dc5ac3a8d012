import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WebhookSecretsService } from '@touchbase/ingest';
import { Roles } from '../auth/access.decorators';
import { WebhookSecretDto } from './dto/webhook-secret.dto';

@ApiTags('webhooks')
@ApiBearerAuth()
@ApiCookieAuth('tb_session')
@Controller('api/webhook-secrets')
export class WebhookSecretsController {
  constructor(private readonly secrets: WebhookSecretsService) {}

  @Get()
  @Roles('owner')
  @ApiOperation({ summary: 'Each webhook source: where its secret comes from, and any overlap running' })
  list() {
    return this.secrets.status();
  }

  @Put(':source')
  @Roles('owner')
  @ApiOperation({
    summary:
      'Set or rotate a source’s signing secret (inventory, shopify, woocommerce, email: the inbound email token); without `secret` one is generated and shown once. The previous secret stays valid for overlapHours.',
  })
  rotate(@Param('source') source: string, @Body() body: WebhookSecretDto) {
    return this.secrets.rotate(source, body);
  }
}
