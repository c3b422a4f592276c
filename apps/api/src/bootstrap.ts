import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json } from 'express';
import type { AppConfig } from '@app/platform';
import { ApiModule, ApiOptions } from './app.module';

export const API_PREFIX = 'api/v1';

/** Builds the HTTP application (used by main.ts and by the e2e tests). */
export async function createApiApp(config: AppConfig, options: ApiOptions): Promise<INestApplication> {
  const app = await NestFactory.create(ApiModule.forRoot(config, options), { bodyParser: false, abortOnError: false, logger: ['error', 'warn', 'log'] });
  // 2 MB lets a 1 MB string reach validation, which names the field; beyond it, 413.
  app.use(json({ limit: '2mb' }));
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health', 'metrics'] });
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Deadline and escalation engine')
      .setDescription('Event-sourced task deadlines, reminders and escalations (../shared/spec/api.md)')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document);
  return app;
}
