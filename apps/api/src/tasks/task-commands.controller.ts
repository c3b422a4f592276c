import { Body, Controller, HttpCode, Param, Post, Req, applyDecorators } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.guard';
import { commandRequest } from '../http/command-request';
import { ApiCommand } from '../openapi/api-command';
import { ApiAuthenticated, ApiErrors } from '../openapi/api-errors';
import {
  AcceptCompletionBody,
  AddCommentBody,
  AssignTaskBody,
  CompleteTaskBody,
  ExtendDeadlineBody,
  RaiseBlockerBody,
  ReasonBody,
  ReassignTaskBody,
  ReportProgressBody,
  RequestExtensionBody,
  ResolveBlockerBody,
  TaskCommandAnswer,
  TASK_ID_PARAM,
} from './task.schemas';
import { TaskService } from './task.service';

/**
 * A command on an existing task, named by id or code: 404 when there is none (or, to an agency
 * officer, when its agency neither leads nor coordinates it), 403 when the caller may read it but not act.
 */
const OnTask = () => applyDecorators(ApiParam(TASK_ID_PARAM), ApiErrors(403, 404));

/** Task commands: each appends events to the task's stream and answers with version and position. */
@ApiTags('tasks')
@ApiAuthenticated()
@Controller('tasks')
export class TaskCommandsController {
  constructor(private readonly tasks: TaskService) {}

  @Post()
  @Roles('coordinator')
  @ApiOperation({ summary: 'Assign a task (deadline: YYYY-MM-DD, dd/mm/yyyy, MM/YYYY, QN/YYYY, YYYY or ongoing)' })
  @ApiBody({ type: AssignTaskBody })
  @ApiCommand(TaskCommandAnswer, 201, 'Assigned: the task, with its resolved deadline and "6 rõ"')
  assign(@Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.tasks.assign(commandRequest(req, actor, body));
  }

  @Post(':id/extensions')
  @HttpCode(201)
  @Roles('coordinator')
  @ApiOperation({ summary: 'Extend the deadline (with `requestId`: approve that extension request)' })
  @OnTask()
  @ApiBody({ type: ExtendDeadlineBody })
  @ApiCommand(TaskCommandAnswer)
  extend(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.tasks.command(id, 'ExtendDeadline', commandRequest(req, actor, body));
  }

  @Post(':id/extension-requests')
  @Roles('agency', 'coordinator')
  @ApiOperation({ summary: 'Ask for an extension (the lead agency); the answer carries its `requestId`' })
  @OnTask()
  @ApiBody({ type: RequestExtensionBody })
  @ApiCommand(TaskCommandAnswer)
  requestExtension(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    const requestId = randomUUID();
    return this.tasks.command(id, 'RequestExtension', commandRequest(req, actor, body), { requestId });
  }

  @Post(':id/extension-requests/:requestId/refusal')
  @HttpCode(201)
  @Roles('coordinator')
  @ApiOperation({ summary: 'Refuse a pending extension request, with the reason the agency is told; the deadline stays' })
  @OnTask()
  @ApiParam({ name: 'requestId', schema: { type: 'string', format: 'uuid' } })
  @ApiBody({ type: ReasonBody })
  @ApiCommand(TaskCommandAnswer)
  refuseExtension(
    @Param('id') id: string,
    @Param('requestId') requestId: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
  ) {
    return this.tasks.command(id, 'RefuseExtension', commandRequest(req, actor, body), { requestId });
  }

  @Post(':id/progress')
  @Roles('agency', 'coordinator')
  @ApiOperation({ summary: 'Report progress (percent done)' })
  @OnTask()
  @ApiBody({ type: ReportProgressBody })
  @ApiCommand(TaskCommandAnswer)
  progress(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.tasks.command(id, 'ReportProgress', commandRequest(req, actor, body));
  }

  @Post(':id/blockers')
  @Roles('agency', 'coordinator')
  @ApiOperation({ summary: 'Raise a blocker; the answer carries its `blockerId`' })
  @OnTask()
  @ApiBody({ type: RaiseBlockerBody })
  @ApiCommand(TaskCommandAnswer)
  raiseBlocker(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    const blockerId = randomUUID();
    return this.tasks.command(id, 'RaiseBlocker', commandRequest(req, actor, body), { blockerId });
  }

  @Post(':id/blockers/:blockerId/resolution')
  @Roles('agency', 'coordinator')
  @ApiOperation({ summary: 'Resolve a blocker' })
  @OnTask()
  @ApiParam({ name: 'blockerId', schema: { type: 'string', format: 'uuid' } })
  @ApiBody({ type: ResolveBlockerBody })
  @ApiCommand(TaskCommandAnswer)
  resolveBlocker(
    @Param('id') id: string,
    @Param('blockerId') blockerId: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
  ) {
    return this.tasks.command(id, 'ResolveBlocker', commandRequest(req, actor, body), { blockerId });
  }

  @Post(':id/completion')
  @Roles('agency', 'coordinator')
  @ApiOperation({
    summary:
      "Report completion. An agency officer's is a report awaiting a coordinator (COMPLETION_CONFIRMATION=required, the default); a coordinator's or admin's counts at once, on time or late by its deadline",
  })
  @OnTask()
  @ApiBody({ type: CompleteTaskBody })
  @ApiCommand(TaskCommandAnswer)
  complete(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.tasks.command(id, 'CompleteTask', commandRequest(req, actor, body));
  }

  @Post(':id/completion/acceptance')
  @HttpCode(201)
  @Roles('coordinator')
  @ApiOperation({
    summary: 'Accept the completion report awaiting confirmation: the task is completed on time or late by the reported date',
  })
  @OnTask()
  @ApiBody({ type: AcceptCompletionBody })
  @ApiCommand(TaskCommandAnswer)
  acceptCompletion(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.tasks.command(id, 'AcceptCompletion', commandRequest(req, actor, body));
  }

  @Post(':id/completion/return')
  @HttpCode(201)
  @Roles('coordinator')
  @ApiOperation({ summary: 'Return the completion report with a reason: the task counts by its deadline again' })
  @OnTask()
  @ApiBody({ type: ReasonBody })
  @ApiCommand(TaskCommandAnswer)
  returnCompletion(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.tasks.command(id, 'ReturnCompletion', commandRequest(req, actor, body));
  }

  @Post(':id/comments')
  @Roles('agency', 'coordinator')
  @ApiOperation({
    summary: "Add a comment to the task's thread (the lead agency's officers and coordinators); the answer carries its `commentId`",
  })
  @OnTask()
  @ApiBody({ type: AddCommentBody })
  @ApiCommand(TaskCommandAnswer)
  addComment(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    const commentId = randomUUID();
    return this.tasks.command(id, 'AddComment', commandRequest(req, actor, body), { commentId });
  }

  @Post(':id/reopening')
  @Roles('coordinator')
  @ApiOperation({ summary: 'Reopen a completed task' })
  @OnTask()
  @ApiBody({ type: ReasonBody })
  @ApiCommand(TaskCommandAnswer)
  reopen(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.tasks.command(id, 'ReopenTask', commandRequest(req, actor, body));
  }

  @Post(':id/reassignment')
  @Roles('coordinator')
  @ApiOperation({ summary: 'Reassign the task to another lead agency' })
  @OnTask()
  @ApiBody({ type: ReassignTaskBody })
  @ApiCommand(TaskCommandAnswer)
  reassign(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.tasks.command(id, 'ReassignTask', commandRequest(req, actor, body));
  }

  @Post(':id/cancellation')
  @Roles('coordinator')
  @ApiOperation({ summary: 'Cancel the task' })
  @OnTask()
  @ApiBody({ type: ReasonBody })
  @ApiCommand(TaskCommandAnswer)
  cancel(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.tasks.command(id, 'CancelTask', commandRequest(req, actor, body));
  }
}
