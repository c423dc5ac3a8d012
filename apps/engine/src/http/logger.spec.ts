import { QueryFailedError } from 'typeorm';
import { scrub } from './logger';

describe('scrub (what error logs may carry)', () => {
  it('drops the SQL and its parameters from a failed query, keeping name, code and frames', () => {
    const driverError = Object.assign(new Error('bigint out of range'), { code: '22003' });
    const e = new QueryFailedError(
      'SELECT * FROM customers WHERE email LIKE $1',
      ['%anna.secret@example.test%'],
      driverError,
    );
    const out = String(scrub(e));
    expect(out).toMatch(/^QueryFailedError \(22003\): bigint out of range/);
    expect(out).toMatch(/\n\s+at /);
    expect(out).not.toContain('anna.secret');
    expect(out).not.toContain('SELECT');
  });

  it('masks quoted values inside error messages and error texts', () => {
    expect(String(scrub(new Error('invalid input syntax for type bigint: "+49 151 2345678"')))).not.toContain(
      '2345678',
    );
    expect(scrub("QueryFailedError: duplicate key 'ada@example.test'\n    at x (y.ts:1:1)")).toBe(
      "QueryFailedError: duplicate key '…'\n    at x (y.ts:1:1)",
    );
    expect(scrub('GET /api/customers 500 12ms')).toBe('GET /api/customers 500 12ms');
  });
});
