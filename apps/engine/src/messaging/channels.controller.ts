import { Controller, Get, HttpCode, Param, ParseEnumPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ChannelState } from '@touchbase/messaging';
import { Roles } from '../auth/access.decorators';

enum Channel {
  email = 'email',
  sms = 'sms',
}

@ApiTags('channels')
@ApiBearerAuth()
@ApiCookieAuth('tb_session')
@Controller('api/channels')
export class ChannelsController {
  constructor(private readonly channels: ChannelState) {}

  @Get()
  @Roles('owner')
  @ApiOperation({
    summary: 'Whether each channel is paused (after a configuration error such as bad SMTP credentials)',
  })
  list() {
    return this.channels.all();
  }

  @Post(':channel/resume')
  @HttpCode(200)
  @Roles('owner')
  @ApiOperation({ summary: 'Resume a paused channel once its settings are fixed' })
  resume(@Param('channel', new ParseEnumPipe(Channel)) channel: string) {
    return this.channels.resume(channel);
  }
}
