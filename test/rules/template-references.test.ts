import request from 'supertest';
import { RulesService } from '@touchbase/rules';
import { MessageTemplate, Rule } from '@touchbase/store';
import { resetRulesData, startRulesEngine, testDatabases } from '@touchbase/test-kit';

type Engine = Awaited<ReturnType<typeof startRulesEngine>>;

const EMAIL = { subject: 'Hi {{ customer.first_name }}', html: '<p>Hi</p>', text: 'Hi' };

/**
 * Checked references (docs/rules-and-scheduler.md#template-references): a rule may only name
 * templates that exist — each channel it may use, the consent fallback's included, in the
 * business language — and a template a rule needs cannot be deleted or renamed.
 */
describe.each(testDatabases())('template references on $name', (db) => {
  let engine: Engine;
  let owner: Record<string, string>;

  beforeAll(async () => {
    engine = await startRulesEngine(db, { at: '2026-06-14T10:00:00Z', real: true });
    owner = await engine.auth('owner');
  });
  afterAll(() => engine?.close());
  beforeEach(async () => {
    await resetRulesData(engine.ds);
    await engine.ds.getRepository(MessageTemplate).delete({ key: 'vip' });
  });

  const api = () => request(engine.url);
  const putTemplate = (channel: string, locale: string, body: object) =>
    api().put(`/api/templates/vip/${channel}/${locale}`).set(owner).send(body).expect(200);

  it('refuses a rule naming an unknown template, in the API and the YAML loader, naming the key', async () => {
    const typo = await api()
      .post('/api/rules')
      .set(owner)
      .send({ name: 'Birthday SMS', kind: 'birthday', channel: 'sms', templateKey: 'birthday_sms_typo' })
      .expect(400);
    expect(typo.body.fields).toEqual([
      { field: 'templateKey', problem: expect.stringContaining('no template "birthday_sms_typo" exists') },
    ]);
    expect(typo.body.fields[0].problem).toContain('birthday');

    const yaml = `rules:
  - name: Fine
    kind: birthday
  - name: Card typo
    kind: big_purchase_thanks
    params:
      min_total: { EUR: 20000 }
      second_tier: { min_total: { EUR: 90000 }, channel: task, template_key: big_purchase_cal }
`;
    await expect(engine.app.get(RulesService).loadYaml(yaml)).rejects.toMatchObject({
      fields: [
        {
          field: 'rules[1] (Card typo).params.second_tier.template_key',
          problem: expect.stringContaining('no template "big_purchase_cal" exists'),
        },
      ],
    });
    // all or nothing: the good rule was not loaded either
    expect(await engine.ds.getRepository(Rule).count()).toBe(0);
  });

  it('needs the business language on every channel the rule may use, the SMS fallback of an email rule included', async () => {
    await putTemplate('email', 'en', EMAIL);
    const noSms = await api()
      .post('/api/rules')
      .set(owner)
      .send({ name: 'VIP', kind: 'birthday', channel: 'email', templateKey: 'vip' })
      .expect(400);
    expect(noSms.body.fields).toEqual([
      {
        field: 'templateKey',
        problem: expect.stringMatching(/template "vip" has no SMS version in en .*falls back to SMS/),
      },
    ]);
    // a German SMS is not enough: customers of any language fall back to the business language
    await putTemplate('sms', 'de', { text: 'Hallo' });
    await api()
      .post('/api/rules')
      .set(owner)
      .send({ name: 'VIP', kind: 'birthday', channel: 'email', templateKey: 'vip' })
      .expect(400);
    await putTemplate('sms', 'en', { text: 'Hello' });
    const created = await api()
      .post('/api/rules')
      .set(owner)
      .send({ name: 'VIP', kind: 'birthday', channel: 'email', templateKey: 'vip' })
      .expect(201);

    // a task rule needs the task template
    const task = await api()
      .post('/api/rules')
      .set(owner)
      .send({ name: 'VIP call', kind: 'birthday', channel: 'task', templateKey: 'vip' })
      .expect(400);
    expect(task.body.fields[0].problem).toContain('has no task version in en');

    // deleting or renaming what a rule needs is refused naming the rule; an extra language may go
    const del = await api().delete('/api/templates/vip/sms/en').set(owner).expect(409);
    expect(del.body.message).toContain(`rule #${created.body.id} "VIP"`);
    await api().delete('/api/templates/vip').set(owner).expect(409);
    const ren = await api().post('/api/templates/vip/rename').set(owner).send({ to: 'vip2' }).expect(409);
    expect(ren.body.message).toContain(`rule #${created.body.id} "VIP"`);
    await api().delete('/api/templates/vip/sms/de').set(owner).expect(204);
    expect(await engine.ds.getRepository(MessageTemplate).countBy({ key: 'vip' })).toBe(2);

    // once no rule uses it, it may be renamed and deleted
    await api().delete(`/api/rules/${created.body.id}`).set(owner).expect(204);
    await api().post('/api/templates/vip/rename').set(owner).send({ to: 'vip2' }).expect(200);
    await api().delete('/api/templates/vip2').set(owner).expect(204);
    expect(await engine.ds.getRepository(MessageTemplate).countBy({ key: 'vip2' })).toBe(0);
  });

  it('lets a rule whose template went missing be switched off, but not on again', async () => {
    await putTemplate('email', 'en', EMAIL);
    await putTemplate('sms', 'en', { text: 'Hello' });
    const { body: rule } = await api()
      .post('/api/rules')
      .set(owner)
      .send({ name: 'VIP', kind: 'birthday', templateKey: 'vip' })
      .expect(201);
    // gone behind the API's back (e.g. an older version, or a database edit)
    await engine.ds.getRepository(MessageTemplate).delete({ key: 'vip', channel: 'sms' });
    await api().patch(`/api/rules/${rule.id}`).set(owner).send({ enabled: false }).expect(200);
    const on = await api().patch(`/api/rules/${rule.id}`).set(owner).send({ enabled: true }).expect(400);
    expect(on.body.fields[0]).toMatchObject({ field: 'templateKey' });
  });
});
