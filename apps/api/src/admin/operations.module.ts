import { DynamicModule, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream, Logger as PinoInstance } from 'pino';
import { AppConfig, DatabaseMetricsSource, ProjectionMetricsListener, createLogger, loggerParams } from '@app/platform';
import { MetricsController } from '../metrics/metrics.controller';
import { QueueInspector } from './queue-inspector';
import { AdminQueuesController } from './queues.controller';
import { throttlerOptions } from './rate-limit.guard';

export { RateLimitGuard } from './rate-limit.guard';

/** The process's pino instance (LOG_LEVEL), for bootstrap to adjust its level. */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/**
 * Operations for the API: JSON logs (nestjs-pino), the rate limiter's settings, GET /metrics
 * with its scrape-time sources, and the admin queue view. ApiModule imports it and registers
 * RateLimitGuard (before AuthGuard) itself, as global guards run in registration order.
 */
@Module({})
export class OperationsModule {
  /** `logDestination`: where the JSON lines go (stdout by default; tests capture them). */
  static forRoot(config: AppConfig, logDestination?: DestinationStream): DynamicModule {
    const logger: PinoInstance = createLogger(config, logDestination);
    return {
      module: OperationsModule,
      imports: [LoggerModule.forRoot(loggerParams(logger)), ThrottlerModule.forRoot(throttlerOptions(config))],
      controllers: [MetricsController, AdminQueuesController],
      providers: [{ provide: ROOT_LOGGER, useValue: logger }, QueueInspector, DatabaseMetricsSource, ProjectionMetricsListener],
      exports: [ROOT_LOGGER],
    };
  }
}
