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
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Clock, ValidationFailed } from '@touchbase/core';
import { PreviewService, RulesService } from '@touchbase/rules';
import { AnyUser, Roles } from '../auth/access.decorators';
import { CreateRuleDto, PreviewQueryDto, UpdateRuleDto } from './rule.dto';

@ApiTags('rules')
@ApiBearerAuth()
@ApiCookieAuth('tb_session')
@Controller('api/rules')
export class RulesController {
  constructor(
    private readonly rules: RulesService,
    private readonly previews: PreviewService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @AnyUser()
  @ApiOperation({ summary: 'All rules, highest priority first' })
  list() {
    return this.rules.list();
  }

  @Get('preview')
  @Roles('owner')
  @ApiOperation({
    summary:
      'All enabled rules planned together, day by day, as the ticks will: who would be touched in the next N days and why, who would not and why not; paged (`total` counts every line)',
  })
  previewAll(@Query() q: PreviewQueryDto) {
    return this.previews.preview(this.previewQuery(q));
  }

  @Get(':id')
  @AnyUser()
  @ApiOperation({ summary: 'One rule' })
  get(@Param('id', ParseIntPipe) id: number) {
    return this.rules.get(id);
  }

  @Post()
  @Roles('owner')
  @ApiOperation({
    summary: 'Create a rule; bad parameters answer 400 naming the field (e.g. params.days_before)',
  })
  create(@Body() body: CreateRuleDto) {
    return this.rules.create(body);
  }

  @Patch(':id')
  @Roles('owner')
  @ApiOperation({ summary: 'Change a rule (the result is checked as a whole)' })
  update(@Param('id', ParseIntPipe) id: number, @Body() body: UpdateRuleDto) {
    return this.rules.update(id, body);
  }

  @Post(':id/enable')
  @Roles('owner')
  @HttpCode(200)
  @ApiOperation({ summary: 'Enable a rule' })
  enable(@Param('id', ParseIntPipe) id: number) {
    return this.rules.setEnabled(id, true);
  }

  @Post(':id/disable')
  @Roles('owner')
  @HttpCode(200)
  @ApiOperation({ summary: 'Disable a rule' })
  disable(@Param('id', ParseIntPipe) id: number) {
    return this.rules.setEnabled(id, false);
  }

  @Delete(':id')
  @Roles('owner')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a rule (its touches stay in the ledger)' })
  async remove(@Param('id', ParseIntPipe) id: number) {
    await this.rules.remove(id);
  }

  @Get(':id/preview')
  @Roles('owner')
  @ApiOperation({ summary: 'Who would be touched in the next N days and why, and who would not and why not' })
  preview(@Param('id', ParseIntPipe) id: number, @Query() q: PreviewQueryDto) {
    return this.previews.preview({ ...this.previewQuery(q), ruleId: id });
  }

  private previewQuery(q: PreviewQueryDto) {
    return { at: this.previewAt(q), days: q.days ?? 7, offset: q.offset ?? 0, limit: q.limit ?? 500 };
  }

  private previewAt(q: PreviewQueryDto): Date {
    if (q.at === undefined) return this.clock.now();
    const at = new Date(q.at);
    if (Number.isNaN(at.getTime()))
      throw new ValidationFailed([
        { field: 'at', problem: 'must be an ISO instant, e.g. 2026-06-15T08:00:00Z' },
      ]);
    return at;
  }
}
