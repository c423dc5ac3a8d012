import { EngineState, OutboxMessage, User } from '@touchbase/store';
import { DigestService } from '@touchbase/staff';
import { staffFixtures as f, startTestEngine, testDatabases, TestEngine } from '@touchbase/test-kit';

const start = new Date('2026-06-15T01:00:00Z'); // 03:00 in Berlin, 15:00 in Kiritimati (UTC+14)

describe.each(testDatabases())('the morning digest on $name', (db) => {
  let e: TestEngine;
  let digest: DigestService;
  let berlin: User;
  let kiritimati: User;
  let idle: User;
  let noDigest: User;
  const digests = () =>
    e.ds.getRepository(OutboxMessage).find({ where: { purpose: 'digest' }, order: { id: 'ASC' } });

  beforeAll(async () => {
    e = await startTestEngine(db, { at: start.toISOString() });
    digest = e.app.get(DigestService);
    const ds = e.ds;
    berlin = await f.user(ds, start, {
      email: 'berta@shop.test',
      name: 'Berta',
      role: 'staff',
      digestTime: '08:00',
    });
    kiritimati = await f.user(ds, start, {
      email: 'kiri@shop.test',
      name: 'Kiri',
      role: 'staff',
      digestTime: '07:00',
      timezone: 'Pacific/Kiritimati',
    });
    idle = await f.user(ds, start, {
      email: 'idle@shop.test',
      name: 'Idle',
      role: 'staff',
      digestTime: '08:00',
    });
    noDigest = await f.user(ds, start, {
      email: 'none@shop.test',
      name: 'None',
      role: 'staff',
      digestTime: null,
    });
    const gone = await f.user(ds, start, {
      email: 'gone@shop.test',
      name: 'Gone',
      role: 'staff',
      active: false,
    });
    const ada = await f.customer(ds, start, {
      firstName: 'Ada',
      lastName: 'Byron',
      phone: '+4915112345678',
      email: 'ada@example.test',
    });
    await f.order(ds, ada.id, new Date('2026-05-01T09:00:00Z'), 12_345, ['Grinder']);
    for (const u of [berlin, kiritimati, noDigest, gone]) {
      await f.task(ds, start, {
        customerId: ada.id,
        assigneeId: u.id,
        dueDay: '2026-06-14',
        priority: 50,
        title: `Call Ada for ${u.name}`,
        reason: 'Top customer, quiet for 90 days',
      });
      await f.task(ds, start, {
        customerId: ada.id,
        assigneeId: u.id,
        dueDay: '2026-06-15',
        priority: 10,
        kind: 'card',
        title: `Card for ${u.name}`,
      });
      await f.task(ds, start, {
        customerId: ada.id,
        assigneeId: u.id,
        dueDay: '2026-06-16',
        priority: 90,
        title: `Tomorrow for ${u.name}`,
      });
    }
  });
  afterAll(() => e.close());

  it('waits for each user’s own local digest time', async () => {
    // 03:00 Berlin: too early for Berta; 15:00 on 15 June in Kiritimati: Kiri's 07:00 was missed
    // by 8 hours, so no "Good morning" in the afternoon: it waits for the next morning
    const run = await digest.digestTick(start);
    expect(run.queued).toEqual([]);
    // 07:30 on 15 June in Kiritimati (an engine that was up that morning): Kiri's digest goes
    expect((await digest.digestTick(new Date('2026-06-14T17:30:00Z'))).queued).toEqual([kiritimati.id]);
    expect((await digests()).map((m) => m.userId)).toEqual([kiritimati.id]);
    // 07:59 Berlin: still not
    expect((await digest.digestTick(new Date('2026-06-15T05:59:00Z'))).queued).toEqual([]);
  });

  it('queues the list for the day through the outbox at the digest time, once', async () => {
    const eight = new Date('2026-06-15T06:00:00Z'); // 08:00 Berlin
    const run = await digest.digestTick(eight);
    expect(run.queued).toEqual([berlin.id]);
    expect(run.empty).toEqual([idle.id]);
    const mail = (await digests()).find((m) => m.userId === berlin.id)!;
    expect(mail).toMatchObject({
      channel: 'email',
      purpose: 'digest',
      recipient: 'berta@shop.test',
      status: 'queued',
      customerId: null,
      attempts: 0,
    });
    expect(mail.nextAttemptAt.toISOString()).toBe(eight.toISOString());
    expect(mail.subject).toBe('Your follow-up list for Monday 15 June: 2 tasks');
    expect(mail.text).toContain('1. [Call] Call Ada for Berta (1 day overdue)');
    expect(mail.text).toContain('   Why: Top customer, quiet for 90 days');
    expect(mail.text).toContain('   Phone: +4915112345678 · Email: ada@example.test');
    expect(mail.text).toContain('   - Bought Grinder on 2026-05-01 (€123.45)');
    expect(mail.text).toContain('2. [Card] Card for Berta');
    expect(mail.text).not.toContain('Tomorrow for Berta');
    expect(mail.html).toContain('<a href="tel:+4915112345678">');

    // again later that day, or from a second instance: nothing new
    expect((await digest.digestTick(new Date('2026-06-15T06:05:00Z'))).queued).toEqual([]);
    await Promise.all([
      digest.digestTick(new Date('2026-06-15T09:00:00Z')),
      digest.digestTick(new Date('2026-06-15T09:00:00Z')),
    ]);
    const all = await digests();
    expect(all.filter((m) => m.userId === berlin.id)).toHaveLength(1);
    expect(all.filter((m) => m.userId === kiritimati.id)).toHaveLength(1);
    expect(all.some((m) => m.userId === noDigest.id || m.userId === idle.id)).toBe(false);
    expect(
      await e.ds.getRepository(EngineState).findOneBy({ key: `digest.${berlin.id}.2026-06-15` }),
    ).not.toBeNull();
  });

  it('sends the next local day’s digest the next day', async () => {
    // 16 June 08:00 Berlin = 16 June 20:00 in Kiritimati: too late in the day for Kiri's
    const run = await digest.digestTick(new Date('2026-06-16T06:00:00Z'));
    expect(run.queued).toEqual([berlin.id]);
    // 16 June 17:00 UTC is 17 June 07:00 in Kiritimati: Kiri's next day has begun, Berta's not
    expect((await digest.digestTick(new Date('2026-06-16T17:00:00Z'))).queued).toEqual([kiritimati.id]);
    const mail = (await digests()).filter((m) => m.userId === berlin.id).at(-1)!;
    expect(mail.subject).toBe('Your follow-up list for Tuesday 16 June: 3 tasks');
    expect(mail.text.indexOf('Tomorrow for Berta')).toBeLessThan(mail.text.indexOf('Call Ada for Berta'));
  });

  it('skips days off: a Saturday for a Monday–Friday person, and a holiday', async () => {
    // Saturday 20 June 08:00 Berlin
    expect((await digest.digestTick(new Date('2026-06-20T06:00:00Z'))).queued).not.toContain(berlin.id);
    await e.ds
      .getRepository(User)
      .update({ id: berlin.id }, { awayFrom: '2026-06-22', awayUntil: '2026-06-26' });
    expect((await digest.digestTick(new Date('2026-06-22T06:00:00Z'))).queued).not.toContain(berlin.id);
    await e.ds.getRepository(User).update({ id: berlin.id }, { awayFrom: null, awayUntil: null });
    expect((await digest.digestTick(new Date('2026-06-23T06:00:00Z'))).queued).toContain(berlin.id);
  });

  it('writes a German and a Polish staff member’s digest in their language, greeting by the hour', async () => {
    const ds = e.ds;
    const greta = await f.user(ds, start, {
      email: 'greta@shop.test',
      name: 'Greta',
      role: 'staff',
      locale: 'de',
      digestTime: '13:00',
    });
    const piotr = await f.user(ds, start, {
      email: 'piotr@shop.test',
      name: 'Piotr',
      role: 'staff',
      locale: 'pl',
      timezone: 'Europe/Warsaw',
      digestTime: '07:30',
    });
    const jan = await f.customer(ds, start, { firstName: 'Jan', lastName: 'Nowak', phone: '+48601234567' });
    for (const u of [greta, piotr]) {
      await f.task(ds, start, {
        customerId: jan.id,
        assigneeId: u.id,
        dueDay: '2026-06-22',
        priority: 50,
        title: `Call Jan for ${u.name}`,
      });
    }
    // Wednesday 24 June, 07:30 in Warsaw
    expect((await digest.digestTick(new Date('2026-06-24T05:30:00Z'))).queued).toEqual([piotr.id]);
    // 13:00 in Berlin: Greta's digest time is after noon, so no "Good morning"
    expect((await digest.digestTick(new Date('2026-06-24T11:00:00Z'))).queued).toEqual([greta.id]);
    const all = await digests();
    const de = all.find((m) => m.userId === greta.id)!;
    expect(de.subject).toBe('Ihre Liste für Mittwoch, 24. Juni: 1 Aufgabe');
    expect(de.text).toMatch(/^Guten Tag Greta,/);
    expect(de.text).toContain('1. [Anruf] Call Jan for Greta (seit 2 Tagen überfällig)');
    expect(de.text).not.toMatch(/Good|Guten Morgen/);
    const pl = all.find((m) => m.userId === piotr.id)!;
    expect(pl.subject).toBe('Twoja lista zadań – środa, 24 czerwca: 1 zadanie');
    expect(pl.text).toMatch(/^Dzień dobry Piotr,/);
    expect(pl.text).toContain('1. [Telefon] Call Jan for Piotr (2 dni po terminie)');
    // stored as a fragment in the user's language; the dispatcher wraps it in the Polish layout
    expect(pl.locale).toBe('pl');
    expect(pl.html).not.toContain('<html');
  });
});
