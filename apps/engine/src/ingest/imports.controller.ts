/// <reference types="multer" />
import * as fs from 'node:fs';
import {
  Controller,
  Param,
  ParseEnumPipe,
  Post,
  Query,
  Req,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCookieAuth,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import {
  ColumnChoices,
  IMPORT_KINDS,
  ImportFileError,
  ImportJobsService,
  ImportKind,
  parseColumnChoices,
} from '@touchbase/ingest';
import type { Principal } from '@touchbase/staff';
import { Roles } from '../auth/access.decorators';
import { ImportQueryDto } from './dto/paging.dto';
import { invalidField } from '@touchbase/core';

/**
 * Uploads are streamed to the engine's private folder (not memory), at most UPLOAD_MAX_MB
 * (UploadsModule), and read from there by the import.
 */
const upload = FileInterceptor('file');

@ApiTags('imports')
@ApiBearerAuth()
@ApiCookieAuth('tb_session')
@Controller('api/imports')
export class ImportsController {
  constructor(private readonly jobs: ImportJobsService) {}

  @Post(':kind')
  @Roles('owner')
  @UseInterceptors(upload)
  @ApiOperation({
    summary:
      'CSV import (multipart field "file"). 200 with the report when applied or a dry run; 422 with the report when bad rows stopped it (nothing written)',
  })
  @ApiParam({ name: 'kind', enum: IMPORT_KINDS })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' } },
    },
  })
  async import(
    @Req() req: { user: Principal },
    @Param('kind', new ParseEnumPipe(IMPORT_KINDS)) kind: ImportKind,
    @Query() query: ImportQueryDto,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (!file) throw invalidField('file', 'upload the CSV as multipart/form-data field "file"');
    try {
      let columns: ColumnChoices;
      try {
        columns = parseColumnChoices(query.mapping ? JSON.parse(query.mapping) : undefined);
      } catch (e) {
        throw invalidField('mapping', (e as Error).message);
      }
      const status = await this.jobs.run({
        kind,
        path: file.path,
        fileName: file.originalname,
        actor: req.user.name || req.user.email,
        userId: req.user.id,
        options: {
          dryRun: query.dryRun,
          skipBadRows: query.skipBadRows,
          locale: query.locale,
          encoding: query.encoding,
          columns,
        },
      });
      if (status.fileError) throw new ImportFileError(status.error!);
      if (status.error) throw new Error(status.error);
      const report = status.report!;
      res.status(report.applied || report.dryRun || report.badRowCount === 0 ? 200 : 422);
      return report;
    } finally {
      fs.rm(file.path, { force: true }, () => undefined);
    }
  }
}
