import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { SingleBar } from 'cli-progress';
import { DEFAULT_TIME_ZONE, WorkingDays } from '@app/domain';
import type { EventStore, SqlDatabase } from '@app/event-store';
import { CalendarService } from '@app/platform';
import {
  ImportFormat,
  ImportInput,
  ImportIssue,
  ImportProgress,
  ImportReport,
  RecordKind,
  importData,
  mergeInputs,
  parseImportFile,
  parseXlsx,
} from '@app/platform/import';
import { CliError, type Output } from './cli-error';

export interface ImportCommandOptions {
  format?: ImportFormat;
  kind?: RecordKind;
  partial?: boolean;
  dryRun?: boolean;
  /** DEADLINE_TIMEZONE */
  timeZone?: string;
  /** record time; tests pin it */
  now?: () => Date;
  /** where the progress bar goes (drawn only on a terminal) */
  progress?: Output;
  /** print the whole report as JSON instead of text */
  json?: boolean;
  /** the working-day calendar; default: the shipped years plus what admins set (rm_settings) */
  calendar?: WorkingDays;
}

/**
 * `import <file...>`: reads CSV/JSON files (docs/import-format.md), imports them as one batch
 * through the import core and prints a summary and every bad row by file and line.
 * The caller exits 1 when rows failed and nothing was imported (also in a dry run).
 */
export async function importFiles(
  db: SqlDatabase,
  store: EventStore,
  output: Output,
  files: string[],
  options: ImportCommandOptions = {},
): Promise<ImportReport> {
  if (files.length === 0) throw new CliError('import: give at least one file');
  const inputs: ImportInput[] = [];
  for (const file of files) {
    let content: Buffer;
    try {
      content = readFileSync(file);
    } catch (error) {
      throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    // Excel workbooks in the import format (the console's and the API's .xlsx): the same rows as a CSV
    if (/\.xlsx$/i.test(file)) inputs.push(await parseXlsx(content, path.basename(file), options.timeZone ?? DEFAULT_TIME_ZONE));
    else
      inputs.push(
        parseImportFile(content, {
          format: options.format,
          kind: options.kind,
          fileName: files.length > 1 ? path.basename(file) : undefined,
        }),
      );
  }
  const input = mergeInputs(inputs);
  const calendar = options.calendar ?? (await new CalendarService(db, 0).calendar());
  const bar = progressBar(options.progress ?? output);
  let report: ImportReport;
  try {
    report = await importData(store, calendar, input, {
      now: (options.now ?? (() => new Date()))(),
      dryRun: options.dryRun,
      partial: options.partial,
      timeZone: options.timeZone ?? DEFAULT_TIME_ZONE,
      onProgress: bar.update,
    });
  } finally {
    bar.stop();
  }
  output.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatImportReport(report));
  return report;
}

/** true when the import should exit 1: rows failed and nothing landed */
export function importFailed(report: ImportReport): boolean {
  const failed = report.agencies.failed + report.tasks.failed + (report.issues.some((i) => i.kind === 'file') ? 1 : 0);
  const imported = report.agencies.imported + report.tasks.imported;
  return failed > 0 && (imported === 0 || report.dryRun);
}

export function formatImportReport(report: ImportReport): string {
  const lines: string[] = [];
  for (const w of report.warnings) lines.push(`warning: ${w}`);
  for (const issue of report.issues) lines.push(formatIssue(issue));
  const kinds: [string, ImportReport['tasks']][] = [
    ['agencies', report.agencies],
    ['tasks', report.tasks],
  ];
  const verb = report.dryRun ? 'would import' : 'imported';
  for (const [name, c] of kinds) {
    if (c.total === 0 && c.failed === 0) continue;
    lines.push(`${name}: ${c.total} rows, ${c.imported} ${verb}, ${c.skipped} skipped (already there), ${c.failed} failed`);
  }
  const failed = report.agencies.failed + report.tasks.failed;
  const fileProblem = report.issues.some((i) => i.kind === 'file');
  if (fileProblem) lines.push('nothing imported: the file cannot be imported as it is');
  else if (failed > 0 && !report.partial) {
    lines.push(
      `nothing ${report.dryRun ? 'would be ' : ''}imported: ${failed} row${failed === 1 ? ' has' : 's have'} errors (fix them, or add --partial to import the good rows)`,
    );
  } else if (report.dryRun) lines.push('dry run: nothing appended');
  else lines.push(`events appended: ${report.events}${report.lastPosition !== null ? ` (last position ${report.lastPosition})` : ''}`);
  return `${lines.join('\n')}\n`;
}

export function formatIssue(issue: ImportIssue): string {
  const where = `${issue.file ? `${issue.file}:` : ''}line ${issue.line}`;
  const code = issue.code ? ` [${issue.code}]` : '';
  const column = issue.column && issue.column !== issue.field.replace(/\[\d+\]$/, '') ? ` ("${issue.column}")` : '';
  return `${where}${code} ${issue.field}${column}: ${issue.message}`;
}

function progressBar(stream: Output): { update: (p: ImportProgress) => void; stop: () => void } {
  const bar = new SingleBar({
    stream,
    format: '{phase} [{bar}] {percentage}% | {value}/{total} rows | {eta_formatted} left',
    hideCursor: true,
    clearOnComplete: false,
    etaBuffer: 50,
  });
  let phase: string | null = null;
  return {
    update: (p) => {
      const label = p.phase === 'validate' ? 'checking ' : 'importing';
      if (phase !== p.phase) {
        if (phase !== null) bar.stop();
        bar.start(p.total, p.done, { phase: label });
        phase = p.phase;
      } else {
        bar.update(p.done, { phase: label });
      }
    },
    stop: () => {
      if (phase !== null) bar.stop();
    },
  };
}
