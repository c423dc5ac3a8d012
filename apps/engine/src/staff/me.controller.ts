import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  Patch,
  Post,
  Req,
} from '@nestjs/common';
import type { Request } from 'express';
import { ApiBearerAuth, ApiCookieAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccountsService, Principal, tokenView, userView } from '@touchbase/staff';
import { AllowedBeforePasswordChange, AnyUser } from '../auth/access.decorators';
import { CurrentUser } from '../auth/current-user.decorator';
import { NewTokenDto, UpdateMeDto } from './dto/accounts.dto';
import { ValidationFailed } from '@touchbase/core';

@ApiTags('accounts')
@ApiBearerAuth()
@ApiCookieAuth('tb_session')
@AnyUser()
@Controller('api/me')
export class MeController {
  constructor(private readonly accounts: AccountsService) {}

  @Get()
  @AllowedBeforePasswordChange()
  @ApiOperation({ summary: 'The signed-in user' })
  async me(@CurrentUser() me: Principal) {
    return userView(await this.accounts.get(me.id));
  }

  @Patch()
  @AllowedBeforePasswordChange()
  @ApiOperation({
    summary:
      'Change your name, locale, timezone, digest time or password (not your role). ' +
      'The only route besides GET /api/me and sign-out open while your password must be changed.',
  })
  async update(@CurrentUser() me: Principal, @Body() body: UpdateMeDto, @Req() req: Request) {
    const refused = [
      ...(body.role !== undefined
        ? [
            {
              field: 'role',
              problem: 'you cannot change your own role; an owner does it with PATCH /api/users/:id',
            },
          ]
        : []),
      ...(body.active !== undefined
        ? [
            {
              field: 'active',
              problem: 'you cannot (de)activate yourself; an owner does it with PATCH /api/users/:id',
            },
          ]
        : []),
    ];
    if (refused.length) throw new ValidationFailed(refused);
    const { role: _r, active: _a, ...changes } = body;
    return userView(await this.accounts.updateSelf(me.id, changes, { sessionId: me.sessionId, ip: req.ip }));
  }

  @Get('tokens')
  @ApiOperation({ summary: 'Your API tokens (names and last use; never the tokens themselves)' })
  async tokens(@CurrentUser() me: Principal) {
    return (await this.accounts.listTokens(me.id)).map(tokenView);
  }

  @Post('tokens')
  @ApiOperation({ summary: 'A new personal API token; shown once in this answer' })
  async newToken(@CurrentUser() me: Principal, @Body() body: NewTokenDto) {
    return this.accounts.issueToken(me.id, body.name ?? 'api');
  }

  @Delete('tokens/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke one of your API tokens' })
  async revoke(@CurrentUser() me: Principal, @Param('id', ParseIntPipe) id: number): Promise<void> {
    await this.accounts.revokeToken(me.id, id);
  }
}
