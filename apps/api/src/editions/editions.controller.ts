import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ReadModelWaiter } from '@app/platform';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.guard';
import { intParam } from '../http/body';
import { commandRequest } from '../http/command-request';
import { ApiMinPosition } from '../openapi/api-params';
import { ApiCommand } from '../openapi/api-command';
import { ApiAuthenticated, ApiErrors } from '../openapi/api-errors';
import { Edition, EditionSummary, PublishEditionBody, PublishedEdition, Restatement } from './editions.schemas';
import { EditionsService } from './editions.service';

const ID = { name: 'id', description: "the edition's id", schema: { type: 'string' as const, format: 'uuid' } };
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const binary = (mediaType: string, description: string) =>
  ApiOkResponse({ description, content: { [mediaType]: { schema: { type: 'string', format: 'binary' } } } });

/** Report editions and the official report (api.md "Documents"): coordinators publish; coordinators and auditors read. */
@ApiTags('documents')
@ApiAuthenticated()
@Controller('reports/editions')
export class EditionsController {
  constructor(
    private readonly editions: EditionsService,
    private readonly waiter: ReadModelWaiter,
  ) {}

  @Post()
  @Roles('coordinator')
  @ApiOperation({ summary: 'Publish an edition of the report: its figures, lists and the chain head, frozen in one event' })
  @ApiBody({ type: PublishEditionBody })
  @ApiCommand(PublishedEdition, 201, 'Published')
  publish(@Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.editions.publish(commandRequest(req, actor, body));
  }

  @Get()
  @Roles('coordinator', 'auditor')
  @ApiOperation({ summary: 'Published editions, newest first' })
  @ApiMinPosition()
  @ApiOkResponse({ type: [EditionSummary] })
  @ApiErrors(400)
  async list(@Query('minPosition') minPosition?: string) {
    // the list reads the feed, which shows an edition once no older transaction is open: wait for it as a read model would
    await this.waiter.waitFor(intParam(minPosition, 'minPosition'));
    return this.editions.list();
  }

  @Get(':id')
  @Roles('coordinator', 'auditor')
  @ApiOperation({ summary: 'An edition, the same answer forever' })
  @ApiParam(ID)
  @ApiOkResponse({ type: Edition })
  @ApiErrors(404)
  get(@Param('id') id: string) {
    return this.editions.get(id);
  }

  @Get(':id/restatement')
  @Roles('coordinator', 'auditor')
  @ApiOperation({ summary: 'What moved since: every task whose category as of the edition date differs now, and the events that moved it' })
  @ApiParam(ID)
  @ApiOkResponse({ type: Restatement })
  @ApiErrors(404)
  restatement(@Param('id') id: string) {
    return this.editions.restatement(id);
  }

  @Get(':id/document.pdf')
  @Roles('coordinator', 'auditor')
  @ApiOperation({ summary: 'The official report of the edition as PDF (Decree 30/2020 layout, fonts embedded)' })
  @ApiParam(ID)
  @binary('application/pdf', 'the report')
  @ApiErrors(404)
  async pdf(@Param('id') id: string, @Res() res: Response) {
    const { file, name } = await this.editions.document(id, 'pdf');
    res.setHeader('Content-Disposition', `attachment; filename="${name}"`).type('application/pdf').send(file);
  }

  @Get(':id/document.docx')
  @Roles('coordinator', 'auditor')
  @ApiOperation({ summary: 'The official report of the edition as a Word document (Decree 30/2020 layout)' })
  @ApiParam(ID)
  @binary(DOCX, 'the report')
  @ApiErrors(404)
  async docx(@Param('id') id: string, @Res() res: Response) {
    const { file, name } = await this.editions.document(id, 'docx');
    res.setHeader('Content-Disposition', `attachment; filename="${name}"`).type(DOCX).send(file);
  }
}
