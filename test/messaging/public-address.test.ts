import { CommandFactory } from 'nest-commander';
import { UnsubscribeLinks } from '@touchbase/messaging';
import { ENGINE_STATE, readState } from '@touchbase/store';
import { apiCall, startTestEngine, TestEngine, testConfig, testDatabases } from '@touchbase/test-kit';
import { CliModule } from '../../apps/cli/src/cli.module';
import { CLI_AREAS } from '../../apps/cli/src/syntax';

/**
 * Links in messages the CLI queues use the engine's public address: the owner's setting
 * (docs/configuration.md#settings-page), else what the engine recorded at start; a CLI without
 * PUBLIC_BASE_URL takes it instead of localhost:<PORT>.
 */
describe.each(testDatabases())('public address for the CLI on $name', (db) => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startTestEngine(db, { env: { PUBLIC_BASE_URL: 'https://shop.example.test/tb/' } });
  });
  afterAll(() => engine?.close());

  // the modules `touchbase dispatch` boots (the messaging area and the rule engine it needs)
  const messagingArea = CLI_AREAS.find((a) => a.commands.some((c) => c.name === 'dispatch'))!;

  async function cliLink(env: Record<string, string>): Promise<string> {
    const app = await CommandFactory.createWithoutRunning(
      CliModule.forRoot(testConfig(engine.config.database, env), await messagingArea.load()),
      { logger: ['error'] },
    );
    try {
      return app.get(UnsubscribeLinks).url(7, 'email');
    } finally {
      await app.close();
    }
  }

  it('the engine records its public base URL at start', async () => {
    expect(await readState(engine.ds, ENGINE_STATE.publicBaseUrl)).toBe('https://shop.example.test/tb');
  });

  it('a CLI without PUBLIC_BASE_URL links to the engine’s address, not localhost', async () => {
    const link = await cliLink({ PORT: '3000' });
    expect(link).toMatch(/^https:\/\/shop\.example\.test\/tb\/u\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });

  it('an explicit PUBLIC_BASE_URL in the CLI’s environment wins over the recorded one', async () => {
    expect(await cliLink({ PUBLIC_BASE_URL: 'https://cli.example.test' })).toMatch(
      /^https:\/\/cli\.example\.test\/u\//,
    );
  });

  it('the public address the owner sets on the settings page wins everywhere, also in the CLI', async () => {
    const put = await apiCall(engine, 'PUT', '/api/settings', {
      publicBaseUrl: 'https://kunden.example.test/',
    });
    expect(put.status).toBe(200);
    for (const env of [{ PORT: '3000' }, { PUBLIC_BASE_URL: 'https://cli.example.test' }] as Record<
      string,
      string
    >[])
      expect(await cliLink(env)).toMatch(/^https:\/\/kunden\.example\.test\/u\//);
    expect(engine.app.get(UnsubscribeLinks).url(7, 'email')).toMatch(/^https:\/\/kunden\.example\.test\/u\//);
  });
});
