import { Controller, HttpCode, Inject, Post, Query, Req, UploadedFile, UseInterceptors } from '@nestjs/common';
import type { Request } from 'express';
import { FileInterceptor } from '@nestjs/platform-express';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CLOCK, Clock, DomainError, localizeError } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { APP_CONFIG, AppConfig, CalendarService } from '@app/platform';
import { ImportInput, importData, parseImportFile, parseXlsx } from '@app/platform/import';
import { EVENTS_APPENDED } from '@app/runtime';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.guard';
import { flagParam } from '../http/body';
import { requestLanguage } from '../http/request-language';
import { ApiAuthenticated, ApiErrors } from '../openapi/api-errors';

/** The largest file an import takes (a year of the Government Office's tasks is well under it). */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;

class ImportError {
  @ApiProperty({ type: 'integer', description: "the row's line in the file (its row number in the sheet)" })
  row: number;
  @ApiProperty({ example: 'deadline' })
  field: string;
  @ApiProperty()
  message: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'the column header as written in the file' })
  column?: string | null;
}

class ImportRow {
  @ApiProperty({ type: 'integer', description: "the row's line in the file" })
  row: number;
  @ApiProperty({ enum: ['agency', 'task'] })
  kind: string;
  @ApiProperty({ type: String, nullable: true })
  code: string | null;
  @ApiProperty({
    enum: ['create', 'unchanged', 'invalid', 'valid'],
    description:
      'create: appended (or would be, on a dry run); unchanged: its code is already there; invalid: see errors; valid: good, not looked up because another row is bad',
  })
  outcome: string;
  @ApiProperty({ type: String, nullable: true, description: "the task's title or the agency's name" })
  name: string | null;
  @ApiProperty({ type: String, nullable: true })
  leadAgency: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "the deadline's last day, YYYY-MM-DD (as written in the file for an invalid row)",
  })
  deadline: string | null;
}

class ImportAnswer {
  @ApiProperty({ type: 'integer', description: 'tasks and agencies appended (or that would be, on a dry run)' })
  created: number;
  @ApiProperty({ type: 'integer', description: 'rows whose code was already there: nothing appended for them' })
  unchanged: number;
  @ApiProperty({ type: [ImportError] })
  errors: ImportError[];
  @ApiProperty({ type: [ImportRow], description: 'every row of the file with its outcome, in file order' })
  rows: ImportRow[];
  @ApiProperty()
  dryRun: boolean;
  @ApiProperty({ type: [String] })
  warnings: string[];
  @ApiProperty({ type: 'integer', nullable: true, description: 'pass as minPosition to read the imported tasks' })
  position: number | null;
}

class ImportUpload {
  @ApiProperty({ type: 'string', format: 'binary', description: '.xlsx, or .csv in the format of docs/import-format.md' })
  file: unknown;
}

/**
 * Importing tasks and agencies from a spreadsheet (api.md "Documents"): the same rules as the
 * CLI's CSV import (backdated business times, idempotent by code, every bad row by line and
 * field, nothing appended unless `partial`), for an uploaded .xlsx or .csv.
 */
@ApiTags('documents')
@ApiAuthenticated()
@Controller('imports')
export class ImportsController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly calendars: CalendarService,
    private readonly emitter: EventEmitter2,
  ) {}

  @Post()
  @HttpCode(200)
  @Roles('coordinator')
  @ApiOperation({ summary: 'Import tasks and agencies from an .xlsx or .csv file; dryRun checks every row and appends nothing' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: ImportUpload })
  @ApiQuery({ name: 'dryRun', required: false, schema: { type: 'boolean' } })
  @ApiQuery({ name: 'partial', required: false, schema: { type: 'boolean' }, description: 'import the good rows even when some are bad' })
  @ApiOkResponse({ type: ImportAnswer })
  @ApiErrors(400, 413)
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: IMPORT_MAX_BYTES, files: 1 } }))
  async import(
    @UploadedFile() file: { buffer: Buffer; originalname: string } | undefined,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Query('dryRun') dryRunText?: string,
    @Query('partial') partialText?: string,
  ): Promise<ImportAnswer> {
    const dryRun = flagParam(dryRunText, 'dryRun');
    const partial = flagParam(partialText, 'partial');
    if (!file) throw DomainError.invalid('file', 'is required');
    const name = file.originalname || 'import';
    const isXlsx = /\.xlsx$/i.test(name) || file.buffer.subarray(0, 2).toString('latin1') === 'PK';
    const input: ImportInput = isXlsx
      ? await parseXlsx(file.buffer, name, this.config.DEADLINE_TIMEZONE)
      : parseImportFile(file.buffer, { fileName: name, format: /\.json$/i.test(name) ? 'json' : 'csv' });
    const language = requestLanguage(req);
    // each row's fault in the caller's language, as every other 400 (the field names stay)
    const inLanguage = (field: string, message: string) =>
      localizeError({ code: 'validation_failed', message, details: [{ field, message }] }, language).details[0].message;
    const report = await importData(this.store, await this.calendars.calendar(), input, {
      now: this.clock.now(),
      dryRun,
      partial,
      timeZone: this.config.DEADLINE_TIMEZONE,
      actor: { role: actor.role, name: actor.name, ...(actor.agency ? { agency: actor.agency } : {}) },
    });
    if (report.lastPosition !== null) this.emitter.emit(EVENTS_APPENDED, report.lastPosition);
    return {
      created: report.agencies.imported + report.tasks.imported,
      unchanged: report.skipped.length,
      errors: report.issues.map((i) => ({
        row: i.line,
        field: i.field,
        message: inLanguage(i.field, i.message),
        column: i.column ?? null,
      })),
      rows: report.rows.map(({ line, ...row }) => ({ row: line, ...row })),
      dryRun: report.dryRun,
      warnings: report.warnings,
      position: report.lastPosition,
    };
  }
}
