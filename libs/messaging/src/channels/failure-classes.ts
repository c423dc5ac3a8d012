import { SendError } from '@touchbase/core';

/**
 * SMTP failures: 535/EAUTH → configuration (pause the channel); 4xx and connection errors →
 * temporary (retry); other 5xx → permanent.
 */
export function classifySmtpError(err: unknown): SendError {
  if (err instanceof SendError) return err;
  const e = err as { code?: string; responseCode?: number; response?: string; message?: string };
  const code = e?.responseCode;
  const text = (e?.response || e?.message || String(err)).slice(0, 500);
  if (e?.code === 'EAUTH' || code === 535 || code === 534 || code === 530)
    return new SendError(`SMTP authentication failed: ${text}`, 'configuration', code ?? e?.code);
  if (typeof code === 'number' && code >= 500)
    return new SendError(`SMTP ${code}: ${text}`, 'permanent', code);
  if (typeof code === 'number' && code >= 400)
    return new SendError(`SMTP ${code}: ${text}`, 'temporary', code);
  return new SendError(`SMTP connection error${e?.code ? ` ${e.code}` : ''}: ${text}`, 'temporary', e?.code);
}

/** Twilio error codes with a meaning for the customer record. */
export const TWILIO_UNSUBSCRIBED = 21610;
export const TWILIO_BAD_NUMBER = [21211, 21614];

/**
 * Twilio failures: 20003 (or HTTP 401) → configuration; 429 and 5xx and network errors →
 * temporary; any other 4xx (21610 unsubscribed, 21211 invalid number, 21614 not mobile) → permanent.
 */
export function classifyTwilioError(err: unknown): SendError {
  if (err instanceof SendError) return err;
  const e = err as { status?: number; code?: number | string; message?: string };
  const msg = (e?.message || String(err)).slice(0, 500);
  if (e?.code === 20003 || e?.status === 401)
    return new SendError(`Twilio authentication failed: ${msg}`, 'configuration', e.code ?? 401);
  if (typeof e?.status === 'number') {
    if (e.status === 429 || e.status >= 500)
      return new SendError(
        `Twilio ${e.status}${e.code ? ` (${e.code})` : ''}: ${msg}`,
        'temporary',
        e.code ?? e.status,
      );
    return new SendError(`Twilio ${e.code ?? e.status}: ${msg}`, 'permanent', e.code ?? e.status);
  }
  return new SendError(`Twilio connection error${e?.code ? ` ${e.code}` : ''}: ${msg}`, 'temporary', e?.code);
}
