import { RuleKindRegistry } from '@touchbase/rules';
import { formFieldOf, formFromRule, moneyToMinor, ruleInputFromForm } from './rule-form';
import { ruleFormSections } from './rule-form-view';

const kinds = new RuleKindRegistry();
const kind = (name: string) => kinds.get(name)!;

describe('rule form conversion', () => {
  it('turns a birthday form into the rules area input', () => {
    const input = ruleInputFromForm(
      kind('birthday'),
      {
        name: ' Birthday card ',
        'p.days_before': '3',
        'p.send_time': '10:30',
        'p.feb29': 'mar1',
        'p.fallback': 'task',
        channel: 'task',
        templateKey: 'birthday',
        priority: '5',
        enabled: 'on',
        'audience.tags': 'vip, regular',
        'audience.locales': ['de', 'pl'],
      },
      'EUR',
    );
    expect(input).toMatchObject({
      name: 'Birthday card',
      kind: 'birthday',
      params: { days_before: 3, send_time: '10:30', feb29: 'mar1', fallback: 'task' },
      channel: 'task',
      priority: 5,
      enabled: true,
      transactional: false,
      audience: { tags: ['vip', 'regular'], locales: ['de', 'pl'] },
    });
  });

  it('passes an unreadable number on as typed, so the rules area names the field', () => {
    expect(
      ruleInputFromForm(kind('birthday'), { name: 'x', 'p.days_before': 'three' }, 'EUR').params,
    ).toEqual({
      days_before: 'three',
    });
  });

  it('reads money in the business currency into minor units', () => {
    expect(moneyToMinor('200', 'EUR')).toBe(20000);
    expect(moneyToMinor('1.234,50', 'EUR')).toBe(123450);
    expect(moneyToMinor('199.99', 'EUR')).toBe(19999);
    expect(moneyToMinor('5000', 'JPY')).toBe(5000);
    expect(moneyToMinor('lots', 'EUR')).toBe('lots');
    const input = ruleInputFromForm(
      kind('big_purchase_thanks'),
      {
        name: 'x',
        'p.min_total.EUR': '250',
        'p.min_total.USD': '',
        'p.second_tier.min_total.EUR': '1000',
        'p.second_tier.channel': 'task',
        'p.second_tier.template_key': 'vip_call',
      },
      'EUR',
    );
    expect(input.params).toEqual({
      min_total: { EUR: 25000 },
      second_tier: { min_total: { EUR: 100000 }, channel: 'task', template_key: 'vip_call' },
    });
  });

  it('maps the rules area field names back to the form inputs', () => {
    const inputs = [
      'name',
      'p.days_before',
      'p.min_total.EUR',
      'p.min_total.USD',
      'p.second_tier.channel',
      'p.delay',
    ];
    expect(formFieldOf('params.days_before', inputs)).toBe('p.days_before');
    expect(formFieldOf('params.min_total.USD', inputs)).toBe('p.min_total.USD');
    expect(formFieldOf('params.min_total', inputs)).toBe('p.min_total.EUR');
    expect(formFieldOf('params.second_tier.channel', inputs)).toBe('p.second_tier.channel');
    expect(formFieldOf('params.delay', inputs)).toBe('p.delay');
    expect(formFieldOf('params.colour', inputs)).toBe('params.colour');
    expect(formFieldOf('audience.minLifetimeSpendMinor', inputs)).toBe('audience.minLifetimeSpend');
    expect(formFieldOf('name', inputs)).toBe('name');
  });

  it('offers sensible values for a new rule', () => {
    expect(formFromRule(kind('birthday'), null, 'EUR')).toMatchObject({
      'p.send_time': '09:00',
      channel: 'email',
      enabled: 'on',
    });
    expect(formFromRule(kind('top_customer_checkin'), null, 'EUR')).toMatchObject({
      channel: 'task',
      'p.top_n': '20',
    });
    expect(formFromRule(kind('back_in_stock'), null, 'EUR')).toMatchObject({ transactional: 'on' });
  });

  it('shows every stored currency of an amount map, the business currency first', () => {
    const values = formFromRule(
      kind('big_purchase_thanks'),
      {
        name: 'Thanks',
        channel: 'email',
        templateKey: 'big_purchase_thanks',
        priority: 0,
        gracePeriodMinutes: 1440,
        holdoutPercent: 0,
        enabled: true,
        transactional: false,
        audience: {},
        params: {
          min_total: { USD: 25000, PLN: 80000 },
          delay_minutes: 120,
          second_tier: { min_total: { JPY: 9000 }, channel: 'task', template_key: 'call' },
          fallback: 'skip',
        },
      } as never,
      'EUR',
    );
    expect(values).toMatchObject({
      'p.min_total.EUR': '',
      'p.min_total.PLN': '800.00',
      'p.min_total.USD': '250.00',
      'p.delay': '2h',
      'p.second_tier.min_total.EUR': '',
      'p.second_tier.min_total.JPY': '9000',
      'p.second_tier.channel': 'task',
    });
    expect(ruleInputFromForm(kind('big_purchase_thanks'), values, 'EUR').params).toEqual({
      min_total: { USD: 25000, PLN: 80000 },
      delay: '2h',
      second_tier: { min_total: { JPY: 9000 }, channel: 'task', template_key: 'call' },
      fallback: 'skip',
    });
  });

  it("chooses the second tier's template from the existing ones, like the rule's own, keeping the current value", () => {
    const fields = ruleFormSections(
      kind('big_purchase_thanks'),
      'de',
      'EUR',
      { templateKey: 'big_purchase_thanks', 'p.second_tier.template_key': 'gone_call' },
      {},
      ['big_purchase_thanks', 'vip_call'],
    ).flatMap((s) => s.fields);
    const main = fields.find((f) => f.input === 'templateKey')!;
    const tier = fields.find((f) => f.input === 'p.second_tier.template_key')!;
    expect(main.type).toBe('select');
    expect(tier).toMatchObject({ type: 'select', value: 'gone_call', label: 'Zweite Stufe: Vorlage' });
    expect(tier.options.map((o) => o.value)).toEqual(['', 'big_purchase_thanks', 'gone_call', 'vip_call']);
    // other text parameters stay text boxes
    expect(fields.filter((f) => f.type === 'text').map((f) => f.input)).not.toContain(
      'p.second_tier.template_key',
    );
  });
});
