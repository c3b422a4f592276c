import { Controller, Get, Param, Query, Req, Res, applyDecorators } from '@nestjs/common';
import type { Request, Response } from 'express';
import { EXPORT_MAX_ROWS, TASK_SORTS, XLSX, tasksWorkbook, type TaskListItem as ListedTask } from '@app/projections';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  DomainError,
  FieldChecks,
  RISK_LEVELS,
  RiskLevel,
  TASK_STATUSES,
  TaskStatus,
  normaliseAgencyCode,
  optionalText,
} from '@app/domain';
import { requestLanguage } from '../http/request-language';
import { ReadModelWaiter } from '@app/platform';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.guard';
import { flagParam, intParam, oneOfParam } from '../http/body';
import { ApiAuthenticated, ApiErrors } from '../openapi/api-errors';
import { ApiLimit, ApiMinPosition, ApiTextQuery, ApiTimeTravel, TIME_INPUT } from '../openapi/api-params';
import { TASK_ID_PARAM, Task, TaskComments, TaskDetail, TaskHistory, TaskListItem, TaskPage } from './task.schemas';
import { TaskService } from './task.service';
import { NoticePlan } from './notice-plan';
import { NoticePlanAnswer } from './notice-plan.schemas';

/** The list's filters and order, the same for the page and the workbook. */
function ApiTaskListFilters(): MethodDecorator {
  return applyDecorators(
    ApiTextQuery('agency', 'lead agency code', 'BCA'),
    ApiQuery({ name: 'status', required: false, enum: TASK_STATUSES, enumName: 'TaskStatus' }),
    ApiQuery({
      name: 'risk',
      required: false,
      enum: RISK_LEVELS,
      enumName: 'RiskLevel',
      description: 'open tasks with a deadline at this early-warning level',
    }),
    ApiTextQuery('source', 'source document ref', '71/NQ-CP'),
    ApiQuery({ name: 'dueFrom', required: false, schema: TIME_INPUT, description: 'deadline in force at or after' }),
    ApiQuery({ name: 'dueTo', required: false, schema: TIME_INPUT, description: 'deadline in force at or before' }),
    ApiTextQuery('q', "words the task's code, title, officer, source document or lead agency contains", 'cơ sở dữ liệu'),
    ApiQuery({ name: 'gaps', required: false, schema: { type: 'boolean' }, description: 'only tasks missing some of the "6 rõ"' }),
    ApiQuery({
      name: 'sort',
      required: false,
      enum: TASK_SORTS,
      description: 'the order pages follow (default code); the cursor continues it',
    }),
    ApiQuery({ name: 'dir', required: false, enum: ['asc', 'desc'] }),
  );
}

@ApiTags('tasks')
@ApiAuthenticated()
@ApiExtraModels(TaskListItem, Task)
@Controller('tasks')
export class TaskQueriesController {
  constructor(
    private readonly tasks: TaskService,
    private readonly waiter: ReadModelWaiter,
    private readonly plan: NoticePlan,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List tasks; asOf (business time) and knownAt (record time) replay the past' })
  @ApiTaskListFilters()
  @ApiTimeTravel()
  @ApiLimit(500, 50)
  @ApiTextQuery('cursor', "the previous page's `nextCursor`")
  @ApiMinPosition()
  @ApiOkResponse({ type: TaskPage })
  @ApiErrors(400)
  async list(@Query() q: Record<string, string>, @CurrentActor() actor: Actor, @Req() req: Request) {
    const { filter, when, minPosition } = this.listQuery(q, 50);
    await this.waiter.waitFor(minPosition);
    return this.tasks.list(filter, actor, when, requestLanguage(req));
  }

  @Get('export.xlsx')
  @ApiOperation({ summary: 'The task list with the same filters as an Excel workbook (Vietnamese headers, real dates and numbers)' })
  @ApiTaskListFilters()
  @ApiTimeTravel()
  @ApiMinPosition()
  @ApiOkResponse({ description: 'the workbook', content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } } })
  @ApiErrors(400)
  async exportXlsx(@Query() q: Record<string, string>, @CurrentActor() actor: Actor, @Res() res: Response) {
    const { filter, when, minPosition } = this.listQuery({ ...q, limit: '500', cursor: '' }, 500);
    await this.waiter.waitFor(minPosition);
    const items: ListedTask[] = [];
    for (let cursor: string | undefined = undefined; items.length < EXPORT_MAX_ROWS;) {
      const page = (await this.tasks.list({ ...filter, cursor }, actor, when)) as { items: ListedTask[]; nextCursor: string | null };
      items.push(...page.items);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    const file = await tasksWorkbook(items, this.tasks.timeZone);
    res.setHeader('Content-Disposition', `attachment; filename="nhiem-vu.xlsx"`).type(XLSX).send(file);
  }

  /** The list's query: every field at fault in one 400. */
  private listQuery(q: Record<string, string>, defaultLimit: number) {
    const checks = new FieldChecks();
    const limit = checks.run(() => intParam(q.limit, 'limit', { min: 1, max: 500 })) ?? defaultLimit;
    const dueFrom = checks.run(() => this.tasks.parseTime(q.dueFrom, 'dueFrom'));
    const dueTo = checks.run(() => this.tasks.parseTime(q.dueTo, 'dueTo'));
    const asOf = checks.run(() => this.tasks.parseTime(q.asOf, 'asOf'));
    const knownAt = checks.run(() => this.tasks.parseTime(q.knownAt, 'knownAt'));
    const minPosition = checks.run(() => intParam(q.minPosition, 'minPosition'));
    if (q.status && !TASK_STATUSES.includes(q.status as TaskStatus)) {
      checks.run(() => {
        throw DomainError.invalid('status', `must be one of ${TASK_STATUSES.join(', ')}`);
      });
    }
    if (q.risk && !RISK_LEVELS.includes(q.risk as RiskLevel)) {
      checks.run(() => {
        throw DomainError.invalid('risk', `must be one of ${RISK_LEVELS.join(', ')}`);
      });
    }
    const sort = checks.run(() => oneOfParam(q.sort, 'sort', TASK_SORTS));
    const dir = checks.run(() => oneOfParam(q.dir, 'dir', ['asc', 'desc'] as const));
    const gaps = checks.run(() => flagParam(q.gaps, 'gaps'));
    const text = checks.run(() => (q.q === undefined ? null : optionalText(q.q, 'q', { max: 200 })));
    checks.throwIfAny();
    return {
      filter: {
        // the form the code is stored in: `bca` and `ＢＣＡ` filter on agency BCA
        agency: q.agency ? normaliseAgencyCode(q.agency) : undefined,
        status: q.status || undefined,
        risk: (q.risk as RiskLevel) || undefined,
        source: q.source || undefined,
        dueFrom,
        dueTo,
        q: text?.trim() || undefined,
        gaps: gaps || undefined,
        sort: sort ?? undefined,
        dir: dir ?? undefined,
        limit,
        cursor: q.cursor || undefined,
      },
      when: { asOf, knownAt },
      minPosition,
    };
  }

  @Get(':id')
  @ApiOperation({ summary: 'A task by id or code, now or as of a business time (asOf) and record time (knownAt)' })
  @ApiParam(TASK_ID_PARAM)
  @ApiTimeTravel()
  @ApiMinPosition()
  @ApiOkResponse({ type: TaskDetail })
  @ApiErrors(400, 403, 404)
  async get(@Param('id') id: string, @Query() q: Record<string, string>, @CurrentActor() actor: Actor, @Req() req: Request) {
    const checks = new FieldChecks();
    const when = {
      asOf: checks.run(() => this.tasks.parseTime(q.asOf, 'asOf')),
      knownAt: checks.run(() => this.tasks.parseTime(q.knownAt, 'knownAt')),
    };
    const minPosition = checks.run(() => intParam(q.minPosition, 'minPosition'));
    checks.throwIfAny();
    await this.waiter.waitFor(minPosition);
    return this.tasks.get(id, actor, when, requestLanguage(req));
  }

  @Get(':id/notice-plan')
  @ApiOperation({ summary: 'What will be sent about the task next, to whom and why (rule, condition, each recipient’s reason)' })
  @ApiParam(TASK_ID_PARAM)
  @ApiMinPosition()
  @ApiOkResponse({ type: NoticePlanAnswer })
  @ApiErrors(400, 404)
  async noticePlan(@Param('id') id: string, @Query('minPosition') minPosition: string | undefined, @CurrentActor() actor: Actor) {
    await this.waiter.waitFor(intParam(minPosition, 'minPosition'));
    const task = await this.tasks.get(id, actor, {});
    return {
      taskId: task.id as string,
      code: task.code as string,
      planned: await this.plan.planned({ id: task.id as string, leadAgency: task.leadAgency as string, assignee: task.assignee ?? null }),
    };
  }

  @Get(':id/history')
  @ApiOperation({ summary: "The task's events in order, with actor, business and record time" })
  @ApiParam(TASK_ID_PARAM)
  @ApiTimeTravel({}, ['knownAt'])
  @ApiMinPosition()
  @ApiOkResponse({ type: TaskHistory })
  @ApiErrors(400, 403, 404)
  async history(@Param('id') id: string, @Query() q: Record<string, string>, @CurrentActor() actor: Actor) {
    const checks = new FieldChecks();
    const knownAt = checks.run(() => this.tasks.parseTime(q.knownAt, 'knownAt'));
    const minPosition = checks.run(() => intParam(q.minPosition, 'minPosition'));
    checks.throwIfAny();
    await this.waiter.waitFor(minPosition);
    return this.tasks.history(id, actor, knownAt);
  }

  @Get(':id/comments')
  @ApiOperation({ summary: "The task's comment thread, oldest first, with each author; read by whoever may read the task" })
  @ApiParam(TASK_ID_PARAM)
  @ApiMinPosition()
  @ApiOkResponse({ type: TaskComments })
  @ApiErrors(400, 403, 404)
  async comments(@Param('id') id: string, @Query() q: Record<string, string>, @CurrentActor() actor: Actor) {
    const checks = new FieldChecks();
    const minPosition = checks.run(() => intParam(q.minPosition, 'minPosition'));
    checks.throwIfAny();
    await this.waiter.waitFor(minPosition);
    return this.tasks.comments(id, actor);
  }
}
