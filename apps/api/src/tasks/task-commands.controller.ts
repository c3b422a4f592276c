import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import type { TaskCommand } from '@app/domain';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.guard';
import { objectBody } from '../http/body';
import { requestMeta } from '../http/request-meta';
import { TaskService } from './task.service';

const ASSIGN_EXAMPLE = {
  code: 'NQ71-012',
  title: 'Xây dựng cơ sở dữ liệu quốc gia về dân cư',
  description: 'Hoàn thiện và đưa vào vận hành…',
  source: { kind: 'resolution', ref: '71/NQ-CP', issuedOn: '2025-04-01' },
  leadAgency: 'BCA',
  coordinatingAgencies: ['BKHCN'],
  assignee: { name: 'Nguyễn Văn A', email: 'a@bca.example.org' },
  deliverable: 'Báo cáo kết quả',
  approver: 'Thủ tướng Chính phủ',
  deadline: 'Q1/2026',
  priority: 'high',
};

/** Task commands: each appends events to the task's stream and answers with version and position. */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TaskCommandsController {
  constructor(private readonly tasks: TaskService) {}

  @Post()
  @Roles('coordinator')
  @ApiOperation({ summary: 'Assign a task (deadline: YYYY-MM-DD, dd/mm/yyyy, MM/YYYY, QN/YYYY, YYYY or ongoing)' })
  @ApiBody({ schema: { example: ASSIGN_EXAMPLE } })
  assign(@Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    const data = objectBody(body);
    return this.tasks.assign(data, requestMeta(req, actor, data, 'assignedAt'));
  }

  @Post(':id/extensions')
  @HttpCode(201)
  @Roles('coordinator')
  @ApiBody({ schema: { example: { newDeadline: '2026-06-30', reason: 'Thủ tướng đồng ý gia hạn', decisionRef: '1234/VPCP-KSTT' } } })
  extend(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.run(id, body, actor, req, (d) => ({ type: 'ExtendDeadline', data: d as never }));
  }

  @Post(':id/extension-requests')
  @Roles('agency', 'coordinator')
  @ApiBody({ schema: { example: { proposedDeadline: '2026-06-30', reason: 'Chờ ý kiến các bộ' } } })
  requestExtension(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    const requestId = randomUUID();
    return this.run(id, body, actor, req, (d) => ({ type: 'RequestExtension', data: { ...d, requestId } as never }));
  }

  @Post(':id/progress')
  @Roles('agency', 'coordinator')
  @ApiBody({ schema: { example: { percent: 60, note: 'Đã hoàn thành dự thảo' } } })
  progress(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.run(id, body, actor, req, (d) => ({ type: 'ReportProgress', data: d as never }));
  }

  @Post(':id/blockers')
  @Roles('agency', 'coordinator')
  @ApiBody({ schema: { example: { description: 'Chưa có hướng dẫn kỹ thuật' } } })
  raiseBlocker(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    const blockerId = randomUUID();
    return this.run(id, body, actor, req, (d) => ({ type: 'RaiseBlocker', data: { ...d, blockerId } as never }));
  }

  @Post(':id/blockers/:blockerId/resolution')
  @Roles('agency', 'coordinator')
  @ApiBody({ schema: { example: { note: 'Đã có hướng dẫn' } } })
  resolveBlocker(
    @Param('id') id: string,
    @Param('blockerId') blockerId: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
  ) {
    return this.run(id, body, actor, req, (d) => ({ type: 'ResolveBlocker', data: { ...d, blockerId } as never }));
  }

  @Post(':id/completion')
  @Roles('agency', 'coordinator')
  @ApiBody({ schema: { example: { completedAt: '2026-03-20T10:00:00+07:00', deliverableRef: 'Báo cáo số 12/BC-BCA', note: '' } } })
  complete(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.run(id, body, actor, req, (d) => ({ type: 'CompleteTask', data: d as never }), 'completedAt');
  }

  @Post(':id/reopening')
  @Roles('coordinator')
  @ApiBody({ schema: { example: { reason: 'Sản phẩm chưa đạt yêu cầu' } } })
  reopen(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.run(id, body, actor, req, (d) => ({ type: 'ReopenTask', data: d as never }));
  }

  @Post(':id/reassignment')
  @Roles('coordinator')
  @ApiBody({
    schema: {
      example: { leadAgency: 'BKHCN', assignee: { name: 'Trần Thị B', email: 'b@most.example.org' }, reason: 'Điều chỉnh chức năng' },
    },
  })
  reassign(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.run(id, body, actor, req, (d) => ({ type: 'ReassignTask', data: d as never }));
  }

  @Post(':id/cancellation')
  @Roles('coordinator')
  @ApiBody({ schema: { example: { reason: 'Không còn phù hợp' } } })
  cancel(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.run(id, body, actor, req, (d) => ({ type: 'CancelTask', data: d as never }));
  }

  private run(
    id: string,
    body: unknown,
    actor: Actor,
    req: Request,
    toCommand: (data: Record<string, unknown>) => TaskCommand,
    occurredAtField = 'occurredAt',
  ) {
    const data = objectBody(body);
    const { occurredAt: _occurredAt, completedAt: _completedAt, ...commandData } = data;
    const meta = requestMeta(req, actor, data, occurredAtField);
    // completedAt is the completion's own business time: the officer reporting it may state it.
    if (occurredAtField === 'completedAt') meta.anyRoleMayBackdate = true;
    return this.tasks.command(id, toCommand(commandData), meta);
  }
}
