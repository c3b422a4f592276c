import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { FieldChecks, formatInZone } from '@app/domain';
import { EVENT_STORE, EventStore, FeedCursor } from '@app/event-store';
import { APP_CONFIG, AppConfig } from '@app/platform';
import { Roles } from '../auth/auth.guard';
import { intParam } from '../http/body';
import { ApiAuthenticated, ApiErrors } from '../openapi/api-errors';
import { ApiLimit } from '../openapi/api-params';
import { FeedPage, VerifyResult } from './audit.schemas';

@ApiTags('audit')
@ApiAuthenticated()
@Controller()
export class AuditController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('audit/verify')
  @Roles('auditor')
  @ApiOperation({ summary: "Checks every stream's hash chain" })
  @ApiOkResponse({ type: VerifyResult })
  verify() {
    return this.store.verify();
  }

  /**
   * The global feed in commit order. `fromPosition` is inclusive: the page starts at the event
   * with that position (positions are handed out at insert, so commit order can interleave
   * them); pass the answer's `afterPosition` to continue after the last event returned.
   */
  @Get('events')
  @Roles('auditor')
  @ApiOperation({ summary: 'The global event feed in commit order' })
  @ApiQuery({
    name: 'fromPosition',
    required: false,
    schema: { type: 'integer', minimum: 0 },
    description: 'start at the event with this position (inclusive)',
  })
  @ApiQuery({
    name: 'afterPosition',
    required: false,
    schema: { type: 'integer', minimum: 0 },
    description: "continue after this position: the previous page's `afterPosition`",
  })
  @ApiLimit(1000, 100)
  @ApiOkResponse({ type: FeedPage })
  @ApiErrors(400)
  async events(@Query('fromPosition') from?: string, @Query('limit') limitParam?: string, @Query('afterPosition') afterParam?: string) {
    const checks = new FieldChecks();
    const fromPosition = checks.run(() => intParam(from, 'fromPosition'));
    const afterPosition = checks.run(() => intParam(afterParam, 'afterPosition'));
    const limit = checks.run(() => intParam(limitParam, 'limit', { min: 1, max: 1000 })) ?? 100;
    checks.throwIfAny();
    const after = await this.cursorBefore(fromPosition, afterPosition);
    if (after === null) return { events: [], afterPosition: afterPosition ?? Math.max(0, (fromPosition ?? 1) - 1) };
    const page = await this.store.readFeed({ after, limit });
    const zone = (d: Date) => formatInZone(d, this.config.DEADLINE_TIMEZONE);
    return {
      events: page.events.map((e) => ({
        position: e.position,
        streamId: e.streamId,
        version: e.version,
        type: e.type,
        occurredAt: zone(e.occurredAt),
        recordedAt: zone(e.recordedAt),
        actor: e.metadata.actor ?? null,
        data: e.data,
        hash: e.hash,
      })),
      afterPosition: page.events.length ? page.events[page.events.length - 1].position : (afterPosition ?? null),
    };
  }

  /** undefined: from the start; null: that position is not (yet) visible, so nothing to show. */
  private async cursorBefore(fromPosition?: number, afterPosition?: number): Promise<FeedCursor | undefined | null> {
    if (afterPosition) return this.store.cursorOf(afterPosition);
    if (!fromPosition || fromPosition <= 1) return undefined;
    const cursor = await this.store.cursorOf(fromPosition);
    // Just before the requested event in (transaction, position) order.
    return cursor ? { transactionId: cursor.transactionId, position: cursor.position - 1 } : null;
  }
}
