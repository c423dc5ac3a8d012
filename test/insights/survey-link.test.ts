import { DataSource } from 'typeorm';
import { ContactEvent, SurveyResponse, Task, User } from '@touchbase/store';
import { SurveyLinks } from '@touchbase/insights';
import { insightsFixtures as f, startTestEngine, TestEngine, testDatabases } from '@touchbase/test-kit';

/** The rating link end to end: form, pre-selection without recording, one answer, tampering, low rating → task. */
describe.each(testDatabases())('satisfaction survey link on $name', (db) => {
  let engine: TestEngine;
  let ds: DataSource;
  let links: SurveyLinks;
  const at = new Date('2026-06-15T10:00:00Z');
  const subjects: Array<{ ruleId: number; customerId: number; occasionKey: string }> = [];
  let staffId: number;

  const form = (fields: Record<string, string>) => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    body: new URLSearchParams(fields).toString(),
  });
  const json = (fields: Record<string, unknown>) => ({
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(fields),
  });

  beforeAll(async () => {
    engine = await startTestEngine(db, { at: at.toISOString() });
    ds = engine.ds;
    links = engine.app.get(SurveyLinks);
    await engine.auth('staff'); // the only active staff member: the TaskAssigner's round-robin picks them
    staffId = (await ds.getRepository(User).findOneByOrFail({ role: 'staff' })).id;
    const birthday = await f.makeRule(ds, at, {
      name: 'Birthday emails',
      publicLabel: { en: 'your birthday greeting', de: 'Ihr Geburtstagsgruß' },
    });
    const survey = await f.makeRule(ds, at, {
      name: 'How did we do?',
      kind: 'satisfaction_survey',
      templateKey: 'satisfaction_survey',
      params: { after: 'touch', low_rating_at_most: 2 },
    });
    const [anna, ben, cleo] = await f.makeCustomers(ds, 3, at, { locale: 'de' });
    await ds.getRepository('Customer').update(anna.id, { firstName: 'Anna' });
    for (const c of [anna, ben, cleo]) {
      const source = await f.makeTouch(ds, {
        ruleId: birthday.id,
        customerId: c.id,
        dueAt: at,
        status: 'sent',
      });
      const occasionKey = `survey:touch:${source.id}`;
      await f.makeTouch(ds, { ruleId: survey.id, customerId: c.id, occasionKey, dueAt: at, status: 'sent' });
      subjects.push({ ruleId: survey.id, customerId: c.id, occasionKey });
    }
    // a link naming a touch of a rule that is not a survey does not work
    subjects.push({ ruleId: birthday.id, customerId: anna.id, occasionKey: `test:${anna.id}` });
  });
  afterAll(() => engine.close());

  it('shows the form in the customer language; ?rating pre-selects but records nothing', async () => {
    const token = links.token(subjects[0]);
    const res = await fetch(`${engine.url}/r/${token}?rating=4`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Wie waren wir?');
    expect(html).toContain('Hallo Anna');
    expect(html).toContain('„Ihr Geburtstagsgruß“'); // what was surveyed: the public label, in German
    expect(html).not.toContain('Birthday emails'); // the internal rule name never reaches customers
    expect(html).toMatch(/value="4" required checked/);
    expect(html).not.toMatch(/value="[1235]" required checked/);
    expect(await ds.getRepository(SurveyResponse).count()).toBe(0);
  });

  it('rejects a tampered link with a 404 that reveals nothing', async () => {
    const token = links.token(subjects[0]);
    const [, sig] = token.split('.');
    const forOther = Buffer.from(
      `survey||${JSON.stringify([subjects[0].ruleId, subjects[1].customerId, subjects[0].occasionKey])}`,
    ).toString('base64url');
    const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    for (const bad of [`${forOther}.${sig}`, flipped, 'nonsense', links.token(subjects[3])]) {
      const page = await fetch(`${engine.url}/r/${bad}`);
      expect(page.status).toBe(404);
      const text = await page.text();
      expect(text).toContain('This link is not valid.');
      expect(text).not.toContain('Anna');
      const post = await fetch(`${engine.url}/r/${bad}`, json({ rating: 5 }));
      expect(post.status).toBe(404);
      expect(await post.json()).toEqual({ statusCode: 404, message: 'Not Found' });
    }
    expect(await ds.getRepository(SurveyResponse).count()).toBe(0);
  });

  it('records a low rating once, with a contact event and a high-priority service-recovery task', async () => {
    const token = links.token(subjects[0]);
    const res = await fetch(
      `${engine.url}/r/${token}`,
      form({ rating: '2', comment: 'Parcel arrived <b>late</b>' }),
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Vielen Dank');
    const [response] = await ds.getRepository(SurveyResponse).find();
    expect(response).toMatchObject({
      customerId: subjects[0].customerId,
      rating: 2,
      comment: 'Parcel arrived <b>late</b>',
    });
    const events = await ds.getRepository(ContactEvent).find({ where: { kind: 'rating' } });
    expect(events).toEqual([
      expect.objectContaining({
        customerId: subjects[0].customerId,
        direction: 'in',
        touchId: response.touchId,
      }),
    ]);
    const tasks = await ds.getRepository(Task).find({ where: { kind: 'service_recovery' } });
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      customerId: subjects[0].customerId,
      priority: 100,
      status: 'open',
      touchId: response.touchId,
      dueDay: '2026-06-15',
    });
    expect(tasks[0].title).toBe('Service recovery: Anna Test rated us 2/5');
    expect(tasks[0].reason).toContain('Parcel arrived <b>late</b>');
    expect(tasks[0].assigneeId).toBe(staffId);

    // the second answer is refused politely (HTML) or with 409 (API), and nothing changes
    const again = await fetch(`${engine.url}/r/${token}`, form({ rating: '5' }));
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('bereits beantwortet');
    const api = await fetch(`${engine.url}/r/${token}`, json({ rating: 5 }));
    expect(api.status).toBe(409);
    const page = await fetch(`${engine.url}/r/${token}`);
    expect(await page.text()).toContain('bereits beantwortet');
    expect(await ds.getRepository(SurveyResponse).count()).toBe(1);
    expect(await ds.getRepository(Task).count({ where: { kind: 'service_recovery' } })).toBe(1);
  });

  it('a good rating makes no task; a bad rating value is named', async () => {
    const token = links.token(subjects[1]);
    const bad = await fetch(`${engine.url}/r/${token}`, json({ rating: 7 }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).fields[0].field).toBe('rating');
    const ok = await fetch(`${engine.url}/r/${token}`, json({ rating: 5, comment: 'Lovely' }));
    expect(ok.status).toBe(201);
    expect(await ok.json()).toEqual({ status: 'recorded', rating: 5 });
    expect(await ds.getRepository(Task).count({ where: { kind: 'service_recovery' } })).toBe(1);
  });

  it("a low rating just after midnight on New Year's Eve (UTC) is due on 1 January in the business's zone", async () => {
    const late = { ...subjects[0], customerId: subjects[1].customerId, occasionKey: 'survey:order:999' };
    await f.makeTouch(ds, {
      ruleId: late.ruleId,
      customerId: late.customerId,
      occasionKey: late.occasionKey,
      dueAt: at,
      status: 'sent',
    });
    engine.clock.set('2026-12-31T23:30:00Z'); // 00:30 on 1 Jan 2027 in Europe/Berlin
    try {
      const res = await fetch(
        `${engine.url}/r/${links.token(late)}`,
        json({ rating: 1, comment: '  Nobody called back  ' }),
      );
      expect(res.status).toBe(201);
    } finally {
      engine.clock.set(at);
    }
    const task = await ds
      .getRepository(Task)
      .findOneByOrFail({ kind: 'service_recovery', customerId: late.customerId });
    expect(task.dueDay).toBe('2027-01-01');
    expect(task.reason).toBe('They wrote: “Nobody called back”');
    expect(task.talkingPoints).toContain('a recent order'); // the order is unknown: said in general words
  });

  it('two answers at once record one', async () => {
    const token = links.token(subjects[2]);
    const results = await Promise.all(
      [1, 2, 3, 4].map((r) => fetch(`${engine.url}/r/${token}`, json({ rating: r }))),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    expect(
      await ds.getRepository(SurveyResponse).count({ where: { customerId: subjects[2].customerId } }),
    ).toBe(1);
  });
});
