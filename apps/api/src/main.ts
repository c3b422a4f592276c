import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { checkDependencies, loadConfig } from '@app/platform';
import { createApiApp } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfig();
  await checkDependencies(config);
  const withWorker = process.argv.includes('--with-worker');
  const app = await createApiApp(config, { withWorker });
  await app.listen(config.PORT);
  new Logger('Main').log(`listening on http://localhost:${config.PORT} (${withWorker ? 'API and worker' : 'API only'}); OpenAPI at /api/docs`);
}

main().catch((error) => {
  // One line: the reason and what to do, no stack (configuration and dependency errors say both).
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
