import type { SendOutcome } from '@touchbase/core';

/** Twilio error codes with a meaning for the customer's number. */
export const TWILIO_UNSUBSCRIBED = 21610;
export const TWILIO_BAD_NUMBER = [21211, 21614];

/** Network errors that mean the request never reached Twilio. */
const NOT_CONNECTED = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'];

/**
 * A failed Twilio request as an outcome (see docs/delivery-guarantees.md#sms):
 * - 401 or 20003: permanent, the account (the channel pauses);
 * - 429, 500, 503: temporary (Twilio answered that it did not take it);
 * - 502, 504: unknown (a gateway gave up; Twilio may have taken it);
 * - 21610 (the number replied STOP), 21211/21614 (not a valid mobile number): permanent, the
 *   recipient; any other 4xx: permanent, the message;
 * - no answer: temporary when no connection was made, else unknown (a reset or timeout after
 *   the request was written).
 */
export function twilioOutcome(err: unknown): Exclude<SendOutcome, { kind: 'sent' }> {
  const e = (err ?? {}) as { status?: number; code?: number | string; message?: string };
  const msg = (e.message || String(err)).slice(0, 500);
  if (e.code === 20003 || e.status === 401)
    return {
      kind: 'permanent',
      scope: 'account',
      reason: `Twilio authentication failed: ${msg}`,
      code: e.code ?? 401,
    };
  if (typeof e.status === 'number') {
    const label = `Twilio ${e.status}${e.code ? ` (${e.code})` : ''}: ${msg}`;
    if (e.status === 502 || e.status === 504) return { kind: 'unknown', reason: label, code: e.status };
    if (e.status === 429 || e.status >= 500)
      return { kind: 'temporary', reason: label, code: e.code ?? e.status };
    const code = Number(e.code);
    const problem =
      code === TWILIO_UNSUBSCRIBED
        ? ('sms_opted_out' as const)
        : TWILIO_BAD_NUMBER.includes(code)
          ? ('phone_invalid' as const)
          : undefined;
    return {
      kind: 'permanent',
      scope: problem ? 'recipient' : 'message',
      reason: `Twilio ${e.code ?? e.status}: ${msg}`,
      code: e.code ?? e.status,
      ...(problem ? { recipientProblem: problem } : {}),
    };
  }
  const what = `Twilio connection error${e.code ? ` ${e.code}` : ''}: ${msg}`;
  if (typeof e.code === 'string' && NOT_CONNECTED.includes(e.code))
    return { kind: 'temporary', reason: what, code: e.code };
  return { kind: 'unknown', reason: what, code: e.code };
}
