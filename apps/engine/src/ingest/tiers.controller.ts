import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TierService } from '@touchbase/ingest';
import { Principal } from '@touchbase/staff';
import { AnyUser, Roles } from '../auth/access.decorators';
import { CurrentUser } from '../auth/current-user.decorator';
import { TierDto } from './dto/tier.dto';

/** Service tiers (docs/ingest.md#service-tiers): the owner's definitions and the recompute. */
@ApiTags('tiers')
@ApiBearerAuth()
@ApiCookieAuth('tb_session')
@Controller('api/tiers')
export class TiersController {
  constructor(private readonly tiers: TierService) {}

  @Get()
  @AnyUser()
  @ApiOperation({
    summary: 'Every tier, best first (rank 1 is the highest), with how many customers hold it',
  })
  list() {
    return this.tiers.list();
  }

  @Get(':id')
  @AnyUser()
  @ApiOperation({ summary: 'One tier' })
  get(@Param('id', ParseIntPipe) id: number) {
    return this.tiers.get(id);
  }

  @Post()
  @Roles('owner')
  @ApiOperation({
    summary: 'Create a tier; every customer’s tier is recomputed at once. 400 names each bad field',
  })
  create(@Body() body: TierDto) {
    return this.tiers.create(body);
  }

  @Patch(':id')
  @Roles('owner')
  @ApiOperation({
    summary:
      'Change a tier; every customer’s tier is recomputed at once. 409 for a rename while a rule’s audience names the tier',
  })
  update(@Param('id', ParseIntPipe) id: number, @Body() body: TierDto) {
    return this.tiers.update(id, body);
  }

  @Delete(':id')
  @Roles('owner')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'Delete a tier: its customers lose it (recorded) and are recomputed. 409 while a rule’s audience names it',
  })
  async remove(@Param('id', ParseIntPipe) id: number, @CurrentUser() me: Principal) {
    await this.tiers.remove(id, me.id);
  }

  @Post('recompute')
  @Roles('owner')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Recompute every customer’s computed tier now (also runs daily); answers how many changed',
  })
  recompute() {
    return this.tiers.recompute();
  }
}
