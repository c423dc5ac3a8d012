import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { RuleNotFoundError, RuleValidationError } from '@touchbase/rules';

/** The rules area's errors as HTTP: 400 naming the fields, 404 for an unknown rule. */
@Catch(RuleValidationError, RuleNotFoundError)
export class RulesErrorFilter implements ExceptionFilter {
  catch(e: RuleValidationError | RuleNotFoundError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (e instanceof RuleValidationError)
      res.status(400).json({ statusCode: 400, error: 'Bad Request', message: e.message, fields: e.fields });
    else res.status(404).json({ statusCode: 404, error: 'Not Found', message: e.message });
  }
}
