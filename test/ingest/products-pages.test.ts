import { CustomerService, WaitlistService } from '@touchbase/ingest';
import { RulesService, TickService } from '@touchbase/rules';
import { OutboxMessage, Product, RestockEvent, SettingsService, Task, WaitlistEntry } from '@touchbase/store';
import { startTestEngine, testDatabases, TestEngine } from '@touchbase/test-kit';

/**
 * The products, stock and waitlist pages over HTTP (docs/web-ui.md): the forms, the order of a
 * waitlist, and a restock recorded on the page that the back-in-stock rule then sends — the
 * same path as the inventory webhook (a RestockEvent the next tick evaluates).
 */
describe.each(testDatabases())('products pages on $name', (db) => {
  let engine: TestEngine;
  let ids: number[];
  beforeAll(async () => {
    engine = await startTestEngine(db, { at: '2026-11-27T10:00:00Z' });
    const customers = engine.app.get(CustomerService);
    ids = [];
    for (const [first, email] of [
      ['Wanda', 'wanda@example.test'],
      ['Wiktor', 'wiktor@example.test'],
      ['Zoe', 'zoe@example.test'],
    ])
      ids.push(
        (await customers.create({ firstName: first, lastName: 'Tester', email, emailConsent: true })).customer
          .id,
      );
  });
  afterAll(() => engine.close());

  const page = async (path: string, role: 'owner' | 'staff' = 'owner') => {
    const res = await fetch(`${engine.url}${path}`, {
      headers: { accept: 'text/html', ...(await engine.auth(role)) },
    });
    return { status: res.status, html: await res.text() };
  };
  const post = async (path: string, body: Record<string, string>, role: 'owner' | 'staff' = 'owner') => {
    const res = await fetch(`${engine.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        accept: 'text/html',
        'content-type': 'application/x-www-form-urlencoded',
        ...(await engine.auth(role)),
      },
      body: new URLSearchParams(body).toString(),
    });
    return { status: res.status, html: await res.text(), location: res.headers.get('location') ?? '' };
  };
  const product = (sku: string) => engine.ds.getRepository(Product).findOneByOrFail({ sku });

  it('adds a product, refuses a bad one naming the field and keeping what was typed, and edits it', async () => {
    const bad = await post('/products', { sku: 'TEA-1', name: 'Matcha', price: '12.90', url: 'ftp://x' });
    expect(bad.status).toBe(422);
    expect(bad.html).toMatch(/data-field="url">must be an http\(s\) URL</);
    expect(bad.html).toMatch(/id="p-name"[^>]*value="Matcha"/);
    expect(await engine.ds.getRepository(Product).countBy({ sku: 'TEA-1' })).toBe(0);

    const made = await post('/products', {
      sku: 'TEA-1',
      name: 'Matcha',
      price: '12.90',
      stock: '0',
      url: '',
    });
    expect(made.status).toBe(303);
    expect(made.location).toBe('/products/TEA-1?done=created');
    expect(await product('TEA-1')).toMatchObject({ name: 'Matcha', priceMinor: 1290, stock: 0, url: null });
    expect((await post('/products', { sku: 'TEA-1', name: 'Again' })).status).toBe(409);

    const edited = await post('/products/TEA-1', {
      name: 'Ceremonial matcha',
      price: '28.90',
      currency: 'EUR',
      url: 'https://shop.example.test/p/matcha',
    });
    expect(edited.status).toBe(303);
    expect(await product('TEA-1')).toMatchObject({
      name: 'Ceremonial matcha',
      priceMinor: 2890,
      url: 'https://shop.example.test/p/matcha',
    });
    const list = await page('/products?q=ceremonial');
    expect(list.html).toMatch(/data-total="1"/);
    expect(list.html).toContain('€28.90');
    expect((await page('/products?q=TEA-1')).html).toMatch(/data-total="1"/);
    expect((await page('/products?q=nothing-like-it')).html).toMatch(/data-total="0"/);
  });

  it('staff see products and keep the waitlist at the counter, in order; only the owner edits', async () => {
    expect((await page('/products', 'staff')).status).toBe(200);
    expect((await post('/products', { sku: 'X', name: 'X' }, 'staff')).status).toBe(403);
    expect((await post('/products/TEA-1/stock', { stock: '5' }, 'staff')).status).toBe(403);

    const found = await page('/products/TEA-1?q=wiktor', 'staff');
    expect(found.html).toMatch(/name="customerId" value="(\d+)"/);
    for (const id of [ids[1], ids[0], ids[2]]) {
      engine.clock.advance(60_000);
      const added = await post('/products/TEA-1/waitlist', { customerId: String(id) }, 'staff');
      expect(added.status).toBe(303);
      expect(added.location).toMatch(/\?done=added&entry=\d+#waitlist$/);
    }
    const again = await post('/products/TEA-1/waitlist', { customerId: String(ids[1]) }, 'staff');
    expect(again.location).toMatch(/done=already/);
    const shown = await page(again.location.replace(/#.*/, ''), 'staff');
    expect(shown.html).toContain('Wiktor Tester was already waiting, place 1.');
    const names = [...shown.html.matchAll(/<a href="\/customers\/\d+">(\w+) Tester<\/a>/g)].map((m) => m[1]);
    expect(names).toEqual(['Wiktor', 'Wanda', 'Zoe']);
    const all = await page('/waitlists', 'staff');
    expect(all.html).toMatch(/data-total="3"/);

    const zoe = await engine.ds.getRepository(WaitlistEntry).findOneByOrFail({ customerId: ids[2] });
    const removed = await post(`/products/TEA-1/waitlist/${zoe.id}/remove`, { back: 'all' }, 'staff');
    expect(removed.location).toBe('/waitlists');
    expect(await engine.app.get(WaitlistService).places({ sku: 'TEA-1' })).toMatchObject({ total: 2 });
  });

  it('confirms how many waiting customers a restock tells, then records it as the webhook does; the tick sends', async () => {
    await engine.app.get(RulesService).create({
      name: 'Back in stock',
      kind: 'back_in_stock',
      channel: 'email',
      templateKey: 'back_in_stock',
      transactional: true,
      params: { per_unit: 1, set_aside_task: true, hold_days: 4 },
    });
    const check = await post('/products/TEA-1/stock', { stock: '1' });
    expect(check.status).toBe(200);
    expect(check.html).toMatch(/data-will-tell="1"/);
    expect(check.html).toContain('This is a restock: 1 waiting customer will be told');
    expect(check.html).toContain('2 customers wait in all.');
    expect(check.html).toMatch(/<ol id="next-in-line"><li>Wiktor Tester<\/li><\/ol>/);
    expect(await engine.ds.getRepository(RestockEvent).count()).toBe(0);

    const bad = await post('/products/TEA-1/stock', { stock: 'lots' });
    expect(bad.status).toBe(422);
    expect(bad.html).toMatch(/data-field="stock">must be a whole number</);

    const done = await post('/products/TEA-1/stock', { stock: '1', confirmed: 'yes' });
    expect(done.status).toBe(303);
    expect(done.location).toBe('/products/TEA-1?done=restocked&n=1&stock=1');
    const [restock] = await engine.ds.getRepository(RestockEvent).find();
    expect(restock).toMatchObject({ previousStock: 0, newStock: 1, source: 'web', processedAt: null });

    await engine.app.get(TickService).tick(new Date('2026-11-27T10:10:00Z'));
    const mails = await engine.ds.getRepository(OutboxMessage).findBy({ purpose: 'touch' });
    expect(mails.map((m) => m.recipient)).toEqual(['wiktor@example.test']);
    expect(mails[0].html).toContain('href="https://shop.example.test/p/matcha"');
    expect(mails[0].text).toContain('We have set one aside for you until Tuesday 1 December.');
    const [task] = await engine.ds.getRepository(Task).findBy({ kind: 'set_aside' });
    expect(task.title).toBe('Set one Ceremonial matcha aside for Wiktor Tester, held until Tue 1 Dec');

    const notRestock = await post('/products/TEA-1/stock', { stock: '3' });
    expect(notRestock.html).toContain('This is not a restock');
  });

  it('links a product without a page to the shop’s address, and without one to nothing of Touchbase', async () => {
    await post('/products', { sku: 'MUG-2', name: 'Mug', stock: '0' });
    await post('/products', { sku: 'MUG-3', name: 'Jug', stock: '0' });
    await engine.app.get(WaitlistService).add({ customerId: ids[2], sku: 'MUG-2' });
    await post('/products/MUG-2/stock', { stock: '1', confirmed: 'yes' });
    const settings = engine.app.get(SettingsService);
    const owner = { userId: null, name: 'test' };
    await settings.update({ shopUrl: 'https://laden.example.test/' }, owner);
    await engine.app.get(TickService).tick(new Date('2026-11-27T10:20:00Z'));
    const [withShop] = await engine.ds.getRepository(OutboxMessage).findBy({ recipient: 'zoe@example.test' });
    expect(withShop.html).toContain('<a href="https://laden.example.test">Take a look</a>');

    await engine.app.get(WaitlistService).add({ customerId: ids[0], sku: 'MUG-3' });
    await settings.update({ shopUrl: '' }, owner);
    await post('/products/MUG-3/stock', { stock: '1', confirmed: 'yes' });
    await engine.app.get(TickService).tick(new Date('2026-11-27T10:30:00Z'));
    const [bare] = await engine.ds.getRepository(OutboxMessage).findBy({ recipient: 'wanda@example.test' });
    expect(bare.subject).toBe('Jug is back in stock');
    const links = [...bare.html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    // no product link; the unsubscribe link is the email layout's, added when it is sent
    expect(links).toEqual([]);
    expect(bare.text).not.toContain(engine.config.http.publicBaseUrl + '\n');
  });
});
