import { Controller, HttpCode, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MessageRetry } from '@touchbase/messaging';
import { Roles } from '../auth/access.decorators';

@ApiTags('messages')
@ApiBearerAuth()
@ApiCookieAuth('tb_session')
@Controller('api/messages')
export class MessagesController {
  constructor(private readonly retries: MessageRetry) {}

  @Post(':id/retry')
  @HttpCode(200)
  @Roles('owner')
  @ApiOperation({
    summary:
      'Put a failed message back in the outbox, due now, with fresh attempts (consent is re-checked before sending)',
  })
  async retry(@Param('id', ParseIntPipe) id: number) {
    const m = await this.retries.retry(id);
    return { id: m.id, status: m.status, nextAttemptAt: m.nextAttemptAt };
  }
}
