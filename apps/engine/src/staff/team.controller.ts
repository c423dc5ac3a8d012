import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Clock } from '@touchbase/core';
import { Principal, TeamService } from '@touchbase/staff';
import { Roles } from '../auth/access.decorators';
import { CurrentUser } from '../auth/current-user.decorator';
import { TeamListQuery } from './dto/tasks.dto';

/** The owner's team view (docs/staff.md#the-team-page); reassigning is POST /api/tasks/reassign. */
@ApiTags('team')
@ApiBearerAuth()
@ApiCookieAuth('tb_session')
@Roles('owner')
@Controller('api/team')
export class TeamController {
  constructor(
    private readonly team: TeamService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      "Each active person's open, overdue and done-this-week (since Monday) task counts, whether they are off or away today, and the unassigned and overdue tasks (first 100 of each, with totals)",
  })
  overview(@CurrentUser() me: Principal) {
    return this.team.overview(me, this.clock.now(), me.locale);
  }

  @Get('tasks')
  @ApiOperation({
    summary:
      "One team list: unassigned, overdue, or one person's open tasks (list=person&assignee=ID); first 100",
  })
  tasks(@CurrentUser() me: Principal, @Query() q: TeamListQuery) {
    const which = q.list === 'person' ? { kind: 'person' as const, id: q.assignee! } : { kind: q.list };
    return this.team.list(me, which, this.clock.now(), me.locale);
  }
}
