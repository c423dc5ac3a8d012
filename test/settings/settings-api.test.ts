import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { FixedClock, MessageComposer } from '@touchbase/core';
import { Dispatcher } from '@touchbase/messaging';
import { TickService } from '@touchbase/rules';
import { OutboxMessage, Touch } from '@touchbase/store';
import {
  apiCall,
  makeCustomer,
  makeRule,
  SmtpSink,
  startTestEngine,
  testConfig,
  testDatabases,
  TestEngine,
} from '@touchbase/test-kit';
import { AppModule } from '../../apps/engine/src/app.module';
import { queueTouch, rawHeader } from '../messaging/helpers';

const MONDAY_0930_BERLIN = '2026-06-15T07:30:00Z';

describe.each(testDatabases())('settings through the API on $name', (db) => {
  let sink: SmtpSink;
  let engine: TestEngine;
  let second: INestApplication;
  const env = () => ({
    SMTP_URL: sink.url,
    SMTP_FROM: 'Demo Shop <shop@example.test>',
    PUBLIC_BASE_URL: 'https://tb.example.test',
  });

  beforeAll(async () => {
    sink = await SmtpSink.start();
    engine = await startTestEngine(db, { at: MONDAY_0930_BERLIN, env: env() });
    // a second engine instance on the same database: its own connection and its own copy of the settings
    const moduleRef = await Test.createTestingModule({
      imports: [
        AppModule.forRoot(
          { ...testConfig(engine.config.database, { ENGINE_ROLES: 'api', ...env() }) },
          new FixedClock(MONDAY_0930_BERLIN),
        ),
      ],
    }).compile();
    second = moduleRef.createNestApplication({ logger: ['error'] });
    await second.init();
  });
  afterAll(async () => {
    await second?.close();
    await engine?.close();
    await sink?.close();
  });

  it('answers 400 naming each bad field, changes nothing and records nothing', async () => {
    const r = await apiCall(engine, 'PUT', '/api/settings', {
      timezone: 'Berlin',
      replyTo: 'shop at example',
      'quietHours.email.mon': '18:00-10:00',
      budgetMax: true,
    });
    expect(r.status).toBe(400);
    expect(r.body.fields.map((f: { field: string }) => f.field)).toEqual(['budgetMax']);
    const r2 = await apiCall(engine, 'PUT', '/api/settings', {
      timezone: 'Berlin',
      replyTo: 'shop at example',
      'quietHours.email.mon': '18:00-10:00',
    });
    expect(r2.status).toBe(400);
    expect(
      Object.fromEntries(r2.body.fields.map((f: { field: string; problem: string }) => [f.field, f.problem])),
    ).toEqual({
      timezone: 'not an IANA timezone name (e.g. Europe/Berlin)',
      replyTo: 'expected an email address',
      'quietHours.email.mon': 'the end must be later than the start',
    });
    expect((await apiCall(engine, 'GET', '/api/settings/changes')).body).toEqual([]);
    expect((await apiCall(engine, 'GET', '/api/settings')).body.values.timezone).toBe('Europe/Berlin');
    expect((await apiCall(engine, 'PUT', '/api/settings', { businessName: 'X' }, 'staff')).status).toBe(403);
  });

  it('a quiet-hours change made through the API is used by the next tick of another instance, no restart', async () => {
    const now = engine.clock.now();
    await makeRule(engine.ds, now, { kind: 'birthday', params: { days_before: 0, send_time: '09:00' } });
    const c = await makeCustomer(engine.ds, now, { birthdayMonth: 6, birthdayDay: 15 });
    // Mondays: email only from 11:00 local
    const put = await apiCall(engine, 'PUT', '/api/settings', { 'quietHours.email.mon': '11:00-18:00' });
    expect(put.status).toBe(200);
    expect(put.body.overridden).toEqual(['quietHours.email.mon']);

    const report = await second.get(TickService).tick(new Date(MONDAY_0930_BERLIN));
    expect(report.outcome).toBe('ok');
    const touch = await engine.ds.getRepository(Touch).findOneByOrFail({ customerId: c.id });
    expect(touch.reason).toContain('quiet hours');
    const msg = await engine.ds.getRepository(OutboxMessage).findOneByOrFail({ touchId: touch.id });
    // 11:00 in Berlin (summer time), not the 09:00 the environment's 08:00–21:00 allows
    expect(msg.nextAttemptAt.toISOString()).toBe('2026-06-15T09:00:00.000Z');

    const [change] = (await apiCall(engine, 'GET', '/api/settings/changes')).body;
    expect(change).toMatchObject({
      setting: 'quietHours.email.mon',
      before: '08:00-21:00',
      after: '11:00-18:00',
      reset: false,
    });
    expect(change.actor).toMatch(/@|owner/);
  });

  it('every email carries the sender and Reply-To the owner set, so a reply reaches the shop', async () => {
    const put = await apiCall(engine, 'PUT', '/api/settings', {
      replyTo: 'Team@Shop.example.test',
      senderName: 'Blumen Müller',
      senderAddress: 'hallo@shop.example.test',
    });
    expect(put.status).toBe(200);
    expect(put.body.values.replyTo).toBe('team@shop.example.test');
    const now = new Date('2026-06-15T10:00:00Z');
    const c = await makeCustomer(engine.ds, now, { locale: 'de' });
    await queueTouch(engine.ds, second.get(MessageComposer), c, 'email', now);
    // the other instance sends it
    expect((await second.get(Dispatcher).dispatchDue(now)).sent).toBeGreaterThanOrEqual(1);
    const [mail] = sink.to(c.email!);
    expect(rawHeader(mail, 'reply-to')).toBe('team@shop.example.test');
    expect(mail.from?.value[0]).toEqual({ name: 'Blumen Müller', address: 'hallo@shop.example.test' });
  });
});
