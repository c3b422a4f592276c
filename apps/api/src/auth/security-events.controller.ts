import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DomainError, formatInZone } from '@app/domain';
import { APP_CONFIG, AppConfig } from '@app/platform';
import { Roles } from './auth.guard';
import { SecurityEvents } from './people/security-events';
import { ApiAuthenticated } from '../openapi/api-errors';
import { SecurityEventPage } from '../people/people.schemas';

@ApiTags('audit')
@ApiAuthenticated()
@Controller('audit/security-events')
export class SecurityEventsController {
  constructor(
    private readonly events: SecurityEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Roles('auditor')
  @ApiOperation({
    summary: 'Sign-ins, failures, lockouts, password, second-factor and token changes, newest first (apart from task history)',
  })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } })
  @ApiQuery({ name: 'cursor', required: false, schema: { type: 'string' } })
  @ApiQuery({ name: 'kind', required: false, schema: { type: 'string' } })
  @ApiOkResponse({ type: SecurityEventPage })
  async list(@Query('limit') limit?: string, @Query('cursor') cursor?: string, @Query('kind') kind?: string): Promise<SecurityEventPage> {
    const n = limit === undefined ? 100 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 500) throw DomainError.invalid('limit', 'must be an integer from 1 to 500');
    if (cursor !== undefined && !/^\d{1,18}$/.test(cursor)) throw DomainError.invalid('cursor', 'is not a cursor this API returned');
    const items = await this.events.list({
      limit: n + 1,
      before: cursor === undefined ? undefined : Number(cursor),
      kind: kind || undefined,
    });
    const page = items.slice(0, n);
    return {
      items: page.map((e) => ({ ...e, at: formatInZone(e.at, this.config.DEADLINE_TIMEZONE) })),
      nextCursor: items.length > n ? String(page[page.length - 1].id) : null,
    };
  }
}
