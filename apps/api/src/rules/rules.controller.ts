import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ReadModelWaiter } from '@app/platform';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.guard';
import { intParam } from '../http/body';
import { commandRequest } from '../http/command-request';
import { ApiCommand } from '../openapi/api-command';
import { ApiAuthenticated, ApiErrors } from '../openapi/api-errors';
import { ApiMinPosition } from '../openapi/api-params';
import {
  CreateRuleBody,
  ReminderRule,
  ReplaceRuleBody,
  RuleCommandAnswer,
  RuleDeleted,
  RuleHistory,
  SimulateBody,
  SimulationResult,
} from './rule.schemas';
import { RulesService } from './rules.service';

const RULE_ID = { name: 'id', schema: { type: 'string' as const }, example: 'nhac-truoc-han-5-ngay' };

/**
 * Reminder and escalation rules (api.md). Admins write; coordinators and auditors read. Every
 * change is an event on `rule-<id>` with its author, and applies to open tasks at once (the
 * pending-notices read model re-plans in the projector).
 */
@ApiTags('reminder-rules')
@ApiAuthenticated()
@Controller('reminder-rules')
export class RulesController {
  constructor(
    private readonly rules: RulesService,
    private readonly waiter: ReadModelWaiter,
  ) {}

  @Get()
  @Roles('coordinator', 'auditor')
  @ApiOperation({ summary: 'Saved rules (enabled or not), by id' })
  @ApiMinPosition()
  @ApiOkResponse({ type: [ReminderRule] })
  @ApiErrors(400)
  async list(@Query('minPosition') minPosition?: string) {
    await this.waiter.waitFor(intParam(minPosition, 'minPosition'));
    return this.rules.list();
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a rule; `id` optional (a slug of the name is generated), never reusable once deleted' })
  @ApiBody({ type: CreateRuleBody })
  @ApiCommand(RuleCommandAnswer, 201, 'Created (409 when the id is taken or was used before)')
  create(@Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.rules.create(commandRequest(req, actor, body));
  }

  @Post('simulate')
  @HttpCode(200)
  @Roles('coordinator')
  @ApiOperation({
    summary: 'Dry run: the notices the saved rules (or the given unsaved ones) would send to open tasks in [from, to]; sends nothing',
    description:
      'A plain `from` date is the start of that day, a plain `to` date the end of it; at most 366 days. Recipients are resolved as of now.',
  })
  @ApiMinPosition()
  @ApiBody({ type: SimulateBody })
  @ApiResponse({ status: 200, type: SimulationResult, description: 'What would be sent; nothing is recorded' })
  @ApiErrors(400, 413)
  async simulate(@Body() body: unknown, @Query('minPosition') minPosition?: string) {
    await this.waiter.waitFor(intParam(minPosition, 'minPosition'));
    return this.rules.simulate(body);
  }

  @Get(':id')
  @Roles('coordinator', 'auditor')
  @ApiOperation({ summary: 'A rule as saved, with its version' })
  @ApiParam(RULE_ID)
  @ApiOkResponse({ type: ReminderRule })
  @ApiErrors(404)
  get(@Param('id') id: string) {
    return this.rules.get(id);
  }

  @Get(':id/history')
  @Roles('coordinator', 'auditor')
  @ApiOperation({ summary: "The rule's events: who changed what, and when" })
  @ApiParam(RULE_ID)
  @ApiOkResponse({ type: RuleHistory })
  @ApiErrors(404)
  history(@Param('id') id: string) {
    return this.rules.events(id);
  }

  @Put(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Replace a rule (omitted optional fields take their defaults); an unchanged rule appends nothing' })
  @ApiParam(RULE_ID)
  @ApiBody({ type: ReplaceRuleBody })
  @ApiCommand(RuleCommandAnswer, 200, 'Replaced (an unchanged rule records nothing)')
  @ApiErrors(404)
  update(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.rules.update(id, commandRequest(req, actor, body));
  }

  @Delete(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Delete a rule: its pending notices go; its id is retired' })
  @ApiParam(RULE_ID)
  @ApiCommand(RuleDeleted, 200, 'Deleted')
  @ApiErrors(404)
  delete(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    // DELETE needs no body: anything but an object is read as none.
    const data = body && typeof body === 'object' && !Array.isArray(body) ? body : {};
    return this.rules.delete(id, commandRequest(req, actor, data));
  }
}
