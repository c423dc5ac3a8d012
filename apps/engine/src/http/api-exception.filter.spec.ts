import type { ArgumentsHost } from '@nestjs/common';
import { Conflict, Forbidden, NotFound, TooManyAttempts, ValidationFailed } from '@touchbase/core';
import { ApiExceptionFilter } from './api-exception.filter';

/** A minimal Express response recording what the filter sends. */
function capture() {
  const sent: { status?: number; type?: string; body?: unknown; headers: Record<string, string> } = {
    headers: {},
  };
  const res = {
    setHeader(name: string, value: string) {
      sent.headers[name] = value;
    },
    status(s: number) {
      sent.status = s;
      return res;
    },
    type(t: string) {
      sent.type = t;
      return res;
    },
    send(b: string) {
      sent.body = JSON.parse(b);
      return res;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => res }) } as unknown as ArgumentsHost;
  return { sent, host };
}

describe('ApiExceptionFilter', () => {
  const filter = new ApiExceptionFilter();

  it('answers a ValidationFailed 400 naming each field', () => {
    const { sent, host } = capture();
    filter.catch(new ValidationFailed([{ field: 'email', problem: 'must be an email address' }]), host);
    expect(sent).toEqual({
      status: 400,
      type: 'application/json',
      headers: {},
      body: {
        statusCode: 400,
        error: 'Bad Request',
        message: 'email: must be an email address',
        fields: [{ field: 'email', problem: 'must be an email address' }],
      },
    });
  });

  it.each([
    [new Forbidden('not yours'), 403, 'Forbidden'],
    [new NotFound('No rule with id 7'), 404, 'Not Found'],
    [new Conflict('already done'), 409, 'Conflict'],
  ])('answers %p with its status and no fields', (e, status, error) => {
    const { sent, host } = capture();
    filter.catch(e, host);
    expect([sent.status, sent.body]).toEqual([status, { statusCode: status, error, message: e.message }]);
  });

  it('answers TooManyAttempts 429 with Retry-After in whole seconds', () => {
    const { sent, host } = capture();
    filter.catch(new TooManyAttempts(1500), host);
    expect([sent.status, sent.headers, sent.body]).toEqual([
      429,
      { 'Retry-After': '2' },
      { statusCode: 429, error: 'Too Many Requests', message: 'Too many attempts; try again in 2 seconds.' },
    ]);
  });
});
