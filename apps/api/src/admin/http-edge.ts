import type { INestApplication } from '@nestjs/common';
import helmet from 'helmet';
import type { AppConfig } from '@app/platform';
import { assignCorrelationId } from '../metrics/correlation.middleware';
import { httpMetricsMiddleware } from '../metrics/http-metrics.middleware';

/**
 * What every request meets first, before the body is read: its correlation id, the latency
 * histogram, helmet's headers, CORS (only when CORS_ORIGINS lists origins) and, behind a
 * reverse proxy (TRUST_PROXY), the client address from X-Forwarded-For for the rate limit.
 */
export function installHttpEdge(app: INestApplication, config: AppConfig): void {
  if (config.TRUST_PROXY !== false) app.getHttpAdapter().getInstance().set('trust proxy', config.TRUST_PROXY);
  app.use(assignCorrelationId);
  app.use(httpMetricsMiddleware);
  // Defaults: CSP (the Swagger UI at /api/docs loads only its own scripts and styles), nosniff,
  // frame-ancestors none, no X-Powered-By, HSTS (browsers apply it over HTTPS only).
  app.use(helmet());
  if (config.CORS_ORIGINS.length > 0) {
    app.enableCors({
      origin: config.CORS_ORIGINS.includes('*') ? '*' : config.CORS_ORIGINS,
      methods: ['GET', 'POST', 'PUT', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Correlation-Id'],
      exposedHeaders: ['X-Correlation-Id', 'Retry-After', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'],
      credentials: false,
      maxAge: 600,
    });
  }
}
