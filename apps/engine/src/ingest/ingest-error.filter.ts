import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import {
  ImportFileError,
  IngestConflictError,
  IngestNotFoundError,
  IngestValidationError,
} from '@touchbase/ingest';

/** The ingest area's errors as HTTP: 400 naming each bad field, 404 unknown record, 409 clash. */
@Catch(IngestValidationError, IngestNotFoundError, IngestConflictError, ImportFileError)
export class IngestErrorFilter implements ExceptionFilter {
  catch(e: Error, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (e instanceof IngestValidationError)
      res.status(400).json({ statusCode: 400, error: 'Bad Request', message: e.message, fields: e.fields });
    else if (e instanceof ImportFileError)
      res.status(400).json({
        statusCode: 400,
        error: 'Bad Request',
        message: e.message,
        fields: [{ field: 'file', problem: e.message }],
      });
    else if (e instanceof IngestNotFoundError)
      res.status(404).json({ statusCode: 404, error: 'Not Found', message: e.message });
    else res.status(409).json({ statusCode: 409, error: 'Conflict', message: e.message });
  }
}
