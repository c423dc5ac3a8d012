import { RuleKindRegistry } from './rule-kind.registry';
import { validateRule } from '../rule-input';

const kinds = new RuleKindRegistry();
const problems = (kind: string, params: Record<string, unknown>) =>
  kinds.get(kind)!.validateParams(params).problems;

describe('rule parameters', () => {
  it('fills in defaults per kind', () => {
    expect(kinds.get('birthday')!.validateParams({}).params).toEqual({
      days_before: 0,
      send_time: '09:00',
      feb29: 'feb28',
      fallback: 'skip',
    });
    expect(
      kinds.get('big_purchase_thanks')!.validateParams({ min_total: { EUR: 20000 }, delay: '2h' }).params,
    ).toMatchObject({ delay_minutes: 120, second_tier: null });
    expect(
      kinds.get('big_purchase_thanks')!.validateParams({ min_total: { EUR: 20000 }, delay: { days: 1 } })
        .params,
    ).toMatchObject({ delay_minutes: 1440 });
    expect(kinds.get('top_customer_checkin')!.validateParams({ top_percent: 5 }).params).toMatchObject({
      window_days: 365,
      no_contact_days: 60,
      top_n: null,
    });
    expect(kinds.get('back_in_stock')!.validateParams({}).params).toEqual({
      per_unit: 1,
      set_aside_task: false,
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
