import { Body, Controller, Get, Inject, Param, Put, Query, Req } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import {
  CLOCK,
  COORDINATORS_STREAM,
  Clock,
  FieldChecks,
  REPORT_SCHEDULES_STREAM,
  ReportSchedule,
  calendarStreamId,
  fireInstant,
  formatInZone,
  holidayYearFromJson,
  parseCoordinators,
  parseReportSchedules,
} from '@app/domain';
import type { SqlDatabase } from '@app/event-store';
import { APP_CONFIG, AppConfig, CalendarService, ReadModelLagError, ReadModelWaiter, SQL_DATABASE } from '@app/platform';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.guard';
import { intParam } from '../http/body';
import { CommandService } from '../http/command.service';
import { commandRequest } from '../http/command-request';
import { ApiCommand } from '../openapi/api-command';
import { ApiAuthenticated, ApiErrors } from '../openapi/api-errors';
import { ApiMinPosition } from '../openapi/api-params';
import {
  Coordinators,
  CoordinatorsAnswer,
  CoordinatorsBody,
  HolidayYear,
  HolidayYearAnswer,
  HolidayYearBody,
  ReportSchedulesAnswer,
  ReportSchedulesBody,
  ReportSchedulesView,
  WebhookTargets,
} from './settings.schemas';

const YEAR_PARAM = { name: 'year', schema: { type: 'integer' as const, minimum: 1000, maximum: 9999 }, example: 2026 };

/** Settings streams carry no rules of their own: each PUT records the new value as an event. */
const settingsFold = { initial: () => ({ version: 0 }), evolve: (s: { version: number }) => ({ version: s.version + 1 }) };

@ApiTags('settings')
@ApiAuthenticated()
@Controller()
export class SettingsController {
  constructor(
    private readonly commands: CommandService,
    private readonly calendars: CalendarService,
    private readonly waiter: ReadModelWaiter,
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('calendar/holidays/:year')
  @ApiOperation({ summary: 'Days off and swapped working days of a year (shipped defaults amended by admins)' })
  @ApiParam(YEAR_PARAM)
  @ApiMinPosition()
  @ApiOkResponse({ type: HolidayYear })
  @ApiErrors(400)
  async holidays(@Param('year') yearParam: string, @Query('minPosition') minPosition?: string) {
    const checks = new FieldChecks();
    const year = checks.run(() => intParam(yearParam, 'year', { min: 1000, max: 9999 }))!;
    const position = checks.run(() => intParam(minPosition, 'minPosition'));
    checks.throwIfAny();
    await this.waiter.waitFor(position);
    const { days, workdays } = await this.calendars.year(year);
    return { year, days, workdays };
  }

  @Put('calendar/holidays/:year')
  @Roles('admin')
  @ApiOperation({ summary: "Set a year's days off and swapped working days; deadlines resolved later use them" })
  @ApiParam(YEAR_PARAM)
  @ApiBody({ type: HolidayYearBody })
  @ApiCommand(HolidayYearAnswer, 200)
  async setHolidays(@Param('year') yearParam: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    const year = intParam(yearParam, 'year', { min: 1000, max: 9999 })!;
    const outcome = await this.commands.run(calendarStreamId(year), settingsFold, commandRequest(req, actor, body), {
      parse: ({ occurredAt: _occurredAt, ...days }) => holidayYearFromJson({ ...days, year: days.year ?? year }, year),
      decide: (days) => [{ type: 'HolidaysSet', data: { ...days } }],
    });
    await this.settle(outcome.position);
    this.calendars.invalidate();
    const { year: _y, days: offDays, workdays } = outcome.events[0].data as { year: number; days: string[]; workdays: string[] };
    return { year, days: offDays, workdays, version: outcome.version, position: outcome.position };
  }

  @Get('settings/coordinators')
  @ApiOperation({ summary: 'The coordinators: who receives escalations addressed to `coordinators`' })
  @ApiMinPosition()
  @ApiOkResponse({ type: Coordinators })
  @ApiErrors(400)
  async coordinators(@Query('minPosition') minPosition?: string) {
    await this.waiter.waitFor(intParam(minPosition, 'minPosition'));
    const { rows } = await this.db.query<{ value: { emails: string[] } }>(`SELECT value FROM rm_settings WHERE key = 'coordinators'`);
    return { emails: rows[0]?.value.emails ?? [] };
  }

  @Put('settings/coordinators')
  @Roles('admin')
  @ApiOperation({ summary: "Replace the coordinators' email addresses" })
  @ApiBody({ type: CoordinatorsBody })
  @ApiCommand(CoordinatorsAnswer, 200)
  async setCoordinators(@Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    const outcome = await this.commands.run(COORDINATORS_STREAM, settingsFold, commandRequest(req, actor, body), {
      parse: parseCoordinators,
      decide: (data) => [{ type: 'CoordinatorsSet', data }],
    });
    await this.settle(outcome.position);
    return { emails: (outcome.events[0].data as { emails: string[] }).emails, version: outcome.version, position: outcome.position };
  }

  @Get('settings/webhook-targets')
  @Roles('admin')
  @ApiOperation({
    summary: 'The named webhook targets rules may list in `webhooks` (NOTICE_WEBHOOKS entries with a name): name and URL, never the secret',
  })
  @ApiOkResponse({ type: WebhookTargets })
  webhookTargets() {
    return { targets: this.config.NOTICE_WEBHOOKS.flatMap((w) => (w.name ? [{ name: w.name, url: w.url }] : [])) };
  }

  @Get('settings/report-schedules')
  @Roles('admin', 'coordinator', 'auditor')
  @ApiOperation({ summary: 'The scheduled reports: when an edition is published and mailed (DOCX and PDF), and to whom' })
  @ApiMinPosition()
  @ApiOkResponse({ type: ReportSchedulesView })
  @ApiErrors(400)
  async reportSchedules(@Query('minPosition') minPosition?: string) {
    await this.waiter.waitFor(intParam(minPosition, 'minPosition'));
    const { rows } = await this.db.query<{ value: { schedules: ReportSchedule[] } }>(
      `SELECT value FROM rm_settings WHERE key = 'report-schedules'`,
    );
    const schedules = rows[0]?.value.schedules ?? [];
    return { schedules, nextRuns: schedules.map((s) => (s.enabled ? this.nextRun(s) : null)) };
  }

  @Put('settings/report-schedules')
  @Roles('admin')
  @ApiOperation({ summary: 'Replace the scheduled reports (at most 20); each fires monthly on its day at its time' })
  @ApiBody({ type: ReportSchedulesBody })
  @ApiCommand(ReportSchedulesAnswer, 200)
  async setReportSchedules(@Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    const outcome = await this.commands.run(REPORT_SCHEDULES_STREAM, settingsFold, commandRequest(req, actor, body), {
      parse: ({ occurredAt: _occurredAt, ...rest }) => parseReportSchedules(rest),
      decide: (data) => [{ type: 'ReportSchedulesSet', data }],
    });
    await this.settle(outcome.position);
    const { schedules } = outcome.events[0].data as { schedules: ReportSchedule[] };
    return { schedules, version: outcome.version, position: outcome.position };
  }

  /** The schedule's next fire instant after now, in the deadline zone. */
  private nextRun(s: ReportSchedule): string {
    const tz = this.config.DEADLINE_TIMEZONE;
    const now = this.clock.now();
    const [year, month] = formatInZone(now, tz).slice(0, 7).split('-').map(Number);
    let at = fireInstant(s, year, month, tz);
    if (at.getTime() <= now.getTime()) at = fireInstant(s, month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, tz);
    return formatInZone(at, tz);
  }

  /** Later commands resolve deadlines with the new calendar once the read model has it. */
  private async settle(position: number): Promise<void> {
    try {
      await this.waiter.waitFor(position);
    } catch (error) {
      if (!(error instanceof ReadModelLagError)) throw error;
    }
  }
}
