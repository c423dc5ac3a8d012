import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldProblem, ValidationFailed } from '@touchbase/core';

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((problem) => ({ field, problem }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * Request DTOs are checked with class-validator at the HTTP boundary; a bad field answers 400
 * naming it, like every other ValidationFailed (see docs/architecture.md#errors-and-validation):
 * { statusCode: 400, error: 'Bad Request', message: 'email: must be an email', fields: [{ field, problem }] }
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new ValidationFailed(flatten(errors)),
  });
}
