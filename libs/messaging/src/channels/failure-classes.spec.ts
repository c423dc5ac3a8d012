import { classifySmtpError, classifyTwilioError } from './failure-classes';

describe('classifySmtpError', () => {
  it.each([
    [{ code: 'EENVELOPE', responseCode: 421, response: '421 try later' }, 'temporary'],
    [{ code: 'EENVELOPE', responseCode: 450 }, 'temporary'],
    [{ code: 'EENVELOPE', responseCode: 550, response: '550 no such user' }, 'permanent'],
    [{ code: 'EAUTH', responseCode: 535 }, 'configuration'],
    [{ code: 'EENVELOPE', responseCode: 535 }, 'configuration'],
    [{ code: 'ECONNECTION', message: 'connect ECONNREFUSED' }, 'temporary'],
    [{ code: 'ESOCKET' }, 'temporary'],
    [new Error('boom'), 'temporary'],
  ])('%j → %s', (err, kind) => {
    expect(classifySmtpError(err).kind).toBe(kind);
  });

  it('keeps the response code and text in the error', () => {
    const e = classifySmtpError({ responseCode: 550, response: '550 5.1.1 mailbox unknown' });
    expect(e.code).toBe(550);
    expect(e.message).toContain('mailbox unknown');
  });
});

describe('classifyTwilioError', () => {
  it.each([
    [{ status: 429, code: 20429 }, 'temporary'],
    [{ status: 500, code: 20500 }, 'temporary'],
    [{ status: 503 }, 'temporary'],
    [{ status: 400, code: 21610 }, 'permanent'],
    [{ status: 400, code: 21211 }, 'permanent'],
    [{ status: 400, code: 21614 }, 'permanent'],
    [{ status: 401, code: 20003 }, 'configuration'],
    [{ code: 'ECONNRESET', message: 'socket hang up' }, 'temporary'],
  ])('%j → %s', (err, kind) => {
    expect(classifyTwilioError(err).kind).toBe(kind);
  });

  it('keeps the Twilio code', () => {
    expect(classifyTwilioError({ status: 400, code: 21610, message: 'unsubscribed' }).code).toBe(21610);
  });
});
