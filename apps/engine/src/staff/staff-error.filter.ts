import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import { Conflict, FieldRejected, NotAllowed, NotFound, TooManyAttempts } from '@touchbase/staff';

/** Maps the staff area's errors to HTTP: 400 naming the fields, 403, 404, 409, 429 (+ Retry-After). */
@Catch(FieldRejected, NotAllowed, NotFound, Conflict, TooManyAttempts)
export class StaffErrorFilter implements ExceptionFilter {
  catch(e: Error, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (e instanceof FieldRejected) {
      res
        .status(HttpStatus.BAD_REQUEST)
        .json({ statusCode: 400, error: 'Bad Request', message: e.message, fields: e.fields });
      return;
    }
    if (e instanceof TooManyAttempts) {
      res.setHeader('Retry-After', String(e.retryAfterSeconds));
      res.status(429).json({ statusCode: 429, error: 'Too Many Requests', message: e.message });
      return;
    }
    const [status, error] =
      e instanceof NotAllowed
        ? [403, 'Forbidden']
        : e instanceof NotFound
          ? [404, 'Not Found']
          : [409, 'Conflict'];
    res.status(status).json({ statusCode: status, error, message: e.message });
  }
}
