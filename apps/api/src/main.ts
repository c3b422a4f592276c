import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { checkDependencies, installGracefulShutdown, loadConfig, startDependencies } from '@app/platform';
import { createApiApp } from './bootstrap';

async function main(): Promise<void> {
  const logger = new Logger('Main');
  const withWorker = process.argv.includes('--with-worker');
  // The whole engine in one process (`npm start`) may run a private Redis; a split API never does,
  // since its workers must share the Redis it uses.
  let config = loadConfig();
  let stopDependencies = (): Promise<void> => Promise.resolve();
  if (withWorker) {
    const started = await startDependencies(config, (line) => logger.log(line));
    config = started.config;
    stopDependencies = started.stop;
  } else {
    await checkDependencies(config);
  }
  // Signals are ours: SIGTERM drains HTTP requests first, then runs Nest's shutdown hooks, then exits 0.
  const app = await createApiApp(config, { withWorker }, { shutdownHooks: false });
  await app.listen(config.PORT);
  installGracefulShutdown(app, {
    server: app.getHttpServer(),
    timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    logger,
    afterClose: stopDependencies,
  });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  logger.log(`listening on http://localhost:${port} (${withWorker ? 'API and worker' : 'API only'}); OpenAPI at /api/docs`);
}

main().catch((error) => {
  // One line: the reason and what to do, no stack (configuration and dependency errors say both).
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
