import {
  Body,
  Controller,
  ForbiddenException,
  HttpCode,
  Inject,
  Post,
  Req,
  Res,
  UnauthorizedException,
} from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { AuthService, DEVICE_COOKIE, Principal, SESSION_COOKIE } from '@touchbase/staff';
import { AllowedBeforePasswordChange, AnyUser, Public } from '../auth/access.decorators';
import { readCookie } from '../auth/cookies';
import { isCrossSite } from '../auth/cross-site';
import { CurrentUser } from '../auth/current-user.decorator';
import { LoginDto } from './dto/accounts.dto';
import { SettingsService } from '@touchbase/store';

@ApiTags('accounts')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ownerSettings: SettingsService,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Sign in with email and password; sets the tb_session cookie and returns the CSRF token for unsafe requests. ' +
      'Repeated failures are answered 429 with Retry-After (growing delays, never a lock).',
  })
  async login(@Body() body: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    if (isCrossSite(req, this.ownerSettings.get().publicBaseUrl))
      throw new ForbiddenException('Sign-in from another site is refused.');
    const device = readCookie(req as never, this.auth.cookieName(DEVICE_COOKIE));
    const signedIn = await this.auth.login(body.email, body.password, { ip: req.ip, device });
    if (!signedIn) throw new UnauthorizedException('Wrong email or password.');
    res.cookie(signedIn.cookie.name, signedIn.cookie.value, signedIn.cookie.options);
    res.cookie(signedIn.device.name, signedIn.device.value, signedIn.device.options);
    const { sessionId: _s, csrfToken: _c, via: _v, ...user } = signedIn.user;
    return {
      user,
      csrfToken: signedIn.session.csrfToken,
      expiresAt: signedIn.session.expiresAt.toISOString(),
      mustChangePassword: signedIn.mustChangePassword,
    };
  }

  @Post('logout')
  @AnyUser()
  @AllowedBeforePasswordChange()
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiCookieAuth('tb_session')
  @ApiOperation({
    summary: 'End this browser session (needs the CSRF token like any cookie-authenticated POST)',
  })
  async logout(@CurrentUser() me: Principal, @Res({ passthrough: true }) res: Response): Promise<void> {
    if (me.sessionId) await this.auth.logout(me.sessionId);
    res.clearCookie(this.auth.cookieName(SESSION_COOKIE), { path: '/' });
  }
}
