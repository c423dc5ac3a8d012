import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  Inject,
  Logger,
  PayloadTooLargeException,
} from '@nestjs/common';
import type { Response } from 'express';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { DomainError } from '@touchbase/core';
import { setDomainErrorHeaders, statusOfDomainError } from '../http/domain-errors';
import { CHANGE_PASSWORD_PAGE, PasswordChangeRequired } from '../auth/password-change-required';
import { localeFromAcceptLanguage, translate } from './i18n';
import { WebRenderer } from './render/web-renderer';
import { isHtmx, WebRequest } from './web-session';

/**
 * Errors on web pages become pages: not signed in → the sign-in page (htmx: a full redirect),
 * wrong role → a friendly 403 page, unknown → 404, anything else → 500 (logged). htmx requests
 * get a short message that app.js shows in the page's notice area.
 */
@Catch()
export class WebExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Web');

  constructor(
    private readonly renderer: WebRenderer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async catch(error: unknown, host: ArgumentsHost): Promise<void> {
    const req = host.switchToHttp().getRequest<WebRequest>();
    const res = host.switchToHttp().getResponse<Response>();
    const status = statusOf(error);
    if (status >= 500)
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    req.webLocale ??= localeFromAcceptLanguage(req.headers['accept-language']);
    if (error instanceof DomainError) setDomainErrorHeaders(res, error);

    if (error instanceof PasswordChangeRequired) {
      if (isHtmx(req)) {
        res.setHeader('HX-Redirect', CHANGE_PASSWORD_PAGE);
        res.status(403).send('');
      } else res.redirect(303, CHANGE_PASSWORD_PAGE);
      return;
    }

    if (status === 401) {
      const next = (error as { next?: string }).next ?? req.originalUrl ?? '/';
      const target = `/login?next=${encodeURIComponent(next)}`;
      if (isHtmx(req)) {
        res.setHeader('HX-Redirect', target);
        res.status(401).send('');
      } else res.redirect(303, target);
      return;
    }
    const kind = status === 403 ? '403' : status === 404 ? '404' : status < 500 ? '400' : '500';
    const locale = req.user?.locale ?? req.webLocale;
    // an upload over UPLOAD_MAX_MB (multer's English "File too large"): say so in the user's language, naming the limit
    const detail =
      error instanceof PayloadTooLargeException
        ? translate(locale, 'error.tooLarge', { mb: Math.round(this.config.uploads.maxBytes / 1024 / 1024) })
        : status < 500
          ? messageOf(error)
          : '';
    if (isHtmx(req)) {
      const title = translate(locale, kind === '500' ? 'error.title' : `error.${kind}.title`);
      res
        .status(status)
        .type('text/plain; charset=utf-8')
        .send(detail ? `${title}: ${detail}` : title);
      return;
    }
    try {
      const html = await this.renderer.render(req, 'errors/error', { status, kind, detail });
      res.status(status).type('html').send(html);
    } catch (e) {
      this.logger.error(`error page failed: ${String(e)}`);
      res.status(status).type('text/plain').send(`Error ${status}`);
    }
  }
}

/** HTTP errors keep their status; domain errors map as in the API (one mapping); anything else is 500. */
export function statusOf(error: unknown): number {
  if (error instanceof HttpException) return error.getStatus();
  if (error instanceof DomainError) return statusOfDomainError(error);
  return 500;
}

function messageOf(error: unknown): string {
  if (!(error instanceof HttpException)) return error instanceof Error ? error.message : '';
  const body = error.getResponse();
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown }).message;
  return Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : error.message;
}
