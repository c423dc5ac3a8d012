import {
  Inject,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  ParseEnumPipe,
  Post,
  Put,
} from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { invalidField, smsSegments } from '@touchbase/core';
import { ApiBearerAuth, ApiCookieAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TemplatePreviewService, TemplateService } from '@touchbase/messaging';
import { TemplateReferences } from '@touchbase/rules';
import { Roles } from '../auth/access.decorators';
import { testRecipient } from './test-recipient';
import { PreviewTemplateDto, RenameTemplateDto, SaveTemplateDto, TestSendDto } from './messaging.dto';

enum TemplateChannel {
  email = 'email',
  sms = 'sms',
  task = 'task',
}

enum MessageChannel {
  email = 'email',
  sms = 'sms',
}

@ApiTags('templates')
@ApiBearerAuth()
@ApiCookieAuth('tb_session')
@Controller('api/templates')
export class TemplatesController {
  constructor(
    private readonly templates: TemplateService,
    private readonly previews: TemplatePreviewService,
    private readonly references: TemplateReferences,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Roles('owner')
  @ApiOperation({ summary: 'All templates (key, channel, locale)' })
  list() {
    return this.templates.list();
  }

  @Get(':key/:channel/:locale')
  @Roles('owner')
  @ApiOperation({ summary: 'One template' })
  async get(
    @Param('key') key: string,
    @Param('channel', new ParseEnumPipe(TemplateChannel)) channel: string,
    @Param('locale') locale: string,
  ) {
    const t = await this.templates.get(key, channel, locale);
    if (!t) throw new NotFoundException(`No ${channel} template "${key}" in ${locale}`);
    return t;
  }

  @Put(':key/:channel/:locale')
  @Roles('owner')
  @ApiOperation({
    summary:
      'Create or replace a template; an unknown variable or filter answers 400 with its line and column',
    description:
      'Key `_layout` (channel email) is the email layout every email to a customer is sent in: it must contain `{{ content }}` and `unsubscribe_url` in html and text, and a Liquid error is refused (docs/delivery.md#email-layout). Channel task: a task template — subject is the title, html the reason (plain text), text the talking points; it may use `task.*` facts (docs/staff.md#task-templates).',
  })
  save(
    @Param('key') key: string,
    @Param('channel', new ParseEnumPipe(TemplateChannel)) channel: string,
    @Param('locale') locale: string,
    @Body() body: SaveTemplateDto,
  ) {
    return this.templates.save(key, channel, locale, body);
  }

  @Post(':key/:channel/:locale/reset')
  @HttpCode(200)
  @Roles('owner')
  @ApiOperation({
    summary:
      'Replace a template with its shipped version (e.g. the email layout `_layout`); 404 when none was shipped',
  })
  reset(
    @Param('key') key: string,
    @Param('channel', new ParseEnumPipe(TemplateChannel)) channel: string,
    @Param('locale') locale: string,
  ) {
    return this.templates.reset(key, channel, locale);
  }

  @Delete(':key/:channel/:locale')
  @HttpCode(204)
  @Roles('owner')
  @ApiOperation({
    summary:
      'Delete one template; 409 naming the rules when a rule needs it (its channel, or the fallback channel, in the default language)',
  })
  async remove(
    @Param('key') key: string,
    @Param('channel', new ParseEnumPipe(TemplateChannel)) channel: string,
    @Param('locale') locale: string,
  ): Promise<void> {
    await this.references.remove(key, channel, locale);
  }

  @Delete(':key')
  @HttpCode(204)
  @Roles('owner')
  @ApiOperation({ summary: 'Delete every channel and language of a key; 409 naming the rules that use it' })
  async removeKey(@Param('key') key: string): Promise<void> {
    await this.references.remove(key);
  }

  @Post(':key/rename')
  @HttpCode(200)
  @Roles('owner')
  @ApiOperation({
    summary: 'Give every channel and language of a key a new key; 409 naming the rules that use it',
  })
  async rename(@Param('key') key: string, @Body() body: RenameTemplateDto) {
    return { renamed: await this.references.rename(key, body.to), key: body.to };
  }

  @Post(':key/:channel/preview')
  @HttpCode(200)
  @Roles('owner')
  @ApiOperation({
    summary: 'Render a template for a customer (or the sample customer) without sending',
    description:
      'Channel task answers { locale, title, reason, talkingPoints } with the sample task facts. Channel sms adds `sms`: { encoding (GSM-7 or UCS-2), segments, units, perSegment, left } (docs/delivery.md#sms-length). Channel email answers the complete document inside the email layout.',
  })
  async preview(
    @Param('key') key: string,
    @Param('channel', new ParseEnumPipe(TemplateChannel)) channel: 'email' | 'sms' | 'task',
    @Body() body: PreviewTemplateDto,
  ) {
    if (channel === 'task') return this.previews.previewTask(key, body);
    const m = await this.previews.preview(key, channel, body);
    return channel === 'sms' ? { ...m, sms: smsSegments(m.text) } : m;
  }

  @Post(':key/:channel/test-send')
  @Roles('owner')
  @ApiOperation({ summary: 'Queue a rendered test message to an address or number (sent by the dispatcher)' })
  async testSend(
    @Param('key') key: string,
    @Param('channel', new ParseEnumPipe(MessageChannel)) channel: 'email' | 'sms',
    @Body() body: TestSendDto,
  ) {
    const to = testRecipient(channel, body.to, this.config.business.phoneRegion);
    if (!to)
      throw invalidField(
        'to',
        channel === 'email'
          ? 'must be an email address'
          : `must be a phone number: international (+49…) or local in ${this.config.business.phoneRegion}`,
      );
    const m = await this.previews.testSend(key, channel, to, body);
    return { messageId: m.id, status: m.status, recipient: m.recipient, subject: m.subject };
  }
}
