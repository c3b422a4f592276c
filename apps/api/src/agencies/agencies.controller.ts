import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ReadModelWaiter } from '@app/platform';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.guard';
import { intParam } from '../http/body';
import { commandRequest } from '../http/command-request';
import { ApiCommand } from '../openapi/api-command';
import { ApiAuthenticated, ApiErrors } from '../openapi/api-errors';
import { ApiMinPosition } from '../openapi/api-params';
import { ActingHead, Agency, AgencyCommandAnswer, ChangeHeadBody, RegisterAgencyBody } from './agency.schemas';
import { AgencyService } from './agency.service';

const CODE_PARAM = { name: 'code', description: 'the agency code', schema: { type: 'string' as const }, example: 'BCA' };

@ApiTags('agencies')
@ApiAuthenticated()
@Controller('agencies')
export class AgenciesController {
  constructor(
    private readonly agencies: AgencyService,
    private readonly waiter: ReadModelWaiter,
  ) {}

  @Post()
  @Roles('coordinator')
  @ApiOperation({ summary: 'Register an agency with its head' })
  @ApiBody({ type: RegisterAgencyBody })
  @ApiCommand(AgencyCommandAnswer, 201, 'Registered (409 when the code is taken)')
  register(@Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.agencies.register(commandRequest(req, actor, body));
  }

  @Get()
  @ApiOperation({ summary: 'Registered agencies, by code, with their heads' })
  @ApiMinPosition()
  @ApiOkResponse({ type: [Agency] })
  @ApiErrors(400)
  async list(@Query('minPosition') minPosition?: string) {
    await this.waiter.waitFor(intParam(minPosition, 'minPosition'));
    return this.agencies.list();
  }

  @Get(':code')
  @ApiOperation({ summary: 'An agency by code' })
  @ApiParam(CODE_PARAM)
  @ApiMinPosition()
  @ApiOkResponse({ type: Agency })
  @ApiErrors(400, 404)
  async get(@Param('code') code: string, @Query('minPosition') minPosition?: string) {
    await this.waiter.waitFor(intParam(minPosition, 'minPosition'));
    return this.agencies.get(code);
  }

  @Put(':code/head')
  @HttpCode(200)
  @Roles('coordinator')
  @ApiOperation({ summary: 'Change the agency head: later escalations go to the new head' })
  @ApiParam(CODE_PARAM)
  @ApiBody({ type: ChangeHeadBody })
  @ApiCommand(AgencyCommandAnswer, 200, 'Changed (the same head again records nothing)')
  @ApiErrors(404)
  changeHead(@Param('code') code: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.agencies.changeHead(code, commandRequest(req, actor, body));
  }

  @Put(':code/acting-head')
  @HttpCode(200)
  @Roles('coordinator')
  @ApiOperation({ summary: "Name who acts for the head over a period ('Quyền Bộ trưởng', 'phụ trách'): escalations go to them then" })
  @ApiParam(CODE_PARAM)
  @ApiBody({ type: ActingHead })
  @ApiCommand(AgencyCommandAnswer, 200, 'Set (the same period again records nothing)')
  @ApiErrors(404)
  setActingHead(@Param('code') code: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.agencies.setActingHead(code, commandRequest(req, actor, body));
  }
}
