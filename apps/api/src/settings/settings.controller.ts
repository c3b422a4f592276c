import { Body, Controller, Get, Inject, Param, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { COORDINATORS_STREAM, DomainError, FieldChecks, calendarStreamId, holidayYearFromJson, requiredEmail } from '@app/domain';
import type { SqlDatabase } from '@app/event-store';
import { CalendarService, ReadModelLagError, ReadModelWaiter, SQL_DATABASE } from '@app/platform';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.guard';
import { intParam, objectBody } from '../http/body';
import { CommandService } from '../http/command.service';
import { requestMeta } from '../http/request-meta';

/** Settings streams carry no rules of their own: each PUT records the new value as an event. */
const settingsFold = { initial: () => ({ version: 0 }), evolve: (s: { version: number }) => ({ version: s.version + 1 }) };

@ApiTags('settings')
@ApiBearerAuth()
@Controller()
export class SettingsController {
  constructor(
    private readonly commands: CommandService,
    private readonly calendars: CalendarService,
    private readonly waiter: ReadModelWaiter,
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
  ) {}

  @Get('calendar/holidays/:year')
  @ApiOperation({ summary: 'Days off and swapped working days of a year (shipped defaults amended by admins)' })
  async holidays(@Param('year') yearParam: string) {
    const year = intParam(yearParam, 'year', { min: 1000, max: 9999 })!;
    const { days, workdays } = await this.calendars.year(year);
    return { year, days, workdays };
  }

  @Put('calendar/holidays/:year')
  @Roles('admin')
  @ApiBody({ schema: { example: { days: ['2026-02-16', '2026-02-17'], workdays: ['2026-01-10'] } } })
  async setHolidays(@Param('year') yearParam: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    const year = intParam(yearParam, 'year', { min: 1000, max: 9999 })!;
    const data = objectBody(body);
    const holidays = holidayYearFromJson({ ...data, year: data.year ?? year }, year);
    const outcome = await this.commands.run(calendarStreamId(year), settingsFold, requestMeta(req, actor, data), () => [
      { type: 'HolidaysSet', data: { ...holidays } },
    ]);
    await this.settle(outcome.position);
    this.calendars.invalidate();
    return { ...holidays, version: outcome.version, position: outcome.position };
  }

  @Get('settings/coordinators')
  async coordinators() {
    const { rows } = await this.db.query<{ value: { emails: string[] } }>(`SELECT value FROM rm_settings WHERE key = 'coordinators'`);
    return { emails: rows[0]?.value.emails ?? [] };
  }

  @Put('settings/coordinators')
  @Roles('admin')
  @ApiBody({ schema: { example: { emails: ['vpcp@example.org'] } } })
  async setCoordinators(@Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    const data = objectBody(body);
    const checks = new FieldChecks();
    if (!Array.isArray(data.emails)) checks.run(() => { throw DomainError.invalid('emails', 'must be a list of email addresses'); });
    const emails = Array.isArray(data.emails) ? data.emails.map((e, i) => checks.run(() => requiredEmail(e, `emails[${i}]`))) : [];
    checks.throwIfAny();
    const unique = [...new Set(emails)];
    const outcome = await this.commands.run(COORDINATORS_STREAM, settingsFold, requestMeta(req, actor, data), () => [
      { type: 'CoordinatorsSet', data: { emails: unique } },
    ]);
    await this.settle(outcome.position);
    return { emails: unique, version: outcome.version, position: outcome.position };
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
