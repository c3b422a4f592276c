import { Logger, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Express } from 'express';
import { consoleMiddleware, findConsoleDist } from './web-console';

/**
 * Serves the web console (apps/web, built by `npm run build:web`) at `/` from the API process.
 * Registered while the application initialises, after Nest's routes and before its 404
 * handler: `/api/…`, `/health` and `/metrics` are never shadowed, and unknown API paths still
 * get the API's JSON 404. Without a build, the API runs as before and says so once.
 */
@Module({})
export class WebConsoleModule implements OnModuleInit {
  private readonly logger = new Logger('WebConsole');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const dist = findConsoleDist();
    if (!dist) {
      this.logger.warn(
        'web console not built (no apps/web/dist/index.html): run "npm run build:web" to serve it at /; the API works without it',
      );
      return;
    }
    const app = this.adapterHost.httpAdapter?.getInstance<Express>();
    if (!app || typeof app.use !== 'function') return;
    for (const handler of consoleMiddleware(dist)) app.use(handler);
    this.logger.log(`web console served at / from ${dist}`);
  }
}
