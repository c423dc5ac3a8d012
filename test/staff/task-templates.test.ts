import { TaskComposer } from '@touchbase/core';
import { TickService } from '@touchbase/rules';
import { AccountsService } from '@touchbase/staff';
import { Task, Touch, User } from '@touchbase/store';
import {
  makeCustomer,
  makeRule,
  resetRulesData,
  startTestEngine,
  testDatabases,
  TestEngine,
} from '@touchbase/test-kit';

const at = new Date('2026-06-15T10:00:00Z'); // 12:00 in Berlin

/** Task texts come from task templates (channel task), in the reader's language (issue 12, item 7). */
describe.each(testDatabases())('task templates on $name', (db) => {
  let e: TestEngine;
  let owner: Record<string, string>;
  const staff: Record<string, { id: number; h: Record<string, string> }> = {};

  const call = async (method: string, path: string, headers: Record<string, string>, body?: unknown) => {
    const r = await fetch(e.url + path, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: r.status, body: (await r.json().catch(() => null)) as any };
  };

  beforeAll(async () => {
    e = await startTestEngine(db, { at: at.toISOString() });
    owner = await e.auth('owner');
    const accounts = e.app.get(AccountsService);
    for (const locale of ['en', 'de', 'pl'] as const) {
      const { user } = await accounts.createUser({
        email: `${locale}@shop.test`,
        name: locale,
        role: 'staff',
        password: 'a-long-password',
        locale,
      });
      const { token } = await accounts.issueToken(user.id);
      staff[locale] = { id: user.id, h: { authorization: `Bearer ${token}` } };
    }
  });
  afterAll(() => e?.close());
  beforeEach(() => resetRulesData(e.ds));

  /** A birthday rule whose touch is a task from the task template `templateKey`, five days ahead. */
  const taskRule = (templateKey: string) =>
    makeRule(e.ds, at, { kind: 'birthday', channel: 'task', templateKey, params: { days_before: 5 } });

  it('a task rule makes its task from the rule’s task template, stored in en/de/pl; each reader gets their language', async () => {
    const rule = await taskRule('birthday_card');
    const c = await makeCustomer(e.ds, at, {
      firstName: 'Jan',
      lastName: 'Kowalski',
      birthdayMonth: 6,
      birthdayDay: 20,
      accountOwnerId: staff.de.id,
    });
    await e.app.get(TickService).tick(at);
    const task = await e.ds.getRepository(Task).findOneByOrFail({ customerId: c.id, ruleId: rule.id });
    expect(task.title).toBe('Write and post a birthday card for Jan Kowalski');
    expect(task.texts?.de).toEqual({
      title: 'Geburtstagskarte für Jan Kowalski schreiben und abschicken',
      reason: 'Geburtstag am 20. Juni',
      talkingPoints: 'Ein paar persönliche Zeilen schreiben; gern den letzten Einkauf erwähnen.',
    });
    expect(task.texts?.pl?.reason).toBe('Urodziny 20 czerwca');

    const de = await call('GET', '/api/tasks/today', staff.de.h);
    expect(de.status).toBe(200);
    expect(de.body.items.map((i: any) => [i.title, i.reason])).toEqual([
      ['Geburtstagskarte für Jan Kowalski schreiben und abschicken', 'Geburtstag am 20. Juni'],
    ]);
    const en = await call('GET', `/api/tasks/${task.id}`, owner);
    expect(en.body.title).toBe('Write and post a birthday card for Jan Kowalski');
  });

  it('a rule’s task texts are rendered in the languages the team reads and the business’s, not in one nobody reads', async () => {
    const rule = await taskRule('birthday_card');
    const users = e.ds.getRepository(User);
    const birthday = (firstName: string, birthdayDay: number) =>
      makeCustomer(e.ds, at, { firstName, lastName: 'Nowak', birthdayMonth: 6, birthdayDay });
    const textsOf = async (customerId: number) =>
      (await e.ds.getRepository(Task).findOneByOrFail({ customerId, ruleId: rule.id })).texts;
    // nobody active reads Polish: the task has English (the business's and the owner's) and German
    await users.update(staff.pl.id, { active: false });
    try {
      const anna = await birthday('Anna', 20);
      await e.app.get(TickService).tick(at);
      const texts = await textsOf(anna.id);
      expect(Object.keys(texts ?? {}).sort()).toEqual(['de', 'en']);
      expect(texts?.de?.title).toBe('Geburtstagskarte für Anna Nowak schreiben und abschicken');
    } finally {
      await users.update(staff.pl.id, { active: true });
    }
    // a person who reads Polish again: the next tasks have it too
    const jan = await birthday('Jan', 21);
    await e.app.get(TickService).tick(new Date(at.getTime() + 86_400_000));
    const texts = await textsOf(jan.id);
    expect(Object.keys(texts ?? {}).sort()).toEqual(['de', 'en', 'pl']);
    expect(texts?.pl?.reason).toBe('Urodziny 21 czerwca');
  });

  it('a task template in none of the languages read still gives its task its first language', async () => {
    const saved = await call('PUT', '/api/templates/stammkunde/task/de', owner, {
      subject: 'Stammkunde {{ customer.first_name }} anrufen',
      text: '',
    });
    expect(saved.status).toBe(200);
    const rule = await taskRule('stammkunde');
    const c = await makeCustomer(e.ds, at, { firstName: 'Ola', birthdayMonth: 6, birthdayDay: 20 });
    const users = e.ds.getRepository(User);
    await users.update(staff.de.id, { active: false });
    try {
      await e.app.get(TickService).tick(at);
    } finally {
      await users.update(staff.de.id, { active: true });
    }
    const task = await e.ds.getRepository(Task).findOneByOrFail({ customerId: c.id, ruleId: rule.id });
    expect(task.title).toBe('Stammkunde Ola anrufen');
    expect(Object.keys(task.texts ?? {})).toEqual(['de']);
  });

  it('a task template that fails to render (e.g. its render limit under load) leaves that task the kind’s own texts and says why; the tick goes on', async () => {
    const rule = await taskRule('birthday_card');
    const make = (firstName: string) =>
      makeCustomer(e.ds, at, { firstName, lastName: 'Nowak', birthdayMonth: 6, birthdayDay: 20 });
    const [anna, jan] = [await make('Anna'), await make('Jan')];
    const composer = e.app.get(TaskComposer);
    const compose = composer.compose.bind(composer);
    const spy = jest.spyOn(composer, 'compose').mockImplementation(async (key, ctx, facts) => {
      if (ctx.customer.firstName === 'Anna') throw new Error('liquid: template render limit exceeded');
      return compose(key, ctx, facts);
    });
    try {
      const report = await e.app.get(TickService).tick(at);
      expect(report.outcome).toBe('ok');
    } finally {
      spy.mockRestore();
    }
    const tasks = e.ds.getRepository(Task);
    const annas = await tasks.findOneByOrFail({ customerId: anna.id, ruleId: rule.id });
    expect(annas.title).toBe('Write and post a birthday card for Anna Nowak');
    expect(annas.texts).toBeNull(); // the kind's own texts, in English
    const touch = await e.ds.getRepository(Touch).findOneByOrFail({ customerId: anna.id, ruleId: rule.id });
    expect(touch.status).toBe('task');
    expect(touch.taskId).toBe(annas.id);
    expect(touch.reason).toContain(
      'the task template "birthday_card" could not be rendered: liquid: template render limit exceeded; the task has the rule’s own texts',
    );
    const jans = await tasks.findOneByOrFail({ customerId: jan.id, ruleId: rule.id });
    expect(jans.texts?.de?.title).toBe('Geburtstagskarte für Jan Nowak schreiben und abschicken');
  });

  it('an owner’s edit of a task template is used for the next tasks; a typo is refused when saved', async () => {
    const bad = await call('PUT', '/api/templates/birthday_card/task/de', owner, {
      subject: 'Karte für {{ customer.nmae }}',
      text: '',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual([
      { field: 'subject', problem: 'unknown variable "customer.nmae" at line 1, col 14' },
    ]);
    const noTitle = await call('PUT', '/api/templates/birthday_card/task/de', owner, {
      subject: ' ',
      text: '',
    });
    expect(noTitle.body.fields).toEqual([{ field: 'subject', problem: 'a task needs a title' }]);

    const saved = await call('PUT', '/api/templates/birthday_card/task/de', owner, {
      subject: 'Karte an {{ customer.first_name }}',
      html: 'Am {{ customer.birthday | date: "d.M." }}',
      text: '',
    });
    expect(saved.status).toBe(200);
    const preview = await call('POST', '/api/templates/birthday_card/task/preview', owner, { locale: 'de' });
    expect(preview.body).toEqual({
      locale: 'de',
      title: 'Karte an Anna',
      reason: 'Am 28.2.',
      talkingPoints: '',
    });

    await taskRule('birthday_card');
    await makeCustomer(e.ds, at, {
      firstName: 'Eva',
      birthdayMonth: 6,
      birthdayDay: 20,
      accountOwnerId: staff.de.id,
    });
    await e.app.get(TickService).tick(at);
    const de = await call('GET', '/api/tasks/today', staff.de.h);
    expect(de.body.items.map((i: any) => [i.title, i.reason])).toEqual([['Karte an Eva', 'Am 20.6.']]);
  });

  it('the check-in reason uses the language’s plural forms (pl: one, few, many)', async () => {
    const preview = await call('POST', '/api/templates/top_customer_checkin/task/preview', owner, {
      locale: 'pl',
    });
    expect(preview.body.reason.replace(/\s/g, ' ')).toBe(
      'Wydał(a) 4230 € w ciągu 12 miesięcy, 14 zamówień, ostatni kontakt 94 dni temu',
    );
    const en = await call('POST', '/api/templates/top_customer_checkin/task/preview', owner, {
      locale: 'en',
    });
    expect(en.body.reason).toBe('Spent €4,230 in the last 12 months, 14 orders, last contact 94 days ago');
    const missing = await call('POST', '/api/templates/no_such_key/task/preview', owner, {});
    expect(missing.status).toBe(404);
    const send = await call('POST', '/api/templates/birthday_card/task/test-send', owner, { to: 'a@b.test' });
    expect(send.status).toBe(400);
  });
});
