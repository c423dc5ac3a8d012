import { Controller, Headers, HttpCode, Post, Req, UnauthorizedException } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiHeader,
  ApiOperation,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { InboundEmailService } from '@touchbase/ingest';
import { Public } from '../auth/access.decorators';
import { credentialsOf } from '../http/inbound-email-body';

@ApiTags('webhooks')
@Controller('webhooks/email')
export class InboundEmailController {
  constructor(private readonly inbound: InboundEmailService) {}

  @Post('inbound')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'A customer’s email to the Reply-To address, from the mail provider’s inbound parse (docs/delivery.md#inbound-email). Authenticated by the `email` webhook secret as X-Touchbase-Token, Bearer, Basic auth password or ?token= (401 before the body is read; at most 10 MB, 413 beyond). Matched to customers by the sender address, quoted text stripped; on the timeline, and a reply task on Today unless it is an automatic answer. A Message-ID seen before answers "duplicate" and changes nothing; an unknown sender answers "unknown_sender" (logged, nothing else).',
  })
  @ApiConsumes(
    'application/json',
    'multipart/form-data',
    'application/x-www-form-urlencoded',
    'message/rfc822',
  )
  @ApiHeader({ name: 'x-touchbase-token', required: false, description: 'The email webhook secret' })
  @ApiQuery({
    name: 'token',
    required: false,
    description: 'The email webhook secret (for providers that only take a URL)',
  })
  @ApiBody({
    schema: {
      example: {
        from: 'Anna Schmidt <anna@example.com>',
        subject: 'Re: Happy birthday, Anna!',
        text: 'Thank you! Can you put one aside for me?\n\nOn Mon, 15 Jun 2026 Shop wrote:\n> Happy birthday…',
        html: '',
        messageId: '<CAF1234@mail.example.com>',
        inReplyTo: '<touchbase.outbox.42@shop.example>',
        references: '<touchbase.outbox.42@shop.example>',
        headers: { 'Auto-Submitted': 'no' },
      },
    },
  })
  @ApiResponse({
    status: 200,
    schema: { example: { status: 'recorded', customers: 1, tasks: 1 } },
    description: 'status: recorded | auto_reply | unknown_sender | duplicate',
  })
  async receive(@Req() req: Request, @Headers('content-type') contentType: string | undefined) {
    // the body guard checked the token before reading; checked again here so the route never runs without it
    if (!(await this.inbound.authorized(credentialsOf(req))))
      throw new UnauthorizedException('Missing or wrong inbound email token.');
    const body: unknown = req.body;
    return this.inbound.receive(Buffer.isBuffer(body) ? body : Buffer.alloc(0), contentType ?? '');
  }
}
