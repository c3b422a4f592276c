import { randomUUID } from 'node:crypto';
import { DEFAULT_TIME_ZONE, WorkingDays, agencyStreamId, taskIdFromCode, taskStreamId } from '@app/domain';
import { ConcurrencyError, EventMetadata, EventStore, expect as expectVersion } from '@app/event-store';
import { ImportInput, ImportOptions, ImportRecord, ImportReport, ImportedRow, KindCounts, TaskRecord, AgencyRecord } from './import.types';
import { PlannedRow, planAgencyRow, planTaskRow, toIssue } from './plan-rows';

export const IMPORT_ACTOR = { role: 'admin', name: 'import' } as const;

const counts = (total: number): KindCounts => ({ total, imported: 0, skipped: 0, failed: 0 });

/**
 * Bulk import of agencies and tasks through the domain deciders, with backdated business time.
 *
 * 1. Every row is decided first, without touching the store (AssignTask at its assignment
 *    date, then ExtendDeadline / CompleteTask at theirs; RegisterAgency for agencies), and every
 *    bad field of every row is collected with its line. Lead and coordinating agencies must exist
 *    in the store or be registered by a good row of the same import.
 * 2. Without `partial`, one bad row means nothing is appended; with it, the good rows are.
 * 3. Each good row is appended to its own new stream (expected version "no stream"), all its
 *    events at once: a code already in the store is skipped, so re-running an import appends
 *    nothing. Record time is `now`; business time is each event's own date.
 */
export async function importData(
  store: EventStore,
  calendar: WorkingDays,
  input: ImportInput,
  options: ImportOptions,
): Promise<ImportReport> {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const ctx = { calendar, timeZone, now: options.now };
  const report: ImportReport = {
    dryRun: options.dryRun ?? false,
    partial: options.partial ?? false,
    agencies: counts(input.agencies.length),
    tasks: counts(input.tasks.length),
    issues: [...input.fileIssues],
    warnings: [...input.warnings],
    skipped: [],
    rows: [],
    events: 0,
    lastPosition: null,
  };
  if (input.fileIssues.length) {
    // the file itself is unusable (unreadable, a required column missing): no row is looked at
    report.agencies.failed = input.agencies.length;
    report.tasks.failed = input.tasks.length;
    return report;
  }
  const total = input.agencies.length + input.tasks.length;
  let done = 0;
  const progress = (phase: 'validate' | 'import') => options.onProgress?.({ phase, done, total });

  // 1. decide every row
  const agencies = input.agencies.map((r) => planAgencyRow(r, ctx));
  duplicates(agencies, input.agencies);
  const existingAgencies = new Map<string, boolean>();
  const agencyExists = async (code: string) => {
    if (!existingAgencies.has(code)) existingAgencies.set(code, (await store.streamVersion(agencyStreamId(code))) > 0);
    return existingAgencies.get(code) as boolean;
  };
  const agencyRows = new Map<string, PlannedRow>();
  for (const plan of agencies) {
    if (plan.code && !agencyRows.has(plan.code)) agencyRows.set(plan.code, plan);
    done++;
    if (done % 50 === 0) progress('validate');
  }

  const tasks: PlannedRow[] = [];
  for (const record of input.tasks) {
    const plan = planTaskRow(record, ctx);
    for (const ref of plan.agencyRefs) {
      const inFile = agencyRows.get(ref.code);
      if (inFile && inFile.issues.length === 0) continue;
      if (await agencyExists(ref.code)) continue;
      const why = inFile ? `unknown agency ${ref.code} (its row at line ${inFile.line} is not valid)` : `unknown agency ${ref.code}`;
      plan.issues.push(toIssue(record, plan.code, { field: ref.field, message: why }));
      plan.events = [];
    }
    tasks.push(plan);
    done++;
    if (done % 50 === 0) progress('validate');
  }
  duplicates(tasks, input.tasks);
  done = total;
  progress('validate');

  const bad = [...agencies, ...tasks].filter((p) => p.issues.length > 0);
  for (const plan of bad) report.issues.push(...plan.issues);
  report.agencies.failed = agencies.filter((p) => p.issues.length).length;
  report.tasks.failed = tasks.filter((p) => p.issues.length).length;
  const outcomes = new Map<PlannedRow, ImportedRow['outcome']>(bad.map((p) => [p, 'invalid']));
  const finish = () => {
    report.rows = [
      ...agencies.map((p, i) => describeRow(p, outcomes.get(p) ?? 'valid', input.agencies[i])),
      ...tasks.map((p, i) => describeRow(p, outcomes.get(p) ?? 'valid', input.tasks[i])),
    ].sort((a, b) => a.line - b.line);
    return report;
  };
  if (bad.length > 0 && !report.partial) return finish();

  // 2. append the good rows, each to a new stream; an existing one is skipped
  const correlationId = randomUUID();
  const metadata: EventMetadata = { actor: { ...(options.actor ?? IMPORT_ACTOR) }, correlationId };
  const good = [...agencies, ...tasks].filter((p) => p.issues.length === 0);
  done = 0;
  progress('import');
  for (const plan of good) {
    const counter = plan.kind === 'agency' ? report.agencies : report.tasks;
    const streamId = plan.kind === 'agency' ? agencyStreamId(plan.code as string) : taskStreamId(taskIdFromCode(plan.code as string));
    const skip = () => {
      outcomes.set(plan, 'unchanged');
      counter.skipped++;
      report.skipped.push({ kind: plan.kind, line: plan.line, code: plan.code as string });
    };
    if ((await store.streamVersion(streamId)) > 0) {
      skip(); // already there: an earlier import, or the API
    } else if (options.dryRun) {
      outcomes.set(plan, 'create');
      counter.imported++;
    } else {
      try {
        const result = await store.append(
          streamId,
          plan.events.map((e) => ({ type: e.type, data: e.data, occurredAt: e.occurredAt, metadata })),
          { expectedVersion: expectVersion.noStream(), recordedAt: options.now },
        );
        outcomes.set(plan, 'create');
        counter.imported++;
        report.events += result.events.length;
        report.lastPosition = Math.max(report.lastPosition ?? 0, result.position);
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) throw error;
        skip();
      }
    }
    done++;
    if (done % 10 === 0 || done === good.length) options.onProgress?.({ phase: 'import', done, total: good.length });
  }
  return finish();
}

/** A row for the preview, from its first decided event, or as written in the file when it has none (an invalid row). */
function describeRow(plan: PlannedRow, outcome: ImportedRow['outcome'], record: ImportRecord): ImportedRow {
  const data = plan.events[0]?.data;
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
  const written = record.values as Record<string, unknown>;
  const deadline = data?.deadline as { lastDay?: unknown } | null | undefined;
  return {
    kind: plan.kind,
    line: plan.line,
    code: plan.code,
    outcome,
    name: text(plan.kind === 'agency' ? (data?.name ?? written.name) : (data?.title ?? written.title)),
    leadAgency: plan.kind === 'task' ? text(data?.leadAgency ?? written.leadAgency) : null,
    deadline: data ? text(deadline?.lastDay) : text(written.deadline),
  };
}

/** Convenience: tasks only (their agencies must already be in the store). */
export function importTasks(store: EventStore, calendar: WorkingDays, rows: TaskRecord[], options: ImportOptions): Promise<ImportReport> {
  return importData(store, calendar, { agencies: [], tasks: rows, fileIssues: [], warnings: [] }, options);
}

/** Convenience: agencies only. */
export function importAgencies(
  store: EventStore,
  calendar: WorkingDays,
  rows: AgencyRecord[],
  options: ImportOptions,
): Promise<ImportReport> {
  return importData(store, calendar, { agencies: rows, tasks: [], fileIssues: [], warnings: [] }, options);
}

/** The same code twice in one import: the later rows are refused, naming the first one's line. */
function duplicates(plans: PlannedRow[], records: (TaskRecord | AgencyRecord)[]): void {
  const first = new Map<string, PlannedRow>();
  plans.forEach((plan, i) => {
    if (!plan.code) return;
    const key = plan.kind === 'task' ? taskIdFromCode(plan.code) : plan.code;
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, plan);
      return;
    }
    plan.issues.push(
      toIssue(records[i], plan.code, { field: 'code', message: `${plan.code} is already on line ${earlier.line} of this import` }),
    );
    plan.events = [];
  });
}
