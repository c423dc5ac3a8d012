import type { INestApplication } from '@nestjs/common';
import { raw, type NextFunction, type Request, type Response } from 'express';
import { InboundEmailService } from '@touchbase/ingest';
import { answered } from './public-limits';

export const INBOUND_EMAIL_PATH = '/webhooks/email/inbound';
/** The most an inbound email post may carry (attachments included; they are dropped). */
export const INBOUND_EMAIL_LIMIT = '10mb';

/**
 * The inbound email webhook's body guard (docs/security.md#bounded-input): the token is checked
 * first, so a stranger's post is answered 401 before a byte of its body is read; an authorized
 * one is read whole as bytes (any content type, at most INBOUND_EMAIL_LIMIT: 413 beyond), which
 * the app-wide parsers then leave alone. Registered before them, in configureApp.
 */
export function guardInboundEmail(app: INestApplication): void {
  const inbound = app.get(InboundEmailService);
  const bytes = answered(raw({ type: () => true, limit: INBOUND_EMAIL_LIMIT }), INBOUND_EMAIL_LIMIT);
  app.use(INBOUND_EMAIL_PATH, (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST') return next();
    inbound.authorized(credentialsOf(req)).then((ok) => {
      if (!ok) {
        res.setHeader('Connection', 'close');
        res.status(401).json({ statusCode: 401, message: 'Missing or wrong inbound email token.' });
        return;
      }
      bytes(req, res, next);
    }, next);
  });
}

/** Where a provider may put the token: X-Touchbase-Token, Authorization (Bearer or Basic), `?token=`. */
export function credentialsOf(req: Request) {
  const q = req.query.token;
  return {
    token: req.header('x-touchbase-token'),
    authorization: req.header('authorization'),
    queryToken: typeof q === 'string' ? q : undefined,
  };
}
