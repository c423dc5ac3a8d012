import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Clock, Forbidden } from '@touchbase/core';
import {
  DAILY_LIST_PAGE,
  DailyListService,
  OutcomesService,
  Principal,
  ReplyService,
  TasksService,
  taskView,
} from '@touchbase/staff';
import { AnyUser } from '../auth/access.decorators';
import { CurrentUser } from '../auth/current-user.decorator';
import {
  CreateTaskDto,
  DoneDto,
  ReassignDto,
  ReplyDto,
  SkipDto,
  SnoozeDto,
  TaskListQuery,
  TodayQuery,
  UpdateTaskDto,
} from './dto/tasks.dto';

/** Tasks and the daily list. Staff act on their own tasks (else 403); owners on any. */
@ApiTags('tasks')
@ApiBearerAuth()
@ApiCookieAuth('tb_session')
@AnyUser()
@Controller('api/tasks')
export class TasksController {
  constructor(
    private readonly tasks: TasksService,
    private readonly daily: DailyListService,
    private readonly outcomes: OutcomesService,
    private readonly replies: ReplyService,
    private readonly clock: Clock,
  ) {}

  @Get('today')
  @ApiOperation({
    summary:
      'The daily list: open tasks due today or overdue and snoozed tasks whose day has come, most important first (priority, days overdue, customer value); each item carries its customer (contact, address, lifetime spend and orders, service tier as customer.tier), recent orders and last contact',
  })
  today(@CurrentUser() me: Principal, @Query() q: TodayQuery) {
    if (q.assignee !== undefined && q.assignee !== me.id && me.role !== 'owner')
      throw new Forbidden("Only an owner can see someone else's list.");
    return this.daily.forAssignee(
      q.assignee ?? me.id,
      this.clock.now(),
      q.limit ?? DAILY_LIST_PAGE,
      me.locale,
    );
  }

  @Get()
  @ApiOperation({
    summary:
      'Tasks by status/assignee/customer (staff: own tasks only); each carries its customer’s service tier as customer.tier (null for none), as the daily list does',
  })
  list(@CurrentUser() me: Principal, @Query() q: TaskListQuery) {
    return this.tasks.listViews(
      me,
      {
        status: q.status,
        assigneeId: q.assignee,
        customerId: q.customer,
        limit: q.limit,
        offset: q.offset,
      },
      me.locale,
    );
  }

  @Post()
  @ApiOperation({ summary: 'Make a task by hand (staff: for themselves)' })
  async create(@CurrentUser() me: Principal, @Body() body: CreateTaskDto) {
    return taskView(await this.tasks.create(me, body), me.locale);
  }

  @Post('reassign')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give one or many tasks to someone, or to nobody (owners only); all or nothing' })
  async reassign(@CurrentUser() me: Principal, @Body() body: ReassignDto) {
    return { reassigned: await this.tasks.reassignMany(me, body.ids, body.assigneeId) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One task' })
  async get(@CurrentUser() me: Principal, @Param('id', ParseIntPipe) id: number) {
    return taskView(await this.tasks.get(me, id), me.locale);
  }

  @Patch(':id')
  @ApiOperation({
    summary:
      'Change title, reason, talking points, due day, priority; reassign (owners only). Not the status.',
  })
  async update(
    @CurrentUser() me: Principal,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: UpdateTaskDto,
  ) {
    return taskView(await this.tasks.update(me, id, body), me.locale);
  }

  @Post(':id/done')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Record the outcome: a contact closes the task and is written to the contact history; no_answer/voicemail record a try and bring the task back after the rule’s retry interval (or on requeueOn) until its maximum tries close it as unreached; wrong_number flags the phone',
  })
  async done(@CurrentUser() me: Principal, @Param('id', ParseIntPipe) id: number, @Body() body: DoneDto) {
    return taskView(await this.outcomes.done(me, id, body), me.locale);
  }

  @Post(':id/reply')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Answer a reply task on the channel the customer wrote on (the task’s `inbound.channel`: SMS, or email with the subject "Re: …"): queues the text through the outbox (consent re-checked; in quiet hours it waits) and closes the task as answered, on the customer’s timeline. 409 when the customer cannot get a message on that channel.',
  })
  async reply(@CurrentUser() me: Principal, @Param('id', ParseIntPipe) id: number, @Body() body: ReplyDto) {
    return taskView(await this.replies.answer(me, id, body.text), me.locale);
  }

  @Post(':id/undo')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Undo the last outcome, snooze or skip within 10 minutes (409 after that)',
  })
  async undo(@CurrentUser() me: Principal, @Param('id', ParseIntPipe) id: number) {
    return taskView(await this.outcomes.undo(me, id), me.locale);
  }

  @Post(':id/snooze')
  @HttpCode(200)
  @ApiOperation({ summary: 'Put the task away until a later day; it comes back on the list that day' })
  async snooze(@CurrentUser() me: Principal, @Param('id', ParseIntPipe) id: number, @Body() body: SnoozeDto) {
    return taskView(await this.outcomes.snooze(me, id, body.until), me.locale);
  }

  @Post(':id/skip')
  @HttpCode(200)
  @ApiOperation({ summary: 'Skip the task, saying why' })
  async skip(@CurrentUser() me: Principal, @Param('id', ParseIntPipe) id: number, @Body() body: SkipDto) {
    return taskView(await this.outcomes.skip(me, id, body.reason), me.locale);
  }
}
