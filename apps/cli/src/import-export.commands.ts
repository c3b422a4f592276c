import { Argument, Command, InvalidArgumentError, Option } from 'commander';
import type { AppConfig } from '@app/platform';
import type { CliStore } from './open-store';
import { EXPORT_FORMATS, EXPORT_REPORTS, ExportFormat, ExportReport, exportReport } from './export.command';
import { importFailed, importFiles } from './import.command';
import { simulateCommand } from './simulate.command';

/** main.ts's runner: opens the store, runs, closes it; the number returned is the exit code. */
export type WithStore = (run: (store: CliStore, config: AppConfig) => Promise<number>) => Promise<void>;

/** `import`, `export` and `simulate` (docs/import-format.md, docs/demo.md). */
export function registerImportExportCommands(program: Command, withStore: WithStore): void {
  program
    .command('import')
    .description(
      'import agencies and tasks from CSV, JSON or Excel (.xlsx) files (docs/import-format.md) through the domain commands, backdated; idempotent on the code',
    )
    .argument('<files...>', 'CSV, JSON or .xlsx files, imported as one batch (agencies first)')
    .addOption(new Option('--format <format>', 'file format (default: from the extension)').choices(['csv', 'json']))
    .addOption(new Option('--kind <kind>', 'what the rows are (default: guessed from the header)').choices(['task', 'agency']))
    .option('--partial', 'import the good rows even when some rows are bad (default: one bad row imports nothing)')
    .option('--dry-run', 'check every row and report, append nothing')
    .option('--json', 'print the report as JSON')
    .action(
      (files: string[], opts: { format?: 'csv' | 'json'; kind?: 'task' | 'agency'; partial?: boolean; dryRun?: boolean; json?: boolean }) =>
        withStore(async ({ db, store, description }, config) => {
          process.stderr.write(`database: ${description}\n`);
          const report = await importFiles(db, store, process.stdout, files, {
            ...opts,
            timeZone: config.DEADLINE_TIMEZONE,
            progress: process.stderr,
          });
          return importFailed(report) ? 1 : 0;
        }),
    );

  program
    .command('export')
    .description(
      'write a report as CSV or as the Excel workbook the API serves: tasks (re-importable), summary, agencies (the ranking) or monthly-plan',
    )
    .addArgument(new Argument('<report>', 'what to export').choices([...EXPORT_REPORTS]))
    .requiredOption('--out <file>', 'the file to write (.csv or .xlsx)')
    .addOption(new Option('--format <format>', 'csv or xlsx (default: xlsx for a file named .xlsx, else csv)').choices([...EXPORT_FORMATS]))
    .option('--as-of <time>', 'business time to evaluate at (2026-01-15 or ISO-8601 with offset; default now)')
    .option('--known-at <time>', 'record time: only what the system knew by then')
    .option('--year <year>', 'monthly-plan: the year (default: that of --as-of)', year)
    .option('--agency <code>', 'only tasks led by this agency')
    .option('--source <ref>', 'only tasks of this source document, e.g. 71/NQ-CP (tasks, summary)')
    .addOption(new Option('--lang <lang>', 'header names of a CSV (workbooks are Vietnamese)').choices(['vi', 'en']))
    .action(
      (
        report: ExportReport,
        opts: {
          out: string;
          format?: ExportFormat;
          asOf?: string;
          knownAt?: string;
          year?: number;
          agency?: string;
          source?: string;
          lang?: 'vi' | 'en';
        },
      ) =>
        withStore(async ({ db, store }, config) => {
          await exportReport(db, store, process.stdout, report, opts.out, {
            ...opts,
            timeZone: config.DEADLINE_TIMEZONE,
            dueSoonDays: config.DUE_SOON_DAYS,
          });
          return 0;
        }),
    );

  program
    .command('simulate')
    .description('dry-run the reminder and escalation rules: which notices would be sent between two times (nothing is sent)')
    .requiredOption('--from <time>', 'start (a date means its start, in DEADLINE_TIMEZONE)')
    .requiredOption('--to <time>', 'end (a date means its end)')
    .option('--rules <file.json>', 'unsaved rules to try instead of the saved ones')
    .option('--out <file.csv>', 'write the notices as CSV')
    .option('--json', 'print the notices as JSON')
    .action((opts: { from: string; to: string; rules?: string; out?: string; json?: boolean }) =>
      withStore(async ({ db, store }, config) => {
        await simulateCommand(db, store, process.stdout, { ...opts, rulesFile: opts.rules, timeZone: config.DEADLINE_TIMEZONE });
        return 0;
      }),
    );
}

function year(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1900 || n > 9999) throw new InvalidArgumentError('must be a year, e.g. 2026');
  return n;
}
