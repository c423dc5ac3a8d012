import {
  Conflict,
  describeProblems,
  DomainError,
  Forbidden,
  invalidField,
  NotFound,
  ValidationFailed,
} from './errors';
import { TemplateMissingError } from './ports';

describe('domain errors', () => {
  it('ValidationFailed names every field in its message and keeps the problems', () => {
    const e = new ValidationFailed([
      { field: 'email', problem: 'must be an email address' },
      { field: 'params.top_n', problem: 'must be an integer 1–1000' },
    ]);
    expect(e.message).toBe('email: must be an email address; params.top_n: must be an integer 1–1000');
    expect(e.fields.map((p) => p.field)).toEqual(['email', 'params.top_n']);
    expect(e).toBeInstanceOf(DomainError);
    expect(e.name).toBe('ValidationFailed');
  });

  it('ValidationFailed may carry its own message (an import names the line, not the field)', () => {
    const e = new ValidationFailed(
      [{ field: 'file', problem: 'line 3: header: bad' }],
      'line 3: header: bad',
    );
    expect([e.message, e.fields[0].field]).toEqual(['line 3: header: bad', 'file']);
  });

  it('invalidField is one problem', () => {
    expect(invalidField('reason', 'say why').fields).toEqual([{ field: 'reason', problem: 'say why' }]);
  });

  it('describeProblems of nothing is empty', () => {
    expect(describeProblems([])).toBe('');
  });

  it('each kind is its own class under DomainError; area errors extend them', () => {
    const all = [new NotFound('a'), new Forbidden('b'), new Conflict('c')];
    expect(all.map((e) => [e.name, e instanceof DomainError, e instanceof ValidationFailed])).toEqual([
      ['NotFound', true, false],
      ['Forbidden', true, false],
      ['Conflict', true, false],
    ]);
    const missing = new TemplateMissingError('birthday', 'sms');
    expect([missing instanceof NotFound, missing.name, missing.message]).toEqual([
      true,
      'TemplateMissingError',
      'No sms template "birthday" in any locale',
    ]);
  });
});
