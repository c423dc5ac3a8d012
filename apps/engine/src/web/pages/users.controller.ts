import {
  Body,
  Controller,
  Get,
  Param,
  ParseIntPipe,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { USER_ROLES, ValidationFailed } from '@touchbase/core';
import { AccountsService, PASSWORD_RESET_MINUTES, PasswordResetService, Principal } from '@touchbase/staff';
import { Roles } from '../../auth/access.decorators';
import { translate } from '../i18n';
import { WebRenderer } from '../render/web-renderer';
import { WebExceptionFilter } from '../web-exception.filter';
import { WebRequest } from '../web-session';

type Req_ = WebRequest & { user: Principal };
type Form = Record<string, string | string[] | undefined>;

/** The working-day checkboxes arrive as one value or several. */
const dayList = (v: string | string[] | undefined): number[] =>
  v === undefined ? [] : [v].flat().map(Number);
const dayOrNull = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

/**
 * Users (owner): who can sign in, with which role; add someone, change a role, deactivate; per
 * user (`/users/:id`) edit name, email and role and send a password-reset link.
 */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller('users')
export class UsersPagesController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly accounts: AccountsService,
    private readonly resets: PasswordResetService,
  ) {}

  @Get()
  @Roles('owner')
  async list(@Req() req: Req_, @Query('saved') saved?: string): Promise<string> {
    return this.page(req, {}, {}, saved === '1' ? translate(req.user.locale, 'users.saved') : null, null);
  }

  @Post()
  @Roles('owner')
  async create(@Req() req: Req_, @Res() res: Response, @Body() form: Form): Promise<void> {
    try {
      const { user, generatedPassword } = await this.accounts.createUser({
        email: String(form.email ?? ''),
        name: String(form.name ?? ''),
        role: String(form.role ?? ''),
        password: form.password ? String(form.password) : undefined,
        locale: (form.locale as string | undefined) || undefined,
      });
      // a generated password is shown once, on this response only
      const notice = translate(req.user.locale, 'users.created', { email: user.email });
      res.setHeader('cache-control', 'no-store');
      res.type('html').send(await this.page(req, {}, {}, notice, generatedPassword ?? null));
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      const errors = Object.fromEntries(e.fields.map((f) => [f.field, f.problem]));
      res
        .status(422)
        .type('html')
        .send(await this.page(req, { ...form, password: '' }, errors, null, null));
    }
  }

  @Post(':id')
  @Roles('owner')
  async update(
    @Req() req: Req_,
    @Res() res: Response,
    @Param('id', ParseIntPipe) id: number,
    @Body() form: Form,
  ): Promise<void> {
    const fromEdit = form.from === 'edit';
    try {
      await this.accounts.updateUser(
        id,
        {
          name: fromEdit ? String(form.name ?? '') : undefined,
          email: fromEdit ? String(form.email ?? '') : undefined,
          role: (form.role as string | undefined) || undefined,
          active: form.active === undefined ? undefined : form.active === 'true',
          ...(fromEdit
            ? {
                workingDays: dayList(form.workingDays),
                awayFrom: dayOrNull(form.awayFrom),
                awayUntil: dayOrNull(form.awayUntil),
                coverUserId: form.coverUserId ? Number(form.coverUserId) : null,
              }
            : {}),
        },
        { self: id === req.user.id },
      );
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      if (fromEdit) {
        const errors = Object.fromEntries(e.fields.map((f) => [f.field, f.problem]));
        res
          .status(422)
          .type('html')
          .send(await this.editPage(req, id, form, errors, null));
        return;
      }
      res
        .status(422)
        .type('html')
        .send(await this.page(req, {}, {}, null, null, `${e.message}`));
      return;
    }
    res.redirect(303, '/users?saved=1');
  }

  @Get(':id')
  @Roles('owner')
  async edit(
    @Req() req: Req_,
    @Param('id', ParseIntPipe) id: number,
    @Query('reset') reset?: string,
  ): Promise<string> {
    const u = await this.accounts.get(id);
    const notice = reset === '1' ? translate(req.user.locale, 'users.resetSent', { email: u.email }) : null;
    const days = {
      workingDays: u.workingDays.split(','),
      awayFrom: u.awayFrom ?? '',
      awayUntil: u.awayUntil ?? '',
      coverUserId: u.coverUserId == null ? '' : String(u.coverUserId),
    };
    return this.editPage(req, id, { name: u.name, email: u.email, role: u.role, ...days }, {}, notice);
  }

  /** Sends the user a single-use reset link at their own email; their password works until it is used. */
  @Post(':id/reset')
  @Roles('owner')
  async reset(@Req() req: Req_, @Res() res: Response, @Param('id', ParseIntPipe) id: number): Promise<void> {
    await this.resets.startFor(id, { id: req.user.id, name: req.user.name });
    res.redirect(303, `/users/${id}?reset=1`);
  }

  private async editPage(
    req: Req_,
    id: number,
    form: Form,
    errors: Record<string, string>,
    notice: string | null,
  ): Promise<string> {
    const u = await this.accounts.get(id);
    const on = new Set([form.workingDays ?? []].flat().map(String));
    const dayName = new Intl.DateTimeFormat(req.user.locale, { weekday: 'long', timeZone: 'UTC' });
    // 2024-01-01 was a Monday: ISO weekday n is that day + n - 1
    const weekdays = [1, 2, 3, 4, 5, 6, 7].map((n) => ({
      n,
      label: dayName.format(new Date(Date.UTC(2024, 0, n))),
      on: on.has(String(n)),
    }));
    const covers = (await this.accounts.list())
      .filter((c) => c.active && c.id !== id)
      .map((c) => ({ id: c.id, name: c.name, selected: String(c.id) === String(form.coverUserId ?? '') }));
    return this.renderer.render(req, 'users/edit', {
      weekdays,
      covers,
      title: translate(req.user.locale, 'users.editTitle', { name: u.name }),
      user: { id: u.id, name: u.name, active: Boolean(u.active), mustChange: Boolean(u.mustChangePassword) },
      roles: USER_ROLES,
      form,
      errors,
      notice,
      minutes: PASSWORD_RESET_MINUTES,
    });
  }

  private async page(
    req: Req_,
    form: Form,
    errors: Record<string, string>,
    notice: string | null,
    password: string | null,
    problem: string | null = null,
  ): Promise<string> {
    const users = (await this.accounts.list()).map((u) => ({
      id: u.id,
      name: u.name,
      email: u.email,
      role: u.role,
      active: Boolean(u.active),
      locale: u.locale,
      mustChange: Boolean(u.mustChangePassword),
      isMe: u.id === req.user.id,
    }));
    return this.renderer.render(req, 'users/list', {
      title: translate(req.user.locale, 'users.title'),
      users,
      roles: USER_ROLES,
      form,
      errors,
      notice,
      password,
      problem,
    });
  }
}
