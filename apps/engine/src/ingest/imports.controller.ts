/// <reference types="multer" />
import * as fs from 'node:fs';
import * as os from 'node:os';
import {
  Controller,
  Param,
  ParseEnumPipe,
  Post,
  Query,
  Res,
  UploadedFile,
  UseFilters,
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
import { CsvImportService, IMPORT_KINDS, ImportKind } from '@touchbase/ingest';
import { Roles } from '../auth/access.decorators';
import { badRequestNaming } from '../http/validation';
import { ImportQueryDto } from './dto/paging.dto';
import { IngestErrorFilter } from './ingest-error.filter';

/** Uploads go to a temp file (not memory) and are streamed through the import. */
const upload = FileInterceptor('file', {
  dest: os.tmpdir(),
  limits: { fileSize: 512 * 1024 * 1024, files: 1 },
});

@ApiTags('imports')
@ApiBearerAuth()
@ApiCookieAuth('tb_session')
@UseFilters(IngestErrorFilter)
@Controller('api/imports')
export class ImportsController {
  constructor(private readonly imports: CsvImportService) {}

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
    @Param('kind', new ParseEnumPipe(IMPORT_KINDS)) kind: ImportKind,
    @Query() query: ImportQueryDto,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (!file)
      throw badRequestNaming([
        { field: 'file', problem: 'upload the CSV as multipart/form-data field "file"' },
      ]);
    try {
      const report = await this.imports.import(kind, fs.createReadStream(file.path), {
        dryRun: query.dryRun,
        skipBadRows: query.skipBadRows,
      });
      res.status(report.applied || report.dryRun || report.badRowCount === 0 ? 200 : 422);
      return report;
    } finally {
      fs.rm(file.path, { force: true }, () => undefined);
    }
  }
}
