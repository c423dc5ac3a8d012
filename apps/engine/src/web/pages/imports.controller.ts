/// <reference types="multer" />
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  Body,
  Controller,
  Get,
  Post,
  Req,
  Res,
  UploadedFile,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CsvImportService, IMPORT_KINDS, ImportFileError, ImportKind, ImportReport } from '@touchbase/ingest';
import type { Principal } from '@touchbase/staff';
import { Roles } from '../../auth/access.decorators';
import { translate } from '../i18n';
import { WebRenderer } from '../render/web-renderer';
import { WebExceptionFilter } from '../web-exception.filter';
import { WebRequest } from '../web-session';

type Req_ = WebRequest & { user: Principal };

/** Checked uploads wait here (on disk, not in memory) until the owner confirms or leaves them. */
const UPLOAD_DIR = path.join(os.tmpdir(), 'touchbase-web-imports');
const upload = FileInterceptor('file', {
  dest: UPLOAD_DIR,
  limits: { fileSize: 512 * 1024 * 1024, files: 1 },
});
const UPLOAD_ID = /^[a-f0-9]{32}$/;

/**
 * Imports (owner): upload a CSV, see the per-row report of a dry run, then confirm. The file is
 * kept under an unguessable id between the two steps, so it is not uploaded twice. The upload
 * form is an htmx request (it carries the CSRF header; a multipart body is read after the guard).
 */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller('imports')
export class ImportsPagesController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly imports: CsvImportService,
  ) {}

  @Get()
  @Roles('owner')
  page(@Req() req: Req_): Promise<string> {
    return this.renderer.render(req, 'imports/page', {
      title: translate(req.user.locale, 'imports.title'),
      kinds: IMPORT_KINDS,
    });
  }

  @Post('check')
  @Roles('owner')
  @UseInterceptors(upload)
  async check(
    @Req() req: Req_,
    @Res() res: Response,
    @Body() form: Record<string, string>,
    @UploadedFile() file: Express.Multer.File | undefined,
  ): Promise<void> {
    const kind = this.kindOf(form.kind);
    if (!file) return this.problem(req, res, translate(req.user.locale, 'imports.file'));
    const id = randomBytes(16).toString('hex');
    const kept = path.join(UPLOAD_DIR, `${id}.csv`);
    fs.renameSync(file.path, kept);
    const report = await this.run(kind, kept, { dryRun: true });
    if (typeof report === 'string') {
      fs.rmSync(kept, { force: true });
      return this.problem(req, res, report);
    }
    res.type('html').send(
      await this.renderer.render(req, 'imports/report', {
        report,
        uploadId: id,
        fileName: file.originalname,
        kind,
      }),
    );
  }

  @Post('confirm')
  @Roles('owner')
  async confirm(@Req() req: Req_, @Res() res: Response, @Body() form: Record<string, string>): Promise<void> {
    const kind = this.kindOf(form.kind);
    const id = String(form.uploadId ?? '');
    const kept = path.join(UPLOAD_DIR, `${id}.csv`);
    if (!UPLOAD_ID.test(id) || !fs.existsSync(kept))
      return this.problem(req, res, translate(req.user.locale, 'imports.expired'));
    const report = await this.run(kind, kept, { skipBadRows: form.skipBadRows === 'on' });
    if (typeof report === 'string') return this.problem(req, res, report);
    if (report.applied) fs.rmSync(kept, { force: true });
    res
      .status(report.applied ? 200 : 422)
      .type('html')
      .send(
        await this.renderer.render(req, 'imports/report', {
          report,
          uploadId: report.applied ? null : id,
          kind,
          confirmed: true,
        }),
      );
  }

  private kindOf(raw: unknown): ImportKind {
    return (IMPORT_KINDS as readonly string[]).includes(String(raw)) ? (raw as ImportKind) : 'customers';
  }

  /** The report, or the file-level problem (no usable header, broken quoting) as text. */
  private async run(
    kind: ImportKind,
    file: string,
    opts: { dryRun?: boolean; skipBadRows?: boolean },
  ): Promise<ImportReport | string> {
    try {
      return await this.imports.import(kind, fs.createReadStream(file), opts);
    } catch (e) {
      if (e instanceof ImportFileError) return e.message;
      throw e;
    }
  }

  private async problem(req: Req_, res: Response, message: string): Promise<void> {
    res
      .status(422)
      .type('html')
      .send(await this.renderer.render(req, 'imports/problem', { message }));
  }
}
