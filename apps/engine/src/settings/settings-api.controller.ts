import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SETTING_KEYS } from '@touchbase/config';
import { FieldProblem, ValidationFailed } from '@touchbase/core';
import { SettingChangeRow, SettingsService, SettingsView } from '@touchbase/store';
import { Roles } from '../auth/access.decorators';
import { CurrentUser, Principal } from '../auth/current-user.decorator';

const VIEW_DESCRIPTION =
  '{ values, defaults, env, overridden, settings, version }: each setting in its text form (values: effective, ' +
  'defaults: from the environment, env: the variable it comes from), which the owner set, and the typed settings';

/** The owner's settings (docs/configuration.md#settings-page): read, change, reset, and the change log. */
@ApiTags('settings')
@ApiBearerAuth()
@ApiCookieAuth('tb_session')
@Controller('api/settings')
export class SettingsApiController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  @Roles('owner')
  @ApiOperation({
    summary: 'The effective settings, the environment’s defaults and which ones the owner set',
  })
  @ApiOkResponse({ description: VIEW_DESCRIPTION })
  get(): Promise<SettingsView> {
    return this.settings.view();
  }

  @Put()
  @Roles('owner')
  @ApiOperation({
    summary:
      'Change settings: a text value sets one (checked like the environment), null resets it to the default. ' +
      'All or nothing: a bad value answers 400 naming each field. Every process uses the change within a second.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(
        SETTING_KEYS.map((k) => [k, { type: 'string', nullable: true, example: example(k) }]),
      ),
    },
  })
  @ApiOkResponse({ description: VIEW_DESCRIPTION })
  put(@Body() body: unknown, @CurrentUser() me: Principal): Promise<SettingsView> {
    return this.settings.update(changesOf(body), { userId: me.id, name: me.email });
  }

  @Get('changes')
  @Roles('owner')
  @ApiOperation({ summary: 'The latest 50 setting changes: who, when, which setting, before and after' })
  changes(): Promise<SettingChangeRow[]> {
    return this.settings.history(50);
  }
}

/** The body as { key: text | null }; numbers are taken as their text, anything else is refused by name. */
function changesOf(body: unknown): Record<string, string | null> {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new ValidationFailed([{ field: 'body', problem: 'expected a JSON object of settings' }]);
  const out: Record<string, string | null> = {};
  const problems: FieldProblem[] = [];
  for (const [k, v] of Object.entries(body)) {
    if (v === null || typeof v === 'string') out[k] = v;
    else if (typeof v === 'number') out[k] = String(v);
    else problems.push({ field: k, problem: 'expected text, or null to reset to the default' });
  }
  if (problems.length) throw new ValidationFailed(problems);
  return out;
}

function example(key: string): string {
  if (key.startsWith('quietHours.')) return '08:00-21:00';
  const examples: Record<string, string> = {
    businessName: 'Blumen Müller',
    postalAddress: 'Blumen Müller GmbH\nHauptstraße 1\n10115 Berlin',
    logo: 'https://shop.example.com/logo.png',
    shopUrl: 'https://shop.example.com',
    publicBaseUrl: 'https://touchbase.example.com',
    timezone: 'Europe/Berlin',
    defaultLocale: 'de',
    senderName: 'Blumen Müller',
    senderAddress: 'hallo@shop.example.com',
    replyTo: 'team@shop.example.com',
    budgetMax: '1',
    budgetDays: '7',
    digestTime: '08:00',
  };
  return examples[key] ?? '';
}
