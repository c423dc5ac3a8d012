import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { TemplateMissingError } from '@touchbase/core';
import { CustomerNotFoundError, TemplateInvalidError } from '@touchbase/messaging';

/** The messaging area's errors as HTTP: 400 naming the fields (with Liquid line/col), 404 for what is missing. */
@Catch(TemplateInvalidError, TemplateMissingError, CustomerNotFoundError)
export class MessagingErrorFilter implements ExceptionFilter {
  catch(e: Error, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (e instanceof TemplateInvalidError)
      res.status(400).json({ statusCode: 400, error: 'Bad Request', message: e.message, fields: e.problems });
    else res.status(404).json({ statusCode: 404, error: 'Not Found', message: e.message });
  }
}
