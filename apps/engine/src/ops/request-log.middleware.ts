import { Inject, Injectable, Logger, NestMiddleware } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { AppConfig, APP_CONFIG } from '@touchbase/config';

/** Probes and scrapes are logged at debug level so they do not drown the rest. */
const QUIET = /^\/(health\/(live|ready)|metrics)$/;

/**
 * One log line per HTTP request: method, the matched route pattern (e.g.
 * /api/customers/:id — never the query string or a body, so no personal data), status,
 * duration in ms and a request id (X-Request-Id, taken from the caller or made here).
 * 5xx answers are logged as errors; Nest's exception handler logs the stack beside them.
 */
@Injectable()
export class RequestLogMiddleware implements NestMiddleware {
  private readonly logger = new Logger('HTTP');

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const started = performance.now();
    const incoming = req.header('x-request-id');
    const requestId = incoming && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', requestId);
    res.on('finish', () => {
      const routePath: string | undefined = (req as Request & { route?: { path?: string } }).route?.path;
      const path = routePath ?? req.path.slice(0, 120);
      const entry = {
        msg: 'request',
        method: req.method,
        path,
        status: res.statusCode,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        requestId,
      };
      const line =
        this.config.log.format === 'json'
          ? entry
          : `${entry.method} ${entry.path} ${entry.status} ${entry.durationMs}ms id=${entry.requestId}`;
      // A 503 from /health/ready is the probe doing its job, not a server error.
      if (QUIET.test(req.path)) {
        if (res.statusCode < 400) this.logger.debug(line);
        else this.logger.warn(line);
      } else if (res.statusCode >= 500) this.logger.error(line);
      else this.logger.log(line);
    });
    next();
  }
}
