import { messageIdFor, smtpOutcome } from './smtp-outcome';

describe('smtpOutcome', () => {
  it.each([
    [{ code: 'EENVELOPE', responseCode: 421, response: '421 try later' }, false, 'temporary'],
    [{ code: 'EMESSAGE', responseCode: 451, response: '451 4.3.0 local error' }, true, 'temporary'],
    [{ code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 no such user' }, false, 'permanent'],
    [{ code: 'EAUTH', responseCode: 535 }, false, 'permanent'],
    [{ code: 'ECONNECTION', message: 'connect ECONNREFUSED' }, false, 'temporary'],
    [{ code: 'ECONNECTION', message: 'Connection closed unexpectedly' }, true, 'unknown'],
    [{ code: 'ETIMEDOUT', message: 'Timeout' }, true, 'unknown'],
    [{ code: 'ESOCKET' }, false, 'temporary'],
    [new Error('boom'), false, 'temporary'],
  ])('%j (handed over: %s) → %s', (err, handedOver, kind) => {
    expect(smtpOutcome(err, handedOver).kind).toBe(kind);
  });

  it('calls a 5.1.x reply, at RCPT or after DATA, a bounce of the recipient', () => {
    for (const handedOver of [false, true])
      expect(smtpOutcome({ responseCode: 550, response: '550 5.1.1 mailbox unknown' }, handedOver)).toEqual({
        kind: 'permanent',
        scope: 'recipient',
        recipientProblem: 'email_bounced',
        code: 550,
        reason: 'SMTP 550: 550 5.1.1 mailbox unknown',
      });
  });

  it('calls other 5xx a problem of the message, not of the address', () => {
    expect(smtpOutcome({ responseCode: 554, response: '554 5.7.1 rejected as spam' }, true)).toMatchObject({
      kind: 'permanent',
      scope: 'message',
    });
  });

  it('calls an authentication failure a problem of the account', () => {
    expect(smtpOutcome({ code: 'EAUTH', responseCode: 535 }, false)).toMatchObject({ scope: 'account' });
  });
});

describe('messageIdFor', () => {
  it("is derived from the outbox id and the sender's domain, the same every time", () => {
    expect(messageIdFor(42, 'Shop <shop@example.test>')).toBe('<touchbase.outbox.42@example.test>');
    expect(messageIdFor(42, 'shop@example.test')).toBe(messageIdFor(42, { address: 'x@example.test' }));
  });
});
