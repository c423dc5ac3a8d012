import { RuleKindRegistry } from './rule-kind.registry';
import { validateRule } from '../rule-input';
import { formatDuration, parseDuration } from './param-spec';
import { validateParams } from './rule-kind';

const kinds = new RuleKindRegistry();
const read = (kind: string, params: Record<string, unknown>) => validateParams(kinds.get(kind)!, params);
const problems = (kind: string, params: Record<string, unknown>) => read(kind, params).problems;

describe('rule parameters', () => {
  it('fills in defaults per kind', () => {
    expect(read('birthday', {}).params).toEqual({
      days_before: 0,
      send_time: '09:00',
      feb29: 'feb28',
      fallback: 'skip',
    });
    expect(read('big_purchase_thanks', { min_total: { EUR: 20000 }, delay: '2h' }).params).toMatchObject({
      delay_minutes: 120,
      second_tier: null,
    });
    expect(
      read('big_purchase_thanks', { min_total: { EUR: 20000 }, delay: { days: 1 } }).params,
    ).toMatchObject({ delay_minutes: 1440 });
    expect(read('top_customer_checkin', { top_percent: 5 }).params).toMatchObject({
      window_days: 365,
      no_contact_days: 60,
      top_n: null,
    });
    expect(read('back_in_stock', {}).params).toEqual({
      per_unit: 1,
      set_aside_task: false,
      hold_days: 3,
      fallback: 'skip',
    });
  });

  it('names the field and the problem', () => {
    expect(problems('birthday', { days_before: 61 })).toEqual([
      { field: 'params.days_before', problem: 'must be an integer 0–60' },
    ]);
    expect(problems('birthday', { send_time: '9:00' })).toEqual([
      { field: 'params.send_time', problem: 'must be a time as HH:MM (24 h), e.g. "09:00"' },
    ]);
    expect(problems('big_purchase_thanks', {})).toEqual([
      {
        field: 'params.min_total',
        problem: 'is required: minimum totals per currency in minor units, e.g. { EUR: 20000 }',
      },
    ]);
    expect(problems('big_purchase_thanks', { min_total: { eur: 1 } })[0].field).toBe('params.min_total.eur');
    expect(
      problems('big_purchase_thanks', {
        min_total: { EUR: 20000 },
        second_tier: { min_total: { EUR: 100 }, channel: 'fax' },
      }).map((p) => p.field),
    ).toEqual([
      'params.second_tier.channel',
      'params.second_tier.template_key',
      'params.second_tier.min_total.EUR',
    ]);
    expect(problems('top_customer_checkin', { top_n: 10, top_percent: 5 })[0].field).toBe('params.top_n');
    expect(problems('top_customer_checkin', { top_percent: 150 })).toEqual([
      { field: 'params.top_percent', problem: 'must be a number greater than 0 and at most 100' },
    ]);
    expect(problems('back_in_stock', { per_unit: 0, set_aside_task: 'yes' }).map((p) => p.field)).toEqual([
      'params.per_unit',
      'params.set_aside_task',
    ]);
    expect(problems('back_in_stock', { fallback: 'pigeon' })).toEqual([
      { field: 'params.fallback', problem: 'must be one of task, skip' },
    ]);
  });

  it('reads its own stored form back unchanged, for every kind (a saved rule always re-validates)', () => {
    for (const kind of kinds.all()) {
      const first = validateParams(kind, kind.example);
      expect({ kind: kind.kind, problems: first.problems }).toEqual({ kind: kind.kind, problems: [] });
      expect(validateParams(kind, first.params).params).toEqual(first.params);
      expect(validateParams(kind, first.params).problems).toEqual([]);
    }
    const stored = read('big_purchase_thanks', {
      min_total: { EUR: 20000, USD: 25000, PLN: 80000 },
      delay: { hours: 2 },
      second_tier: { min_total: { EUR: 100000 }, channel: 'task', template_key: 'big_purchase_call' },
    }).params;
    expect(stored).toMatchObject({ delay_minutes: 120, min_total: { EUR: 20000, USD: 25000, PLN: 80000 } });
    expect(read('big_purchase_thanks', stored)).toEqual({ params: stored, problems: [] });
  });

  it('reads durations as "30m" / "2h" / "1d" or { unit: n } and writes them back short', () => {
    expect(['30m', '2h', '1d', ' 90 m', { hours: 3 }, { days: 0 }].map(parseDuration)).toEqual([
      30, 120, 1440, 90, 180, 0,
    ]);
    expect(['2w', '1.5h', { hours: 1, minutes: 2 }, { hours: -1 }, 5].map(parseDuration)).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
    expect([30, 120, 1440, 2880, 90, 0].map(formatDuration)).toEqual(['30m', '2h', '1d', '2d', '90m', '0m']);
    expect(problems('big_purchase_thanks', { min_total: { EUR: 1 }, delay: '61d' })).toEqual([
      {
        field: 'params.delay',
        problem: 'must be "30m" / "2h" / "1d" or { minutes: n } | { hours: n } | { days: n }, at most 60d',
      },
    ]);
    expect(problems('big_purchase_thanks', { min_total: { EUR: 1 }, delay_minutes: 'soon' })[0].field).toBe(
      'params.delay_minutes',
    );
  });

  it('checks the rule around the parameters', () => {
    const { problems: p } = validateRule(
      {
        name: '',
        kind: 'birthday',
        channel: 'fax',
        holdoutPercent: 80,
        audience: { locales: ['fr'], tags: 'vip' as never },
      },
      kinds,
    );
    expect(p.map((x) => x.field)).toEqual([
      'name',
      'channel',
      'audience.tags',
      'audience.locales',
      'holdoutPercent',
    ]);
    expect(validateRule({ name: 'Restock', kind: 'back_in_stock' }, kinds).rule).toMatchObject({
      transactional: true,
      channel: 'email',
      templateKey: 'back_in_stock',
    });
  });
});
