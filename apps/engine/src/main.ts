import 'reflect-metadata';
import { ConfigError, loadConfig } from '@touchbase/config';
import { createEngine } from './bootstrap';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`Touchbase cannot start.\n${e.message}`);
      process.exit(2);
    }
    throw e;
  }
  const app = await createEngine(config);
  if (config.roles.includes('api')) {
    await app.listen(config.http.port, config.http.host);
    console.log(`Touchbase is up: ${config.http.publicBaseUrl}  (API docs: ${config.http.publicBaseUrl}/api/docs)`);
  } else {
    await app.init();
    console.log(`Touchbase is running with roles: ${config.roles.join(', ')} (no HTTP)`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
