import { Body, Controller, Get, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Clock, ValidationFailed } from '@touchbase/core';
import { Principal, TasksService, TeamOverview, TeamService } from '@touchbase/staff';
import { Roles } from '../../auth/access.decorators';
import { translate } from '../i18n';
import { WebRenderer } from '../render/web-renderer';
import { WebExceptionFilter } from '../web-exception.filter';
import { WebRequest } from '../web-session';

type Req_ = WebRequest & { user: Principal };
type Form = Record<string, string | string[] | undefined>;

const idList = (v: string | string[] | undefined): number[] =>
  v === undefined ? [] : [v].flat().map(Number).filter(Number.isInteger);

/**
 * The owner's team page (docs/staff.md#the-team-page): everyone's figures, the unassigned and
 * overdue tasks or one person's list, and reassigning the ticked tasks through TasksService.
 */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller('team')
export class TeamPagesController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly team: TeamService,
    private readonly tasks: TasksService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Roles('owner')
  async page(
    @Req() req: Req_,
    @Query('person') person?: string,
    @Query('moved') moved?: string,
    @Query('to') to?: string,
    @Query('print') print?: string,
  ): Promise<string> {
    const overview = await this.team.overview(req.user, this.clock.now(), req.user.locale);
    let notice: string | null = null;
    if (moved !== undefined) {
      const name = overview.people.find((p) => p.id === Number(to))?.name;
      notice = name
        ? translate(req.user.locale, 'team.moved', { n: Number(moved), name })
        : translate(req.user.locale, 'team.movedNobody', { n: Number(moved) });
    }
    return this.render(req, overview, person ? Number(person) : null, notice, null, [], print === 'none');
  }

  @Post('reassign')
  @Roles('owner')
  async reassign(@Req() req: Req_, @Res() res: Response, @Body() form: Form): Promise<void> {
    const ids = idList(form.ids);
    const assigneeId = form.assigneeId ? Number(form.assigneeId) : null;
    const person = form.person ? Number(form.person) : null;
    const overview = await this.team.overview(req.user, this.clock.now(), req.user.locale);
    const l = req.user.locale;
    const target = overview.people.find((p) => p.id === assigneeId);
    let problem: string | null = null;
    if (!ids.length) problem = translate(l, 'team.noneSelected');
    else if (target?.away) {
      const cover = overview.people.find((p) => p.id === target.coverUserId)?.name;
      problem = translate(l, target.awayUntil ? 'team.refusedAway' : 'team.refusedAwayOpen', {
        name: target.name,
        day: target.awayUntil,
        cover: cover ?? translate(l, 'team.noCover'),
      });
    }
    if (!problem) {
      try {
        const n = await this.tasks.reassignMany(req.user, ids, assigneeId);
        const back = person ? `&person=${person}` : '';
        return res.redirect(303, `/team?moved=${n}&to=${assigneeId ?? ''}${back}`);
      } catch (e) {
        if (!(e instanceof ValidationFailed)) throw e;
        problem = e.message;
      }
    }
    res
      .status(422)
      .type('html')
      .send(await this.render(req, overview, person, null, problem, ids));
  }

  private async render(
    req: Req_,
    overview: TeamOverview,
    personId: number | null,
    notice: string | null,
    problem: string | null,
    ticked: number[] = [],
    printNone = false,
  ): Promise<string> {
    const person = personId === null ? null : (overview.people.find((p) => p.id === personId) ?? null);
    const personList = person
      ? await this.team.list(req.user, { kind: 'person', id: person.id }, this.clock.now(), req.user.locale)
      : null;
    const names = Object.fromEntries(overview.people.map((p) => [String(p.id), p.name]));
    return this.renderer.render(req, 'team/page', {
      titleKey: 'team.title',
      overview,
      person,
      personList,
      names,
      notice,
      problem,
      ticked: ticked.map(String),
      anyOff: overview.people.some((p) => p.offToday),
      printNone,
    });
  }
}
