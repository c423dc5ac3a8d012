import { Controller, ForbiddenException, Header, HttpCode, Post, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { TwilioWebhookService } from '@touchbase/messaging';
import { Public } from '../auth/access.decorators';

/**
 * Twilio webhooks. Each request's X-Twilio-Signature is checked against PUBLIC_BASE_URL + the
 * path: a bad one gets 403 and changes nothing.
 *   POST /webhooks/twilio/status   delivery status callbacks (set per message by the dispatcher)
 *   POST /webhooks/twilio/inbound  "A message comes in" on the number or messaging service
 */
@ApiExcludeController()
@Controller('webhooks/twilio')
export class TwilioWebhooksController {
  constructor(private readonly twilio: TwilioWebhookService) {}

  @Post('status')
  @Public()
  @HttpCode(204)
  async status(@Req() req: Request): Promise<void> {
    const outbox = Number(req.query.outbox);
    await this.twilio.status(this.verified(req), Number.isSafeInteger(outbox) && outbox > 0 ? outbox : null);
  }

  @Post('inbound')
  @Public()
  @HttpCode(200)
  @Header('Content-Type', 'text/xml; charset=utf-8')
  inbound(@Req() req: Request): Promise<string> {
    return this.twilio.inbound(this.verified(req));
  }

  private verified(req: Request): Record<string, string> {
    const params = (req.body ?? {}) as Record<string, string>;
    if (!this.twilio.verify(req.header('x-twilio-signature'), req.originalUrl, params))
      throw new ForbiddenException('invalid Twilio signature');
    return params;
  }
}
