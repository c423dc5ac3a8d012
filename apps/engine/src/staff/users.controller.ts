import { Body, Controller, Get, Param, ParseIntPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccountsService, userView } from '@touchbase/staff';
import { Roles } from '../auth/access.decorators';
import { CreateUserDto, NewTokenDto, UpdateUserDto } from './dto/accounts.dto';

/** Owners manage users; staff get 403 here. */
@ApiTags('accounts')
@ApiBearerAuth()
@ApiCookieAuth('tb_session')
@Roles('owner')
@Controller('api/users')
export class UsersController {
  constructor(private readonly accounts: AccountsService) {}

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

  @Get(':id')
  @ApiOperation({ summary: 'One user (owner only)' })
  async get(@Param('id', ParseIntPipe) id: number) {
    return userView(await this.accounts.get(id));
  }

  @Patch(':id')
  @ApiOperation({
    summary:
      'Change a user: name, role, active (false deactivates), locale, timezone, digest time, password (owner only)',
  })
  async update(@Param('id', ParseIntPipe) id: number, @Body() body: UpdateUserDto) {
    return userView(await this.accounts.updateUser(id, body));
  }

  @Post(':id/tokens')
  @ApiOperation({ summary: 'A new API token for a user, shown once (owner only)' })
  async token(@Param('id', ParseIntPipe) id: number, @Body() body: NewTokenDto) {
    await this.accounts.get(id);
    return this.accounts.issueToken(id, body.name ?? 'api');
  }
}
