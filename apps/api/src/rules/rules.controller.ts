import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ReadModelWaiter } from '@app/platform';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.guard';
import { intParam, objectBody } from '../http/body';
import { requestMeta } from '../http/request-meta';
import { RulesService } from './rules.service';

const RULE_EXAMPLE = {
  name: 'Nhắc trước hạn 5 ngày làm việc',
  enabled: true,
  scope: { sources: ['71/NQ-CP'], agencies: [], priorities: [] },
  offset: { amount: -5, unit: 'working_days' },
  repeat: null,
  recipients: ['assignee', 'email:thanh-tra@example.org'],
  level: 0,
  digest: false,
  sendWindow: { start: '08:00', end: '17:00', workingDaysOnly: true },
};

/**
 * Reminder and escalation rules (api.md). Admins write; coordinators and auditors read. Every
 * change is an event on `rule-<id>` with its author, and applies to open tasks at once (the
 * pending-notices read model re-plans in the projector).
 */
@ApiTags('reminder-rules')
@ApiBearerAuth()
@Controller('reminder-rules')
export class RulesController {
  constructor(
    private readonly rules: RulesService,
    private readonly waiter: ReadModelWaiter,
  ) {}

  @Get()
  @Roles('coordinator', 'auditor')
  @ApiOperation({ summary: 'Saved rules (enabled or not), by id' })
  @ApiQuery({ name: 'minPosition', required: false })
  async list(@Query('minPosition') minPosition?: string) {
    await this.waiter.waitFor(intParam(minPosition, 'minPosition'));
    return this.rules.list();
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a rule; `id` optional (a slug of the name is generated), never reusable once deleted' })
  @ApiBody({ schema: { example: RULE_EXAMPLE } })
  create(@Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    const data = objectBody(body);
    return this.rules.create(data, requestMeta(req, actor, data));
  }

  @Post('simulate')
  @HttpCode(200)
  @Roles('coordinator')
  @ApiOperation({
    summary: 'Dry run: the notices the saved rules (or the given unsaved ones) would send to open tasks in [from, to]; sends nothing',
    description:
      'A plain `from` date is the start of that day, a plain `to` date the end of it; at most 366 days. Recipients are resolved as of now.',
  })
  @ApiQuery({ name: 'minPosition', required: false })
  @ApiBody({ schema: { example: { from: '2026-02-01', to: '2026-03-31', rules: [RULE_EXAMPLE] } } })
  async simulate(@Body() body: unknown, @Query('minPosition') minPosition?: string) {
    await this.waiter.waitFor(intParam(minPosition, 'minPosition'));
    return this.rules.simulate(body);
  }

  @Get(':id')
  @Roles('coordinator', 'auditor')
  get(@Param('id') id: string) {
    return this.rules.get(id);
  }

  @Get(':id/history')
  @Roles('coordinator', 'auditor')
  @ApiOperation({ summary: "The rule's events: who changed what, and when" })
  history(@Param('id') id: string) {
    return this.rules.events(id);
  }

  @Put(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Replace a rule (omitted optional fields take their defaults); an unchanged rule appends nothing' })
  @ApiBody({ schema: { example: RULE_EXAMPLE } })
  update(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    const data = objectBody(body);
    return this.rules.update(id, data, requestMeta(req, actor, data));
  }

  @Delete(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Delete a rule: its pending notices go; its id is retired' })
  delete(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    const data = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
    return this.rules.delete(id, requestMeta(req, actor, data));
  }
}
