import { Body, Controller, HttpCode, Post, Res, UnauthorizedException } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthService, Principal, SESSION_COOKIE } from '@touchbase/staff';
import { AnyUser, Public } from '../auth/access.decorators';
import { CurrentUser } from '../auth/current-user.decorator';
import { LoginDto } from './dto/accounts.dto';

@ApiTags('accounts')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Sign in with email and password; sets the tb_session cookie and returns the CSRF token for unsafe requests',
  })
  async login(@Body() body: LoginDto, @Res({ passthrough: true }) res: Response) {
    const signedIn = await this.auth.login(body.email, body.password);
    if (!signedIn) throw new UnauthorizedException('Wrong email or password.');
    res.cookie(signedIn.cookie.name, signedIn.cookie.value, signedIn.cookie.options);
    const { sessionId: _s, csrfToken: _c, via: _v, ...user } = signedIn.user;
    return {
      user,
      csrfToken: signedIn.session.csrfToken,
      expiresAt: signedIn.session.expiresAt.toISOString(),
    };
  }

  @Post('logout')
  @AnyUser()
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiCookieAuth('tb_session')
  @ApiOperation({
    summary: 'End this browser session (needs the CSRF token like any cookie-authenticated POST)',
  })
  async logout(@CurrentUser() me: Principal, @Res({ passthrough: true }) res: Response): Promise<void> {
    if (me.sessionId) await this.auth.logout(me.sessionId);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
  }
}
