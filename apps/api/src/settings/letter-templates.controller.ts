import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Req } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import {
  CLOCK,
  Clock,
  DomainError,
  FieldChecks,
  identifier,
  NOTICE_TEMPLATE_NAMES,
  type NoticeTemplateName,
  noticeTemplateName,
  noticeTemplateStreamId,
  objectInput,
  parseNoticeTemplate,
  templateText,
} from '@app/domain';
import { EVENT_STORE, type EventStore, type SqlDatabase } from '@app/event-store';
import { LetterTemplates, TemplatePreviewError, templateOverrides } from '@app/escalation';
import { APP_CONFIG, AppConfig, ReadModelWaiter, SQL_DATABASE, issuingOffice } from '@app/platform';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.guard';
import { oneOfParam } from '../http/body';
import { CommandService } from '../http/command.service';
import { commandRequest } from '../http/command-request';
import { ApiCommand } from '../openapi/api-command';
import { ApiAuthenticated, ApiErrors } from '../openapi/api-errors';
import { TaskService } from '../tasks/task.service';
import {
  LetterPreview,
  LetterPreviewBody,
  LetterTemplate,
  LetterTemplateAnswer,
  LetterTemplateBody,
  LetterTemplateList,
} from './letter-templates.schemas';

const NAME_PARAM = { name: 'name', schema: { type: 'string' as const, enum: [...NOTICE_TEMPLATE_NAMES] }, example: 'notice.html' };
const fold = { initial: () => ({ version: 0 }), evolve: (s: { version: number }) => ({ version: s.version + 1 }) };

/**
 * The letters' templates (issue 12): admins read, try and replace the Handlebars texts of the
 * reminder and escalation letters; each save is an event on the template's stream (versions kept
 * with who saved them), a text that does not parse or render is refused naming its line, and a
 * preview renders the letter a real task would get with a text not yet saved.
 */
@ApiTags('settings')
@ApiAuthenticated()
@Controller('settings/templates')
export class LetterTemplatesController {
  private readonly templates: LetterTemplates;

  constructor(
    private readonly commands: CommandService,
    private readonly tasks: TaskService,
    private readonly waiter: ReadModelWaiter,
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.templates = new LetterTemplates(
      { db, store, now: () => clock.now() },
      {
        publicUrl: config.PUBLIC_URL,
        timeZone: config.DEADLINE_TIMEZONE,
        dueSoonDays: config.DUE_SOON_DAYS,
        office: issuingOffice(config),
      },
    );
  }

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'The letter templates: which are replaced by an admin, and how many times each was saved' })
  @ApiOkResponse({ type: LetterTemplateList })
  async list() {
    const custom = await templateOverrides(this.db);
    const templates = await Promise.all(
      NOTICE_TEMPLATE_NAMES.map(async (name) => {
        const events = await this.store.readStream(noticeTemplateStreamId(name));
        const last = events.at(-1);
        return { name, custom: name in custom, version: events.length, updatedAt: last ? last.recordedAt.toISOString() : null };
      }),
    );
    return { templates };
  }

  @Get(':name')
  @Roles('admin')
  @ApiOperation({ summary: 'One letter template: the text in force, the shipped one, and every saved version' })
  @ApiParam(NAME_PARAM)
  @ApiOkResponse({ type: LetterTemplate })
  @ApiErrors(400)
  async get(@Param('name') nameParam: string) {
    const name = noticeTemplateName(nameParam);
    const events = await this.store.readStream(noticeTemplateStreamId(name));
    const defaultBody = this.templates.defaultBody(name);
    const last = events.at(-1);
    const current = (last?.data as { body: string | null } | undefined)?.body ?? null;
    return {
      name,
      custom: current !== null,
      version: events.length,
      updatedAt: last ? last.recordedAt.toISOString() : null,
      body: current ?? defaultBody,
      defaultBody,
      versions: events
        .map((e) => {
          const actor = (e.metadata as { actor?: { name?: string } } | undefined)?.actor;
          const body = (e.data as { body: string | null }).body;
          return { version: e.version, savedAt: e.recordedAt.toISOString(), savedBy: actor?.name ?? '', custom: body !== null, body };
        })
        .reverse(),
    };
  }

  @Put(':name')
  @Roles('admin')
  @ApiOperation({
    summary: 'Replace a letter template (body null restores the shipped text); refused naming the line when it does not parse or render',
  })
  @ApiParam(NAME_PARAM)
  @ApiBody({ type: LetterTemplateBody })
  @ApiCommand(LetterTemplateAnswer, 200)
  async set(@Param('name') nameParam: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    const name = noticeTemplateName(nameParam);
    const data = parseNoticeTemplate(name, body);
    if (data.body !== null) {
      const problem = await this.templates.problem(name, data.body);
      if (problem) throw DomainError.invalid('body', problem);
    }
    const outcome = await this.commands.run(noticeTemplateStreamId(name), fold, commandRequest(req, actor, body), {
      parse: () => data,
      decide: (d) => [{ type: 'NoticeTemplateSet', data: d }],
    });
    await this.waiter.waitFor(outcome.position);
    return { name, custom: data.body !== null, version: outcome.version, position: outcome.position };
  }

  @Post(':name/preview')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Render the letter a real task would get now, with the template in force or a text to try (nothing saved)' })
  @ApiParam(NAME_PARAM)
  @ApiBody({ type: LetterPreviewBody })
  @ApiOkResponse({ type: LetterPreview })
  @ApiErrors(400, 404, 413)
  async preview(@Param('name') nameParam: string, @Body() raw: unknown) {
    const name: NoticeTemplateName = noticeTemplateName(nameParam);
    const input = objectInput(raw);
    const checks = new FieldChecks();
    const task = checks.run(() => {
      return this.tasks.resolveId(identifier(input.task, 'task'));
    });
    const kind = checks.run(() => oneOfParam(input.kind, 'kind', ['reminder', 'escalation'] as const, 'reminder'));
    const locale = checks.run(() => oneOfParam(input.locale, 'locale', ['vi', 'en'] as const, 'vi'));
    const text = checks.run(() => {
      if (input.body === undefined || input.body === null) return undefined;
      if (typeof input.body !== 'string') throw DomainError.invalid('body', 'must be text');
      return templateText(input.body, 'body');
    });
    checks.throwIfAny();
    if (text !== undefined) {
      const problem = await this.templates.problem(name, text);
      if (problem) throw DomainError.invalid('body', problem);
    }
    try {
      const letter = await this.templates.preview(name, { taskId: task!, kind: kind!, locale: locale!, body: text });
      if (!letter) throw DomainError.notFound('task');
      return letter;
    } catch (error) {
      if (error instanceof TemplatePreviewError) throw DomainError.invalid('body', error.message);
      throw error;
    }
  }
}
