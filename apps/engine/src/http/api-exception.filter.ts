import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, TooManyAttempts } from '@touchbase/core';
import { domainErrorBody } from './domain-errors';

/**
 * The API's one mapping of domain errors to HTTP (registered globally). Nest's own HttpExceptions
 * pass through unchanged; anything else is Nest's generic 500 (logged, no stack or SQL in the body).
 */
@Catch(DomainError)
export class ApiExceptionFilter implements ExceptionFilter {
  catch(e: DomainError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = domainErrorBody(e);
    if (e instanceof TooManyAttempts) res.setHeader('Retry-After', String(e.retryAfterSeconds));
    res
      .status(body.statusCode as number)
      .type('application/json')
      .send(JSON.stringify(body));
  }
}
