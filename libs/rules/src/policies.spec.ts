import { decideTouch, DecideInput, resolveChannel, PolicyCustomer } from './policies';

const customer: PolicyCustomer = {
  id: 7,
  email: 'a@example.test',
  phone: '+4915112345678',
  phoneProblem: null,
  emailConsent: true,
  smsConsent: true,
  preferredChannels: 'email,sms',
  zone: 'Europe/Berlin',
};
const base: DecideInput = {
  rule: { id: 1, transactional: false, gracePeriodMinutes: 1440, holdoutPercent: 0 },
  customer,
  occasionKey: 'birthday:2026',
  dueAt: new Date('2026-06-15T07:00:00Z'),
  now: new Date('2026-06-15T07:05:00Z'),
  wantedChannel: 'email',
  fallback: 'skip',
  touchesInBudgetWindow: 0,
  policy: { quietHoursStart: '08:00', quietHoursEnd: '21:00', budgetMax: 1, budgetDays: 7 },
};

describe('touch policies', () => {
  it('queues on the wanted channel when all is well', () => {
    expect(decideTouch(base)).toEqual({
      status: 'queued',
      channel: 'email',
      reason: '',
      reasons: [],
      sendAt: base.dueAt,
    });
  });

  it('treats a bounced email address as unavailable: falls back, or skips with that reason', () => {
    const bounced = { ...customer, emailBounced: true };
    expect(resolveChannel('email', bounced, 'skip')).toMatchObject({
      channel: 'sms',
      reason: 'email address bounced; fell back to SMS',
    });
    expect(decideTouch({ ...base, customer: { ...bounced, smsConsent: false } })).toMatchObject({
      status: 'skipped',
      reason: 'email address bounced; no other usable channel',
    });
  });

  it('falls back along the preferred channels, then to a task or a skip', () => {
    expect(resolveChannel('email', { ...customer, emailConsent: false }, 'skip')).toMatchObject({
      channel: 'sms',
      reason: 'no email consent; fell back to SMS',
    });
    expect(
      resolveChannel('sms', { ...customer, smsConsent: false, emailConsent: false }, 'task').channel,
    ).toBe('task');
    expect(
      decideTouch({ ...base, customer: { ...customer, emailConsent: false, smsConsent: false } }),
    ).toMatchObject({
      status: 'skipped',
      reason: 'no email consent; no other usable channel',
    });
  });

  it('defers over budget unless transactional, and marks old occasions missed', () => {
    expect(decideTouch({ ...base, touchesInBudgetWindow: 1 }).status).toBe('deferred');
    expect(
      decideTouch({ ...base, touchesInBudgetWindow: 1, rule: { ...base.rule, transactional: true } }).status,
    ).toBe('queued');
    expect(decideTouch({ ...base, now: new Date('2026-06-16T07:01:00Z') }).status).toBe('missed');
  });

  it('holds a touch due at night until the quiet hours end', () => {
    const night = decideTouch({
      ...base,
      dueAt: new Date('2026-06-15T21:30:00Z'),
      now: new Date('2026-06-15T21:30:00Z'),
    });
    expect(night.sendAt?.toISOString()).toBe('2026-06-16T06:00:00.000Z');
    expect(night.reason).toContain('quiet hours: waits until 2026-06-16 08:00 local');
  });

  it('keeps back the holdout share', () => {
    const held = Array.from(
      { length: 200 },
      (_, i) =>
        decideTouch({ ...base, customer: { ...customer, id: i }, rule: { ...base.rule, holdoutPercent: 50 } })
          .status,
    );
    expect(held.filter((s) => s === 'holdout').length).toBeGreaterThan(60);
    expect(held.filter((s) => s === 'queued').length).toBeGreaterThan(60);
  });
});
