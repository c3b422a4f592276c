import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DomainError, FieldChecks, formatInZone, taskIdFromCode } from '@app/domain';
import { NOTICE_STATUSES, NoticeStatus, listNotifications } from '@app/escalation';
import type { SqlDatabase } from '@app/event-store';
import { APP_CONFIG, AppConfig, ReadModelWaiter, SQL_DATABASE } from '@app/platform';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.guard';
import { ApiError } from '../http/api-error';
import { intParam } from '../http/body';
import { ApiAuthenticated, ApiErrors } from '../openapi/api-errors';
import { ApiLimit, ApiMinPosition, ApiTextQuery } from '../openapi/api-params';
import { NotificationPage } from './notification.schemas';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_EMAIL = 320;

/** api.md "Notifications": every notice issued, with its delivery status (rm_notifications). */
@ApiTags('notifications')
@ApiAuthenticated()
@Controller('notifications')
export class NotificationsController {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly waiter: ReadModelWaiter,
  ) {}

  @Get()
  @Roles('coordinator', 'auditor', 'agency')
  @ApiOperation({
    summary:
      'Reminders and escalations issued, newest fire time first, a page at a time; agency officers see those about tasks their agency leads',
  })
  @ApiTextQuery('taskId', 'task id or code', 'NQ71-012')
  @ApiQuery({ name: 'status', required: false, enum: NOTICE_STATUSES, enumName: 'NoticeStatus' })
  @ApiTextQuery('recipient', 'an email address (case-insensitive)', 'an@bca.example.org')
  @ApiLimit(500, 50)
  @ApiTextQuery('cursor', "the previous page's `nextCursor`")
  @ApiMinPosition()
  @ApiOkResponse({ type: NotificationPage })
  @ApiErrors(400)
  async list(@Query() q: Record<string, unknown>, @CurrentActor() actor: Actor) {
    const checks = new FieldChecks();
    const limit = checks.run(() => intParam(q.limit, 'limit', { min: 1, max: 500 })) ?? 50;
    const minPosition = checks.run(() => intParam(q.minPosition, 'minPosition'));
    const taskId = checks.run(() => optionalText(q.taskId, 'taskId', 200));
    const recipient = checks.run(() => optionalText(q.recipient, 'recipient', MAX_EMAIL));
    const status = checks.run(() => {
      const value = optionalText(q.status, 'status', 20);
      if (value !== undefined && !NOTICE_STATUSES.includes(value as NoticeStatus)) {
        throw DomainError.invalid('status', `must be one of ${NOTICE_STATUSES.join(', ')}`);
      }
      return value as NoticeStatus | undefined;
    });
    const cursor = checks.run(() => optionalText(q.cursor, 'cursor', 1000));
    checks.throwIfAny();
    if (actor.role === 'agency' && !actor.agency) throw ApiError.forbidden('this agency token names no agency');
    await this.waiter.waitFor(minPosition);
    return listNotifications(
      this.db,
      {
        taskId: taskId === undefined ? undefined : UUID.test(taskId) ? taskId.toLowerCase() : taskIdFromCode(taskId),
        status,
        recipient,
        leadAgency: actor.role === 'agency' ? actor.agency : undefined,
        limit,
        cursor,
      },
      (d) => formatInZone(d, this.config.DEADLINE_TIMEZONE),
    );
  }
}

function optionalText(value: unknown, field: string, max: number): string | undefined {
  if (value === undefined || value === '') return undefined;

  if (typeof value !== 'string' || value.length > max || /[\u0000-\u001f\u007f]/.test(value)) {
    throw DomainError.invalid(field, `must be one text value of at most ${max} characters`);
  }
  return value.trim();
}
