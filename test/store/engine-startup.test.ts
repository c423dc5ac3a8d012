import { startTestEngine, testDatabases } from '@touchbase/test-kit';

describe.each(testDatabases())('engine start-up on $name', (db) => {
  it('serves the OpenAPI document at /api/docs', async () => {
    const engine = await startTestEngine(db);
    try {
      const res = await fetch(`${engine.url}/api/docs/json`);
      expect(res.status).toBe(200);
      const doc = (await res.json()) as { info: { title: string } };
      expect(doc.info.title).toBe('Touchbase API');
    } finally {
      await engine.close();
    }
  });
});
