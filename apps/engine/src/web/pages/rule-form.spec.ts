import { formFieldOf, formFromRule, moneyToMinor, ruleInputFromForm } from './rule-form';

describe('rule form conversion', () => {
  it('turns a birthday form into the rules area input', () => {
    const input = ruleInputFromForm(
      'birthday',
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
    expect(ruleInputFromForm('birthday', { name: 'x', 'p.days_before': 'three' }, 'EUR').params).toEqual({
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
      'big_purchase_thanks',
      {
        name: 'x',
        'p.min_total': '250',
        'p.second_tier_min_total': '1000',
        'p.second_tier_channel': 'task',
        'p.second_tier_template_key': 'vip_call',
      },
      'EUR',
    );
    expect(input.params).toEqual({
      min_total: { EUR: 25000 },
      second_tier: { min_total: { EUR: 100000 }, channel: 'task', template_key: 'vip_call' },
    });
  });

  it('maps the rules area field names back to the form inputs', () => {
    expect(formFieldOf('params.days_before')).toBe('p.days_before');
    expect(formFieldOf('params.second_tier.min_total.EUR')).toBe('p.second_tier_min_total');
    expect(formFieldOf('params.second_tier.channel')).toBe('p.second_tier_channel');
    expect(formFieldOf('params.min_total.EUR')).toBe('p.min_total');
    expect(formFieldOf('audience.minLifetimeSpendMinor')).toBe('audience.minLifetimeSpend');
    expect(formFieldOf('name')).toBe('name');
  });

  it('offers sensible values for a new rule', () => {
    expect(formFromRule('birthday', null, 'EUR')).toMatchObject({
      'p.send_time': '09:00',
      channel: 'email',
      enabled: 'on',
    });
    expect(formFromRule('top_customer_checkin', null, 'EUR')).toMatchObject({
      channel: 'task',
      'p.top_n': '20',
    });
  });
});
