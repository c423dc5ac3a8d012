import * as fs from 'node:fs/promises';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Post,
  Query,
  Req,
  Res,
  UploadedFile,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { LOGO_MAX_BYTES } from '@touchbase/config';
import { ValidationFailed } from '@touchbase/core';
import { SettingsService } from '@touchbase/store';
import { Principal } from '@touchbase/staff';
import { Roles } from '../../auth/access.decorators';
import { translate } from '../i18n';
import { WebRenderer } from '../render/web-renderer';
import { WebExceptionFilter } from '../web-exception.filter';
import { WebRequest } from '../web-session';
import { changesOfForm, problemsOf, settingsPageModel } from './settings-form';

type Req_ = WebRequest & { user: Principal };
type Form = Record<string, string | string[] | undefined>;
/** The raster images a logo may be (no SVG: it can carry script). */
const LOGO_TYPES = ['png', 'jpeg', 'gif', 'webp'];

/**
 * The owner's settings page (docs/web-ui.md#settings): every setting of SettingsService with its
 * environment default, a reset per field, and the change log. Saving is SettingsService.update
 * with the signed-in owner as the actor.
 */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller('settings')
export class SettingsPagesController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly settings: SettingsService,
  ) {}

  @Get()
  @Roles('owner')
  show(@Req() req: Req_, @Query('saved') saved?: string): Promise<string> {
    const notice = saved === '1' ? 'settings.saved' : saved === '0' ? 'settings.unchanged' : null;
    return this.page(req, notice ? translate(req.user.locale, notice) : null, null, {});
  }

  @Post()
  @HttpCode(200)
  @Roles('owner')
  async save(@Req() req: Req_, @Res() res: Response, @Body() form: Form): Promise<void> {
    const changes = changesOfForm(form, await this.settings.view());
    if (!Object.keys(changes).length) return res.redirect(303, '/settings?saved=0');
    try {
      await this.settings.update(changes, { userId: req.user.id, name: req.user.name });
      res.redirect(303, '/settings?saved=1');
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      const problems = problemsOf(req.user.locale, e.fields);
      res
        .status(422)
        .type('html')
        .send(await this.page(req, null, form, problems));
    }
  }

  /**
   * A logo upload (an htmx request: the CSRF token travels in a header because a multipart body
   * is read after the access guard). Kept in the database as a data: URL, served at /brand/logo.
   */
  @Post('logo')
  @Roles('owner')
  @UseInterceptors(FileInterceptor('logo'))
  async uploadLogo(
    @Req() req: Req_,
    @Res() res: Response,
    @UploadedFile() file: Express.Multer.File | undefined,
  ): Promise<void> {
    const bytes = file ? (file.buffer ?? (await fs.readFile(file.path))) : null;
    if (file?.path) await fs.rm(file.path, { force: true });
    const type = LOGO_TYPES.find((t) => file?.mimetype === `image/${t}`);
    try {
      if (!bytes || !type || bytes.length > LOGO_MAX_BYTES)
        throw new ValidationFailed([{ field: 'logo', problem: 'not a small raster image' }]);
      const logo = `data:image/${type};base64,${bytes.toString('base64')}`;
      await this.settings.update({ logo }, { userId: req.user.id, name: req.user.name });
      res.setHeader('HX-Redirect', '/settings?saved=1');
      res.status(204).end();
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      const message = translate(req.user.locale, 'settings.problem.logo');
      res
        .status(422)
        .type('html')
        .send(await this.renderer.render(req, 'settings/logo-problem', { message }));
    }
  }

  private async page(
    req: Req_,
    notice: string | null,
    typed: Form | null,
    problems: Record<string, string>,
  ): Promise<string> {
    const [view, history] = await Promise.all([this.settings.view(), this.settings.history(50)]);
    return this.renderer.render(req, 'settings/page', {
      title: translate(req.user.locale, 'settings.title'),
      notice,
      ...settingsPageModel(req.user.locale, view, history, typed, problems),
    });
  }
}
