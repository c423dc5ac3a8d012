import { CommandFactory } from 'nest-commander';
import { UnsubscribeLinks } from '@touchbase/messaging';
import { ENGINE_STATE, readState } from '@touchbase/store';
import { startTestEngine, TestEngine, testConfig, testDatabases } from '@touchbase/test-kit';
import { CliModule } from '../../apps/cli/src/cli.module';
import { CLI_AREAS } from '../../apps/cli/src/syntax';

/**
 * Links in messages the CLI queues use the engine's public address (issue 15.7): the engine
 * records it at start; a CLI without PUBLIC_BASE_URL takes it instead of localhost:<PORT>.
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

  it('an explicit PUBLIC_BASE_URL in the CLI’s environment wins', async () => {
    expect(await cliLink({ PUBLIC_BASE_URL: 'https://cli.example.test' })).toMatch(
      /^https:\/\/cli\.example\.test\/u\//,
    );
  });
});
