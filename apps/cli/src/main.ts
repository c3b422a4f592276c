import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DomainError, systemClock } from '@app/domain';
import { Anchoring, ConfigError, loadConfig, type AppConfig } from '@app/platform';
import { CliError } from './cli-error';
import { registerImportExportCommands } from './import-export.commands';
import { openCliStore, type CliStore } from './open-store';
import { registerReportCommands } from './report.commands';
import { rebuildReadModels } from './rebuild.command';
import { replayTask } from './replay.command';
import { registerTokenCommands } from './token.command';
import { registerUsersCommands } from './users.commands';
import { verifyEventStore } from './verify.command';
import { orCliError, printAnchorVerdicts, readAnchorsFile, registerAnchorCommands } from './anchor.commands';

/**
 * Operator commands, run as `npm run cli -- <command>`. They open the database directly (no Nest
 * application, no HTTP server). With the embedded store (no DATABASE_URL) stop the engine
 * first: PGlite's files cannot be shared between processes.
 */
export function buildProgram(): Command {
  const program = new Command('cli')
    .description('Deadline engine operator commands (config/engine.yaml + environment, like the API and worker)')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();

  program
    .command('rebuild')
    .description(
      'replay the whole event history into new read models beside the serving ones, then switch to them in one transaction (reports keep answering meanwhile)',
    )
    .option('--in-place', 'empty the serving read models and replay into them (faster; reports are empty or partial meanwhile)')
    .option(
      '--batch-size <n>',
      'events per transaction (larger batches rebuild faster; memory stays bounded by one batch)',
      positiveInt,
      20_000,
    )
    .action((opts: { batchSize: number; inPlace?: boolean }) =>
      withStore(async ({ db, store, description }, config) => {
        process.stderr.write(`database: ${description}\n`);
        await rebuildReadModels(db, store, process.stdout, {
          progress: process.stderr,
          batchSize: opts.batchSize,
          inPlace: opts.inPlace === true,
          timeZone: config.DEADLINE_TIMEZONE,
        });
        return 0;
      }),
    );

  program
    .command('migrate')
    .description(
      'create or update the event tables (as DATABASE_OWNER_URL when set, granting the engine role of DATABASE_URL only reading and appending events) and the read models',
    )
    .action(() =>
      withStore(async ({ description, prepared }) => {
        process.stderr.write(`database: ${description}\n`);
        process.stdout.write(
          prepared.migratedAs === 'owner'
            ? 'migrated: event tables as the owner role, read models as the engine role\n'
            : 'migrated: everything as one role (set DATABASE_OWNER_URL to keep the event tables from the engine)\n',
        );
        return 0;
      }),
    );

  program
    .command('verify')
    .description(
      "check every stream's hash chain and versions, and the history against anchors kept outside the database; exit code 1 when anything is wrong",
    )
    .option('--anchors <file>', 'anchors as JSON lines (default: ANCHOR_FILE when it exists)')
    .option('--public-key <file>', "the published public key (PEM) to check the anchors with (default: the engine's)")
    .option('--no-anchors', 'check the chains only')
    .action((opts: { anchors?: string | boolean; publicKey?: string }) =>
      withStore(async ({ db, store, description }, config) => {
        process.stderr.write(`database: ${description}\n`);
        const result = await verifyEventStore(db, store, process.stdout);
        if (opts.anchors === false || config.EVENT_STORE !== 'postgres') return result.ok ? 0 : 1;
        const anchoring = new Anchoring(db, store, config, systemClock);
        const anchors = typeof opts.anchors === 'string' ? readAnchorsFile(opts.anchors) : anchoring.list();
        const publicKey = opts.publicKey ? readFileSync(path.resolve(opts.publicKey), 'utf8') : undefined;
        const anchored = await orCliError(() => anchoring.verify(anchors, publicKey));
        printAnchorVerdicts(anchored, process.stdout);
        return anchored.ok ? 0 : 1;
      }),
    );

  program
    .command('replay')
    .description("print a task's state folded from its events, as JSON")
    .argument('<taskIdOrCode>', 'task id (uuid) or task code, e.g. NQ71-012')
    .option('--as-of <time>', 'business time: events that occurred by then; status evaluated then (2026-01-15 or ISO-8601 with offset)')
    .option('--known-at <time>', 'record time: only events recorded by then')
    .action((taskIdOrCode: string, opts: { asOf?: string; knownAt?: string }) =>
      withStore(async ({ db, store }, config) => {
        await replayTask(db, store, process.stdout, taskIdOrCode, {
          asOf: opts.asOf,
          knownAt: opts.knownAt,
          timeZone: config.DEADLINE_TIMEZONE,
          dueSoonDays: config.DUE_SOON_DAYS,
        });
        return 0;
      }),
    );

  registerImportExportCommands(program, withStore);
  registerTokenCommands(program);
  registerUsersCommands(program);
  registerAnchorCommands(program, withStore);
  registerReportCommands(program, withStore);

  return program;
}

let exitCode = 0;

async function withStore(run: (store: CliStore, config: AppConfig) => Promise<number>): Promise<void> {
  const config = loadConfig();
  const opened = await openCliStore(config);
  try {
    exitCode = await run(opened, config);
  } finally {
    await opened.close();
  }
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number above 0');
  return n;
}

/** Expected failures print one line; anything else too, with its stack only when DEBUG is set. */
function report(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode; // commander already printed it (or help/version: 0)
  const expected = error instanceof CliError || error instanceof ConfigError || error instanceof DomainError;
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`error: ${message.split('\n')[0]}\n`);
  if (!expected && process.env.DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return 1;
}

if (require.main === module) {
  buildProgram()
    .parseAsync(process.argv)
    .then(
      () => exitCode,
      (error) => report(error),
    )
    .then((code) => process.exit(code));
}
