import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FieldChecks } from '@app/domain';
import { ReadModelWaiter } from '@app/platform';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.guard';
import { intParam } from '../http/body';
import { ApiAuthenticated, ApiErrors } from '../openapi/api-errors';
import { ApiMinPosition } from '../openapi/api-params';
import { Inbox } from './inbox.schemas';
import { TaskService } from './task.service';

/** "Việc cần xử lý": what waits for the caller, by role. */
@ApiTags('tasks')
@ApiAuthenticated()
@Controller('inbox')
export class InboxController {
  constructor(
    private readonly tasks: TaskService,
    private readonly waiter: ReadModelWaiter,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'The caller\'s inbox ("Việc cần xử lý"): coordinators get pending extension requests, completions to confirm and open blockers; officers their agency\'s tasks due soon or overdue, returned completions and answers to their requests',
  })
  @ApiMinPosition()
  @ApiOkResponse({ type: Inbox })
  @ApiErrors(400)
  async inbox(@Query() q: Record<string, string>, @CurrentActor() actor: Actor) {
    const checks = new FieldChecks();
    const minPosition = checks.run(() => intParam(q.minPosition, 'minPosition'));
    checks.throwIfAny();
    await this.waiter.waitFor(minPosition);
    return this.tasks.inbox(actor);
  }
}
