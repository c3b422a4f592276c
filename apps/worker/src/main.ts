import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { PlatformModule, checkDependencies, loadConfig } from '@app/platform';
import { allReadModels } from './read-models';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = loadConfig();
  await checkDependencies(config);
  @Module({ imports: [PlatformModule.forRoot(config, { readModels: allReadModels }), EventEmitterModule.forRoot(), WorkerModule] })
  class WorkerProcessModule {}
  const app = await NestFactory.createApplicationContext(WorkerProcessModule);
  app.enableShutdownHooks();
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
