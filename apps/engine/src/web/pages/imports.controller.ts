/// <reference types="multer" />
import * as path from 'node:path';
import * as fs from 'node:fs';
import {
  Body,
  Controller,
  Get,
  Inject,
  Param,
  ParseIntPipe,
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
import { AppConfig, APP_CONFIG } from '@touchbase/config';
import { Locale, LOCALES } from '@touchbase/core';
import {
  CsvImportService,
  ENCODINGS,
  IMPORT_KINDS,
  ImportFileError,
  ImportHistoryService,
  ImportJobsService,
  ImportReport,
} from '@touchbase/ingest';
import type { Principal } from '@touchbase/staff';
import { Roles } from '../../auth/access.decorators';
import { translate, webLocale } from '../i18n';
import { WebRenderer } from '../render/web-renderer';
import { WebExceptionFilter } from '../web-exception.filter';
import { WebRequest } from '../web-session';
import { confirmView, mappingView, readColumnChoices, readImportForm } from './import-form';
import { ImportUploads } from './import-uploads';
import { SettingsService } from '@touchbase/store';

type Req_ = WebRequest & { user: Principal };
type Form = Record<string, string | undefined>;

/** Streamed to the engine's private upload folder, at most UPLOAD_MAX_MB (UploadsModule). */
const upload = FileInterceptor('file');

/**
 * Imports (owner), see docs/import.md#web: upload → the mapping step (each column and its field,
 * the first rows) → a check in the background (progress, then the normalized sample, the bad
 * rows and a file of them) → confirm, also in the background → the report; every run is listed.
 * Forms are htmx requests (they carry the CSRF header; a multipart body is read after the guard).
 */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller('imports')
export class ImportsPagesController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly imports: CsvImportService,
    private readonly jobs: ImportJobsService,
    private readonly history: ImportHistoryService,
    private readonly uploads: ImportUploads,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ownerSettings: SettingsService,
  ) {}

  @Get()
  @Roles('owner')
  async page(@Req() req: Req_): Promise<string> {
    return this.renderer.render(req, 'imports/page', {
      title: translate(req.user.locale, 'imports.title'),
      kinds: IMPORT_KINDS,
      locales: LOCALES,
      encodings: ENCODINGS,
      businessLocale: this.ownerSettings.get().defaultLocale,
      runs: await this.history.list(50),
    });
  }

  /** The mapping step: how the file is read and which column fills which field (remembered per header). */
  @Post('check')
  @Roles('owner')
  @UseInterceptors(upload)
  async check(
    @Req() req: Req_,
    @Res() res: Response,
    @Body() body: Form,
    @UploadedFile() file: Express.Multer.File | undefined,
  ): Promise<void> {
    if (!file) return this.problem(req, res, translate(req.user.locale, 'imports.file'));
    const form = {
      ...readImportForm(body),
      fileName: file.originalname,
      uploadId: this.uploads.keep(file.path),
    };
    try {
      const kept = this.uploads.find(form.uploadId)!;
      const first = await this.imports.preview(form.kind, fs.createReadStream(kept), form);
      const remembered = await this.history.remembered(form.kind, first.header);
      const preview = remembered
        ? await this.imports.preview(form.kind, fs.createReadStream(kept), {
            ...form,
            locale: form.locale ?? ((remembered.locale ?? undefined) as Locale | undefined),
            columns: remembered.columns,
          })
        : first;
      res.type('html').send(
        await this.renderer.render(req, 'imports/mapping', {
          form: { ...form, locale: preview.locale, encoding: preview.encoding.encoding },
          preview,
          remembered: !!remembered,
          locales: LOCALES,
          ...mappingView(form.kind, preview),
        }),
      );
    } catch (e) {
      this.uploads.remove(form.uploadId);
      if (e instanceof ImportFileError) return this.problem(req, res, e.message);
      throw e;
    }
  }

  /** Checks the whole file with the chosen mapping (a dry run in the background). */
  @Post('preview')
  @Roles('owner')
  preview(@Req() req: Req_, @Res() res: Response, @Body() body: Form): Promise<void> {
    return this.start(req, res, body, true);
  }

  /** Imports for real with the mapping the check used (in the background). */
  @Post('confirm')
  @Roles('owner')
  confirm(@Req() req: Req_, @Res() res: Response, @Body() body: Form): Promise<void> {
    return this.start(req, res, body, false);
  }

  /** Polled while a run goes on: its progress, then its report. */
  @Get('runs/:id/progress')
  @Roles('owner')
  async progress(
    @Req() req: Req_,
    @Res() res: Response,
    @Param('id', ParseIntPipe) id: number,
    @Query('upload') uploadId?: string,
  ): Promise<void> {
    const status = this.jobs.status(id);
    const run = status && !status.done ? null : await this.history.get(id);
    if (!run || run.status === 'running') {
      // Still running (here, or in another engine instance: then without figures until it ends).
      const s = status ?? { rows: 0, rate: 0, bytesRead: 0, totalBytes: 0, etaSeconds: null };
      const percent = s.totalBytes ? Math.floor((100 * s.bytesRead) / s.totalBytes) : 0;
      const eta = s.etaSeconds == null ? null : Math.ceil(s.etaSeconds);
      if (run || status)
        return void res.type('html').send(
          await this.renderer.render(req, 'imports/progress', {
            runId: id,
            uploadId,
            status: s,
            percent,
            eta,
          }),
        );
    }
    this.jobs.forget(id);
    if (!run || run.status === 'failed') return this.problem(req, res, run?.error ?? status?.error ?? '');
    const report = run.report as ImportReport;
    if (report.applied && uploadId) this.uploads.remove(uploadId);
    const keep = !report.applied && uploadId && this.uploads.find(uploadId) ? uploadId : null;
    res.type('html').send(await this.renderReport(req, run.id, run.fileName, report, keep));
  }

  /** One run from the history, with its report. */
  @Get('runs/:id')
  @Roles('owner')
  async run(@Req() req: Req_, @Param('id', ParseIntPipe) id: number): Promise<string> {
    const run = await this.history.get(id);
    return this.renderer.render(req, 'imports/run', {
      title: translate(req.user.locale, 'imports.title'),
      run,
      report: run?.report,
      runId: id,
      fileName: run?.fileName,
      badRows: !!run && fs.existsSync(this.uploads.badRowsOf(id)),
      ...(run?.report ? confirmView(run.report as ImportReport) : {}),
    });
  }

  /** The bad rows of a run (original columns + "problem", in the file's encoding), to fix and upload again. */
  @Get('runs/:id/bad-rows')
  @Roles('owner')
  async badRows(@Res() res: Response, @Param('id', ParseIntPipe) id: number): Promise<void> {
    const run = await this.history.get(id);
    const file = this.uploads.badRowsOf(id);
    if (!run || !fs.existsSync(file)) {
      res.status(404).type('text').send('not found');
      return;
    }
    const base = path.parse(run.fileName).name.replace(/[^\p{L}\p{N}._-]+/gu, '_') || 'import';
    res.download(file, `${base}-problems.csv`, { headers: { 'content-type': 'text/csv' } });
  }

  private async start(req: Req_, res: Response, body: Form, dryRun: boolean): Promise<void> {
    const form = readImportForm(body);
    const kept = this.uploads.find(form.uploadId);
    if (!kept) return this.problem(req, res, translate(req.user.locale, 'imports.expired'));
    const runId = await this.jobs.begin({
      kind: form.kind,
      path: kept,
      fileName: form.fileName,
      actor: req.user.name || req.user.email,
      userId: req.user.id,
      options: {
        dryRun,
        skipBadRows: body.skipBadRows === 'on',
        locale: form.locale,
        encoding: form.encoding,
        columns: readColumnChoices(body),
        problemLocale: webLocale(req.user.locale),
      },
      badRowsFile: (id) => this.uploads.badRowsOf(id),
    });
    res.type('html').send(
      await this.renderer.render(req, 'imports/progress', {
        runId,
        uploadId: form.uploadId,
        status: { rows: 0, rate: 0 },
        percent: 0,
        eta: null,
      }),
    );
  }

  private async renderReport(
    req: Req_,
    runId: number,
    fileName: string,
    report: ImportReport,
    uploadId: string | null,
  ): Promise<string> {
    return this.renderer.render(req, 'imports/report', {
      report,
      runId,
      uploadId,
      fileName,
      kind: report.kind,
      confirmed: !report.dryRun,
      badRows: report.badRowCount > 0 && fs.existsSync(this.uploads.badRowsOf(runId)),
      ...confirmView(report),
    });
  }

  private async problem(req: Req_, res: Response, message: string): Promise<void> {
    res
      .status(422)
      .type('html')
      .send(await this.renderer.render(req, 'imports/problem', { message }));
  }
}
