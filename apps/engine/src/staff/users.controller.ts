import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AccountsService,
  PASSWORD_RESET_MINUTES,
  PasswordResetService,
  Principal,
  tokenView,
  userView,
} from '@touchbase/staff';
import { Roles } from '../auth/access.decorators';
import { CurrentUser } from '../auth/current-user.decorator';
import { CreateUserDto, NewTokenDto, UpdateUserDto } from './dto/accounts.dto';

/** Owners manage users; staff get 403 here. */
@ApiTags('accounts')
@ApiBearerAuth()
@ApiCookieAuth('tb_session')
@Roles('owner')
@Controller('api/users')
export class UsersController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly resets: PasswordResetService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'All users (owner only)' })
  async list() {
    return (await this.accounts.list()).map(userView);
  }

  @Post()
  @ApiOperation({
    summary: 'Create a user (owner only); without a password one is generated and returned once',
  })
  async create(@Body() body: CreateUserDto) {
    const { user, generatedPassword } = await this.accounts.createUser(body);
    return { user: userView(user), ...(generatedPassword ? { password: generatedPassword } : {}) };
  }

  @Get('tokens')
  @ApiOperation({
    summary:
      "Every user's API tokens (owner only): id, user, name, created, last used — never the token itself",
  })
  listAllTokens() {
    return this.accounts.listAllTokens();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One user (owner only)' })
  async get(@Param('id', ParseIntPipe) id: number) {
    return userView(await this.accounts.get(id));
  }

  @Patch(':id')
  @ApiOperation({
    summary:
      'Change a user: name, email, role, active (false deactivates), locale, timezone, digest time, ' +
      'password (owner only). The last active owner cannot be demoted or deactivated (400 naming the field).',
  })
  async update(
    @CurrentUser() me: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: UpdateUserDto,
  ) {
    return userView(await this.accounts.updateUser(id, body, { self: id === me.id }));
  }

  @Post(':id/password-reset')
  @HttpCode(202)
  @ApiOperation({
    summary:
      `Send a user a password-reset link at their own email (owner only; single use, valid ${PASSWORD_RESET_MINUTES} minutes). ` +
      'Their current password keeps working until the link is used.',
  })
  async reset(@CurrentUser() me: Principal, @Param('id', ParseIntPipe) id: number) {
    const user = await this.resets.startFor(id, { id: me.id, name: me.name });
    return { sentTo: user.email, validMinutes: PASSWORD_RESET_MINUTES };
  }

  @Get(':id/tokens')
  @ApiOperation({
    summary: "A user's API tokens (owner only): name, created, last used — never the token itself",
  })
  async tokens(@Param('id', ParseIntPipe) id: number) {
    await this.accounts.get(id);
    return (await this.accounts.listTokens(id)).map(tokenView);
  }

  @Post(':id/tokens')
  @ApiOperation({ summary: 'A new API token for a user, shown once (owner only)' })
  async token(@Param('id', ParseIntPipe) id: number, @Body() body: NewTokenDto) {
    await this.accounts.get(id);
    return this.accounts.issueToken(id, body.name ?? 'api');
  }

  @Delete(':id/tokens/:tokenId')
  @HttpCode(204)
  @ApiOperation({ summary: "Revoke one of a user's API tokens (owner only); 404 when it is not theirs" })
  async revoke(
    @Param('id', ParseIntPipe) id: number,
    @Param('tokenId', ParseIntPipe) tokenId: number,
  ): Promise<void> {
    await this.accounts.revokeToken(id, tokenId);
  }
}
