import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError } from '@touchbase/core';
import { sendDomainError } from './domain-errors';

/**
 * The API's one mapping of domain errors to HTTP (registered globally). Nest's own HttpExceptions
 * pass through unchanged; anything else is Nest's generic 500 (logged, no stack or SQL in the body).
 */
@Catch(DomainError)
export class ApiExceptionFilter implements ExceptionFilter {
  catch(e: DomainError, host: ArgumentsHost): void {
    sendDomainError(host.switchToHttp().getResponse<Response>(), e);
  }
}
