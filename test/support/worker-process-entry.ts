/**
 * A real worker process for the multi-process tests (two workers, SIGKILL, flushed Redis): the
 * same modules as apps/worker/src/main.ts, plus what only tests may set, read here and nowhere
 * in production code:
 * - FAKE_NOW: the business time at start; the clock then runs at real speed from there.
 * - WORKER_TUNING: JSON overriding EscalationTuning (short locks, backoffs and leader retries).
 * Run by test/support/worker-process.ts through worker-process-register.js (no build needed).
 */
import 'reflect-metadata';
import { ConsoleLogger, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { Test } from '@nestjs/testing';
import { Clock, systemClock } from '@app/domain';
import { PlatformModule, checkDependencies, loadConfig } from '@app/platform';
import { EscalationTuning, WorkerModule, allReadModels } from '@app/runtime';

function testClock(fakeNow: string | undefined): Clock {
  if (!fakeNow) return systemClock;
  const offset = Date.parse(fakeNow) - Date.now();
  if (Number.isNaN(offset)) throw new Error(`FAKE_NOW is not a time: ${fakeNow}`);
  return { now: () => new Date(Date.now() + offset) };
}

async function main(): Promise<void> {
  const config = loadConfig();
  await checkDependencies(config);
  const tuning = Object.assign(new EscalationTuning(), JSON.parse(process.env.WORKER_TUNING ?? '{}'));

  @Module({
    imports: [
      PlatformModule.forRoot(config, { clock: testClock(process.env.FAKE_NOW), readModels: allReadModels }),
      EventEmitterModule.forRoot(),
      WorkerModule,
    ],
  })
  class TestWorkerProcessModule {}

  const app = await Test.createTestingModule({ imports: [TestWorkerProcessModule] })
    .overrideProvider(EscalationTuning)
    .useValue(tuning)
    .compile();
  // The testing module only prints errors; the tests read the roles a worker took from its log.
  app.useLogger(new ConsoleLogger({ logLevels: ['error', 'warn', 'log'] }));
  app.enableShutdownHooks();
  await app.init();
  process.send?.({ ready: true });
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
