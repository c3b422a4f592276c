import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { enableDefaultMetrics, metricsContentType, renderMetrics } from '@app/platform';
import { Public } from '../auth/auth.guard';
import { ApiErrors } from '../openapi/api-errors';

/** Prometheus text at GET /metrics, no token (api.md "Operations"), never rate limited. */
@ApiTags('operations')
@Controller()
@SkipThrottle()
export class MetricsController {
  constructor() {
    enableDefaultMetrics();
  }

  @Get('metrics')
  @Public()
  @Header('Content-Type', metricsContentType)
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ description: 'Prometheus text exposition format 0.0.4', content: { 'text/plain': { schema: { type: 'string' } } } })
  @ApiErrors(400)
  @ApiOperation({
    summary: 'Prometheus metrics (events, projection and feed lag, notices, queue depth, scan duration, HTTP latency, process)',
  })
  metrics(): Promise<string> {
    return renderMetrics();
  }
}
