import { validateParams } from '@touchbase/rules';
import { satisfactionSurveyKind } from './satisfaction-survey.kind';

describe('satisfaction_survey parameters', () => {
  const read = (raw: Record<string, unknown>) => validateParams(satisfactionSurveyKind, raw);

  it('keeps a delay given as "30m" through its stored form (the tick reads the stored form)', () => {
    const given = read({ after: 'touch', delay: '30m' });
    expect(given).toEqual({
      params: {
        after: 'touch',
        rule_ids: [],
        delay_minutes: 30,
        low_rating_at_most: 2,
        recovery_priority: 100,
        fallback: 'skip',
      },
      problems: [],
    });
    // Switching a stored rule off re-validates its stored params: no "is not a parameter".
    expect(read({ ...given.params })).toEqual(given);
    expect(read({}).params).toMatchObject({ delay_minutes: 2 * 1440 });
  });

  it('names bad values, and rule ids that cannot apply to orders', () => {
    expect(read({ delay: '91d' }).problems.map((p) => p.field)).toEqual(['params.delay']);
    expect(read({ after: 'order', rule_ids: [3] }).problems).toEqual([
      { field: 'params.rule_ids', problem: 'only applies when params.after is touch or call' },
    ]);
  });
});
