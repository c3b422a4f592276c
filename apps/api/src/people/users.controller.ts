import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { DomainError, objectInput } from '@app/domain';
import { ReadModelWaiter } from '@app/platform';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.guard';
import { SignInService } from '../auth/people/sign-in.service';
import { ApiError } from '../http/api-error';
import { flagParam, intParam } from '../http/body';
import { commandRequest } from '../http/command-request';
import { ApiCommand } from '../openapi/api-command';
import { ApiAuthenticated, ApiErrors } from '../openapi/api-errors';
import { ApiMinPosition } from '../openapi/api-params';
import { PeopleService } from './people.service';
import { PeopleImport } from './people-import';
import { requestLanguage } from '../http/request-language';
import { AbsenceBody, Accepted, DisableBody, PeopleImportAnswer, PeopleUpload, User, UserBody, UserCommandAnswer } from './people.schemas';

const ID_PARAM = { name: 'id', description: "the person's id", schema: { type: 'string' as const, format: 'uuid' } };

/** The directory of people (api.md "People and sign-in"): admins manage it; coordinators and auditors read it. */
@ApiTags('people')
@ApiAuthenticated()
@Controller('users')
export class UsersController {
  constructor(
    private readonly people: PeopleService,
    private readonly signIn: SignInService,
    private readonly imports: PeopleImport,
    private readonly waiter: ReadModelWaiter,
  ) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Add a person: they receive an invitation email with a single-use link to set a password' })
  @ApiBody({ type: UserBody })
  @ApiCommand(UserCommandAnswer, 201, 'Invited (409 when the email belongs to another person)')
  async invite(@Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    const created = await this.people.invite(commandRequest(req, actor, body));
    if (created.status === 'invited') await this.signIn.sendLink(created, 'invitation');
    return created;
  }

  @Post('import')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary:
      'Invite the people of an .xlsx or .csv sheet (Họ và tên, Chức vụ, Thư điện tử, Điện thoại, Cơ quan, Vai trò, Đầu mối, Ngôn ngữ); dryRun checks every row and invites nobody',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: PeopleUpload })
  @ApiQuery({ name: 'dryRun', required: false, schema: { type: 'boolean' } })
  @ApiQuery({ name: 'partial', required: false, schema: { type: 'boolean' }, description: 'invite the good rows even when some are bad' })
  @ApiOkResponse({ type: PeopleImportAnswer })
  @ApiErrors(400, 413)
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: 5 * 1024 * 1024, files: 1 } }))
  async importPeople(
    @UploadedFile() file: { buffer: Buffer; originalname: string } | undefined,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Query('dryRun') dryRun?: string,
    @Query('partial') partial?: string,
  ) {
    const options = { dryRun: flagParam(dryRun, 'dryRun'), partial: flagParam(partial, 'partial'), language: requestLanguage(req) };
    if (!file) throw DomainError.invalid('file', 'is required');
    return this.imports.run(file, actor, options);
  }

  @Get()
  @Roles('coordinator', 'auditor')
  @ApiOperation({ summary: 'People, by agency and name' })
  @ApiQuery({ name: 'agency', required: false, schema: { type: 'string' } })
  @ApiQuery({ name: 'status', required: false, schema: { type: 'string', enum: ['invited', 'active', 'disabled'] } })
  @ApiMinPosition()
  @ApiOkResponse({ type: [User] })
  async list(@Query('agency') agency?: string, @Query('status') status?: string, @Query('minPosition') minPosition?: string) {
    await this.waiter.waitFor(intParam(minPosition, 'minPosition'));
    return this.people.list({ agency: agency?.trim().toUpperCase() || undefined, status: status || undefined });
  }

  @Get(':id')
  @Roles('coordinator', 'auditor')
  @ApiOperation({ summary: 'A person' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: User })
  @ApiErrors(404)
  get(@Param('id') id: string) {
    return this.people.get(id);
  }

  @Put(':id')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: "Change a person's profile, roles or agency (the same body again records nothing)" })
  @ApiParam(ID_PARAM)
  @ApiBody({ type: UserBody })
  @ApiCommand(UserCommandAnswer, 200, 'Saved')
  @ApiErrors(404)
  update(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.people.update(id, commandRequest(req, actor, body));
  }

  @Put(':id/absence')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary:
      "Record a person's absence and substitute (or end it with {absence: null}): letters addressed to them go to the substitute meanwhile",
  })
  @ApiParam(ID_PARAM)
  @ApiBody({ type: AbsenceBody })
  @ApiCommand(UserCommandAnswer, 200, 'Saved')
  @ApiErrors(404)
  setAbsence(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.people.setAbsence(id, commandRequest(req, actor, body));
  }

  @Post(':id/disable')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Disable a person: their sessions and tokens stop working at once' })
  @ApiParam(ID_PARAM)
  @ApiBody({ type: DisableBody, required: false })
  @ApiCommand(UserCommandAnswer, 200, 'Disabled')
  @ApiErrors(404)
  async disable(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    const answer = await this.people.setStatus(id, commandRequest(req, actor, body ?? {}), 'DisablePerson');
    await this.signIn.logoutEverywhere(answer.id, req.ip);
    return answer;
  }

  @Post(':id/enable')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Enable a disabled person again' })
  @ApiParam(ID_PARAM)
  @ApiCommand(UserCommandAnswer, 200, 'Enabled')
  @ApiErrors(404)
  enable(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.people.setStatus(id, commandRequest(req, actor, body ?? {}), 'EnablePerson');
  }

  @Post(':id/invitation')
  @HttpCode(202)
  @Roles('admin')
  @ApiOperation({ summary: 'Send the invitation again (the earlier link stops working)' })
  @ApiParam(ID_PARAM)
  @ApiResponse({ status: 202, type: Accepted, description: 'Sent' })
  @ApiErrors(404, 409, 413)
  async resend(@Param('id') id: string, @Body() body: unknown): Promise<Accepted> {
    objectInput(body ?? {});
    const person = await this.people.get(id);
    if (person.status === 'disabled') throw ApiError.conflict('person_disabled', 'this person is disabled');
    await this.signIn.sendLink(person, 'invitation');
    return { accepted: true };
  }
}
