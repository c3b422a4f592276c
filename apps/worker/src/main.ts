import 'reflect-metadata';
import { Logger as NestLogger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { createServer } from 'node:http';
import { Logger, LoggerModule } from 'nestjs-pino';
import { NOTICE_QUEUE_NAME, NoticeQueue } from '@app/escalation';
import {
  DatabaseMetricsSource,
  JsonLogger,
  PlatformModule,
  ProjectionMetricsListener,
  checkDependencies,
  createLogger,
  enableDefaultMetrics,
  installGracefulShutdown,
  loadConfig,
  loggerParams,
  metricsContentType,
  registerScrapeSource,
  renderMetrics,
} from '@app/platform';
import { allReadModels } from '@app/runtime';
import { WorkerModule } from '@app/runtime';

async function main(): Promise<void> {
  const config = loadConfig();
  await checkDependencies(config);
  const pino = createLogger(config);
  @Module({
    imports: [
      PlatformModule.forRoot(config, { readModels: allReadModels }),
      EventEmitterModule.forRoot(),
      LoggerModule.forRoot(loggerParams(pino)),
      WorkerModule,
    ],
    providers: [ProjectionMetricsListener, DatabaseMetricsSource],
  })
  class WorkerProcessModule {}
  const app = await NestFactory.createApplicationContext(WorkerProcessModule, { bufferLogs: true });
  app.useLogger(new JsonLogger(app.get(Logger), pino));
  const logger = new NestLogger('Worker');
  // Split deployments: the worker's own counters (scan duration, notices) on METRICS_PORT.
  const server = config.METRICS_PORT
    ? createServer((req, res) => {
        if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
          res
            .writeHead(404, { 'Content-Type': 'application/json' })
            .end('{"error":{"code":"not_found","message":"not found","details":[]}}');
          return;
        }
        renderMetrics().then(
          (text) => res.writeHead(200, { 'Content-Type': metricsContentType }).end(text),
          () => res.writeHead(500).end(),
        );
      })
    : undefined;
  if (server) {
    enableDefaultMetrics();
    const queue = app.get(NoticeQueue, { strict: false });
    registerScrapeSource('queue', async () => {
      const c = await queue.queue.getJobCounts('waiting', 'delayed', 'prioritized', 'active');
      return { queueDepth: { [NOTICE_QUEUE_NAME]: (c.waiting ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0) + (c.active ?? 0) } };
    });
    await new Promise<void>((resolve) => server.listen(config.METRICS_PORT, resolve));
    logger.log(`metrics on http://localhost:${config.METRICS_PORT}/metrics`);
  }
  // SIGTERM: jobs and the scan in flight finish (Nest shutdown hooks), then exit 0.
  installGracefulShutdown(app, { server, timeoutMs: config.SHUTDOWN_TIMEOUT_MS, logger });
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
