import { Body, Controller, ForbiddenException, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { PASSWORD_RESET_MINUTES, PasswordResetService } from '@touchbase/staff';
import { Public } from '../auth/access.decorators';
import { isCrossSite } from '../auth/cross-site';
import { PasswordResetCompleteDto, PasswordResetRequestDto } from './dto/accounts.dto';
import { SettingsService } from '@touchbase/store';

/** "Forgot password" for API clients; the web pages are /forgot and /reset/:token. */
@ApiTags('accounts')
@Controller('api/auth/password-reset')
export class PasswordResetController {
  constructor(
    private readonly resets: PasswordResetService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ownerSettings: SettingsService,
  ) {}

  @Post()
  @Public()
  @HttpCode(202)
  @ApiOperation({
    summary:
      `Ask for a password-reset link (sent by email, single use, valid ${PASSWORD_RESET_MINUTES} minutes). ` +
      'Answers 202 and the same body for every email, known or not; 429 with Retry-After when this email ' +
      'or address has asked too often.',
  })
  async request(@Body() body: PasswordResetRequestDto, @Req() req: Request) {
    if (isCrossSite(req, this.ownerSettings.get().publicBaseUrl))
      throw new ForbiddenException('A password reset from another site is refused.');
    await this.resets.request(body.email, { ip: req.ip });
    return {
      message: `If this email belongs to an account, a reset link is on its way (valid ${PASSWORD_RESET_MINUTES} minutes).`,
    };
  }

  @Post('complete')
  @Public()
  @HttpCode(204)
  @ApiOperation({
    summary:
      "Set a new password with a reset link's token: ends every session and API token of the user. " +
      '404 when the link is unknown, used or expired; 400 naming password when it is too short.',
  })
  async complete(@Body() body: PasswordResetCompleteDto): Promise<void> {
    await this.resets.complete(body.token, body.password);
  }
}
