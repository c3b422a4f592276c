import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ReadModelWaiter } from '@app/platform';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.guard';
import { intParam, objectBody } from '../http/body';
import { requestMeta } from '../http/request-meta';
import { AgencyService } from './agency.service';

@ApiTags('agencies')
@ApiBearerAuth()
@Controller('agencies')
export class AgenciesController {
  constructor(
    private readonly agencies: AgencyService,
    private readonly waiter: ReadModelWaiter,
  ) {}

  @Post()
  @Roles('coordinator')
  @ApiOperation({ summary: 'Register an agency with its head' })
  @ApiBody({
    schema: {
      example: {
        code: 'BCA',
        name: 'Bộ Công an',
        kind: 'ministry',
        head: { name: 'Nguyễn Văn A', title: 'Bộ trưởng', email: 'bo-truong@bca.example.org' },
      },
    },
  })
  register(@Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    const data = objectBody(body);
    return this.agencies.register(data, requestMeta(req, actor, data));
  }

  @Get()
  @ApiQuery({ name: 'minPosition', required: false })
  async list(@Query('minPosition') minPosition?: string) {
    await this.waiter.waitFor(intParam(minPosition, 'minPosition'));
    return this.agencies.list();
  }

  @Get(':code')
  @ApiQuery({ name: 'minPosition', required: false })
  async get(@Param('code') code: string, @Query('minPosition') minPosition?: string) {
    await this.waiter.waitFor(intParam(minPosition, 'minPosition'));
    return this.agencies.get(code);
  }

  @Put(':code/head')
  @HttpCode(200)
  @Roles('coordinator')
  @ApiOperation({ summary: 'Change the agency head: later escalations go to the new head' })
  @ApiBody({ schema: { example: { name: 'Trần Văn B', title: 'Bộ trưởng', email: 'b@bca.example.org' } } })
  changeHead(@Param('code') code: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    const data = objectBody(body);
    return this.agencies.changeHead(code, data, requestMeta(req, actor, data));
  }
}
