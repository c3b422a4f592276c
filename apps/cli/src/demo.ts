import 'reflect-metadata';
import * as path from 'node:path';
import { Logger } from '@nestjs/common';
import { SingleBar } from 'cli-progress';
import { CLOCK, COORDINATORS_STREAM, Clock, TASK_EVENT_TYPES, WorkingDays, taskIdFromCode, taskStreamId } from '@app/domain';
import { ConcurrencyError, EVENT_STORE, EventStore, expect as expectVersion } from '@app/event-store';
import { loadDefaultRules, seedDefaultRules } from '@app/escalation';
import { AppConfig, CalendarService, loadConfig, startDependencies } from '@app/platform';
import { ImportProgress, ImportReport, importData } from '@app/platform/import';
import { createApiApp } from '../../api/src/bootstrap';
import { DemoData, buildDemoData, demoImportInput } from './demo-data';
import { formatIssue } from './import.command';

export const DEMO_ACTOR = { role: 'admin', name: 'demo' } as const;

export interface DemoLoadResult {
  loaded: boolean;
  /** why nothing was loaded */
  reason?: string;
  data?: DemoData;
  report?: ImportReport;
  rules?: string[];
}

/**
 * Loads the demo data set into an event store holding no task yet: the 56 agencies and ~679
 * tasks through the import core (the same path as `npm run cli -- import`), backdated with
 * business time; then the reminder rules (the shipped defaults, without send windows unless
 * `officeHours`, so notices go out within minutes at any hour) and the coordinators' addresses.
 */
export async function loadDemo(
  store: EventStore,
  calendar: WorkingDays,
  clock: Clock,
  options: { timeZone: string; officeHours?: boolean; onProgress?: (p: ImportProgress) => void },
): Promise<DemoLoadResult> {
  const existing = await store.readFeed({ limit: 1, types: TASK_EVENT_TYPES });
  // (the feed hides events newer than the oldest running transaction: ask for DEMO-01's stream too)
  const demoLoaded = (await store.streamVersion(taskStreamId(taskIdFromCode('DEMO-01')))) > 0;
  if (existing.events.length > 0 || demoLoaded) return { loaded: false, reason: 'the store already holds tasks' };
  const now = clock.now();

  const data = buildDemoData({ now, calendar, timeZone: options.timeZone });

  const report = await importData(store, calendar, demoImportInput(data), {
    now,
    timeZone: options.timeZone,
    actor: { ...DEMO_ACTOR },
    onProgress: options.onProgress,
  });
  if (report.issues.length > 0) return { loaded: true, data, report, rules: [] }; // nothing was appended

  // Before the engine starts (its seeder then finds the rules there and leaves them).
  const rules = loadDefaultRules().map((rule) => (options.officeHours ? rule : { ...rule, sendWindow: null }));
  const seeded = await seedDefaultRules(store, clock, rules);

  if ((await store.streamVersion(COORDINATORS_STREAM)) === 0) {
    try {
      await store.append(
        COORDINATORS_STREAM,
        [{ type: 'CoordinatorsSet', data: { emails: data.coordinators }, metadata: { actor: { ...DEMO_ACTOR } }, occurredAt: now }],
        { expectedVersion: expectVersion.noStream(), recordedAt: now },
      );
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
    }
  }

  return { loaded: true, data, report, rules: seeded.created };
}

async function main(): Promise<void> {
  const officeHours = process.argv.includes('--office-hours');
  // The demo scans every 10 s unless told otherwise, so the first notices go out within a minute.
  const logger = new Logger('Demo');
  const { config } = await startDependencies(loadConfig({ SCAN_INTERVAL_MS: '10000', ...process.env }), (line) => logger.log(line));
  const app = await createApiApp(config, { withWorker: true });
  const store = app.get<EventStore>(EVENT_STORE);
  const clock = app.get<Clock>(CLOCK);
  const calendar = await app.get(CalendarService).calendar();

  const bar = new SingleBar({
    stream: process.stderr,
    format: 'loading demo data [{bar}] {percentage}% | {value}/{total} rows',
    hideCursor: true,
  });
  let started = false;
  const result = await loadDemo(store, calendar, clock, {
    timeZone: config.DEADLINE_TIMEZONE,
    officeHours,
    onProgress: (p) => {
      if (p.phase !== 'import') return;
      if (!started) bar.start(p.total, p.done);
      else bar.update(p.done);
      started = true;
    },
  }).finally(() => started && bar.stop());

  if (!result.loaded) {
    logger.log(
      `demo data not loaded: ${result.reason} (DATA_DIR ${path.resolve(config.DATA_DIR)}${config.DATABASE_URL ? `, ${config.DATABASE_SCHEMA} schema` : ''}); remove it or set DATA_DIR for a fresh demo`,
    );
  } else {
    const r = result.report!;
    for (const issue of r.issues) logger.error(`demo data: ${formatIssue(issue)}`);
    if (r.issues.length) throw new Error(`the demo data set has ${r.issues.length} bad fields (a bug): nothing loaded`);
    const b = result.data!.buckets;
    logger.log(
      `demo data loaded: ${r.agencies.imported} agencies, ${r.tasks.imported} tasks (${b.completedOnTime + b.completedLate} completed, ${b.completedOnTime} on time; ` +
        `${b.overdue} overdue; ${b.onTrack + b.dueSoon + b.ongoing} in progress), ${r.events} events`,
    );
    logger.log(`tasks placed around today: ${result.data!.aroundToday.join(', ')}`);
    if (result.rules?.length)
      logger.log(`reminder rules created${officeHours ? '' : ' without send windows (demo)'}: ${result.rules.join(', ')}`);
    else
      logger.warn(
        'reminder rules were already in the store and are kept as they are: their send windows may hold notices until working hours',
      );
  }

  await app.listen(config.PORT);
  printHowTo(config);
}

function printHowTo(config: AppConfig): void {
  const base = `http://localhost:${config.PORT}`;
  const token = config.AUTH_TOKENS.length
    ? 'TOKEN=<an admin or coordinator token from AUTH_TOKENS>'
    : `TOKEN=$(cat ${path.join(config.DATA_DIR, 'admin-token')})`;
  const mail = config.SMTP_URL
    ? `the SMTP server at ${config.SMTP_URL.replace(/\/\/([^:@/]+):([^@/]+)@/, '//$1:***@')}`
    : `${path.join(path.resolve(config.DATA_DIR), 'outbox')}/*.eml`;
  process.stdout.write(
    [
      '',
      `Demo running on ${base} (OpenAPI: ${base}/api/docs). Try:`,
      `  ${token}`,
      `  curl -s ${base}/api/v1/reports/summary -H "Authorization: Bearer $TOKEN"`,
      `  curl -s ${base}/api/v1/reports/agencies -H "Authorization: Bearer $TOKEN"`,
      `  curl -s "${base}/api/v1/tasks?status=overdue" -H "Authorization: Bearer $TOKEN"`,
      `  curl -s ${base}/api/v1/tasks/DEMO-06/history -H "Authorization: Bearer $TOKEN"`,
      `Reminder and escalation emails: ${mail} (the scanner runs every ${config.SCAN_INTERVAL_MS / 1000} s).`,
      'Stop with Ctrl+C; docs/demo.md says more.',
      '',
    ].join('\n'),
  );
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
