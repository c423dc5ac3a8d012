import { twilioOutcome } from './twilio-outcome';

describe('twilioOutcome', () => {
  it.each([
    [{ status: 429, code: 20429 }, 'temporary'],
    [{ status: 500, code: 20500 }, 'temporary'],
    [{ status: 503 }, 'temporary'],
    [{ status: 502 }, 'unknown'],
    [{ status: 504 }, 'unknown'],
    [{ status: 400, code: 21610 }, 'permanent'],
    [{ status: 400, code: 21211 }, 'permanent'],
    [{ status: 400, code: 21614 }, 'permanent'],
    [{ status: 401, code: 20003 }, 'permanent'],
    [{ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:1' }, 'temporary'],
    [{ code: 'ECONNRESET', message: 'socket hang up' }, 'unknown'],
    [{ code: 'ECONNABORTED', message: 'timeout of 30000ms exceeded' }, 'unknown'],
  ])('%j → %s', (err, kind) => {
    expect(twilioOutcome(err).kind).toBe(kind);
  });

  it("names what a permanent failure says about the customer's number", () => {
    expect(twilioOutcome({ status: 400, code: 21610, message: 'unsubscribed' })).toMatchObject({
      scope: 'recipient',
      recipientProblem: 'sms_opted_out',
      code: 21610,
    });
    expect(twilioOutcome({ status: 400, code: 21211 })).toMatchObject({ recipientProblem: 'phone_invalid' });
    expect(twilioOutcome({ status: 400, code: 21602 })).toMatchObject({ scope: 'message' });
    expect(twilioOutcome({ status: 401, code: 20003 })).toMatchObject({ scope: 'account' });
  });
});
