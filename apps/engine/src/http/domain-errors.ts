import type { Response } from 'express';
import {
  Conflict,
  DomainError,
  Forbidden,
  NotFound,
  TooManyAttempts,
  ValidationFailed,
} from '@touchbase/core';

/** The one HTTP mapping of the domain errors, shared by the API filter and the pages' filter. */
export function statusOfDomainError(e: DomainError): number {
  if (e instanceof ValidationFailed) return 400;
  if (e instanceof Forbidden) return 403;
  if (e instanceof NotFound) return 404;
  if (e instanceof Conflict) return 409;
  if (e instanceof TooManyAttempts) return 429;
  return 400;
}

const ERROR_NAMES: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests',
};

/**
 * The API's error body (see docs/architecture.md#errors-and-validation):
 * `{ statusCode, error, message }`, plus `fields: [{ field, problem }]` for a 400.
 */
export function domainErrorBody(e: DomainError): Record<string, unknown> {
  const statusCode = statusOfDomainError(e);
  const body: Record<string, unknown> = { statusCode, error: ERROR_NAMES[statusCode], message: e.message };
  if (e instanceof ValidationFailed) body.fields = e.fields.map(({ field, problem }) => ({ field, problem }));
  return body;
}

/** Sets the headers that go with a domain error's answer: `Retry-After` (seconds) for TooManyAttempts. */
export function setDomainErrorHeaders(res: Response, e: DomainError): void {
  if (e instanceof TooManyAttempts) res.setHeader('Retry-After', String(e.retryAfterSeconds));
}

/** Answers a domain error as the API does: status, headers and the JSON body. */
export function sendDomainError(res: Response, e: DomainError): void {
  const body = domainErrorBody(e);
  setDomainErrorHeaders(res, e);
  res
    .status(body.statusCode as number)
    .type('application/json')
    .send(JSON.stringify(body));
}
