import { writeFileSync } from 'node:fs';
import {
  DEFAULT_TIME_ZONE,
  TASK_EVENT_TYPES,
  TaskEvent,
  TaskState,
  formatInZone,
  parseInstant,
  taskDecider,
  taskRisk,
  taskStatus,
} from '@app/domain';
import type { EventStore, FeedCursor, SqlDatabase } from '@app/event-store';
import {
  CheckpointMovedError,
  Projector,
  ReportEvaluator,
  ReportFilter,
  StatusRules,
  TASK_STATUS_VI,
  WorkbookTask,
  buildMonthlyPlan,
  buildRanking,
  buildSummary,
  evaluationAt,
  monthlyWorkbook,
  rankingWorkbook,
  summaryWorkbook,
  tasksWorkbook,
} from '@app/projections';
import { allReadModels } from '@app/runtime';
import { CliError, type Output } from './cli-error';
import { Cell, toCsv } from './export-csv';

export const EXPORT_REPORTS = ['tasks', 'summary', 'agencies', 'monthly-plan'] as const;
export type ExportReport = (typeof EXPORT_REPORTS)[number];
export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  /** business time the report is evaluated at (default now) */
  asOf?: string;
  /** record time: only events recorded by then */
  knownAt?: string;
  /** monthly-plan: the year (default: the year of asOf) */
  year?: number;
  /** only tasks led by this agency */
  agency?: string;
  /** only tasks of this source document ref (e.g. 71/NQ-CP) */
  source?: string;
  timeZone?: string;
  dueSoonDays?: number;
  /** header names: Vietnamese (default) or the API's English field names (CSV only) */
  lang?: 'vi' | 'en';
  /** csv, or xlsx: the workbook the API serves for the same report (default: from the file's extension) */
  format?: ExportFormat;
  now?: () => Date;
}

export interface ExportResult {
  report: ExportReport;
  file: string;
  format: ExportFormat;
  rows: number;
  asOf: string;
}

/** [English key, Vietnamese header] */
type Column = [string, string];

/**
 * `export <report> --out <file.csv|file.xlsx>`: a report as CSV (UTF-8 with BOM, for
 * spreadsheets) or as the Excel workbook the API serves for it (`--format xlsx`, or a file named
 * .xlsx: the same builders, libs/projections/src/reports/documents/report-workbooks.ts).
 * - tasks: every task folded from its events as of `asOf` (known at `knownAt`), with the import
 *   format's Vietnamese headers, so the file imports back (docs/import-format.md), plus its status;
 * - summary, agencies (the ranking), monthly-plan: the same figures as GET /reports/* (the
 *   report core in libs/projections/src/reports), after catching the read models up.
 * Statuses and counts are worded as the workbooks and the console word them: "Sắp đến hạn" is
 * due_soon, "Có nguy cơ chậm" the early warning's atRisk.
 */
export async function exportReport(
  db: SqlDatabase,
  store: EventStore,
  output: Output,
  report: ExportReport,
  file: string,
  options: ExportOptions = {},
): Promise<ExportResult> {
  if (!EXPORT_REPORTS.includes(report)) throw new CliError(`export: unknown report "${report}" (one of ${EXPORT_REPORTS.join(', ')})`);
  const format: ExportFormat = options.format ?? (/\.xlsx$/i.test(file) ? 'xlsx' : 'csv');
  if (!EXPORT_FORMATS.includes(format)) throw new CliError(`--format: must be one of ${EXPORT_FORMATS.join(', ')}`);
  if (format === 'xlsx' && options.lang === 'en')
    throw new CliError('--lang en: the .xlsx workbooks have Vietnamese headers only (use CSV)');
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const now = (options.now ?? (() => new Date()))();
  const asOf = options.asOf === undefined ? null : parseInstant(options.asOf, '--as-of', timeZone);
  const knownAt = options.knownAt === undefined ? null : parseInstant(options.knownAt, '--known-at', timeZone);
  const rules: StatusRules = { dueSoonDays: options.dueSoonDays ?? 7, timeZone };
  const at = asOf ?? now;
  const lang = options.lang ?? 'vi';
  const filter: ReportFilter = { agency: options.agency, source: options.source };
  const when = evaluationAt(now, asOf, knownAt);
  // The API's figures, by the API's evaluator: one definition of every report.
  const evaluator = async () => {
    await catchUpReadModels(db, store, timeZone);
    return new ReportEvaluator(db, store, rules);
  };

  let content: string | Buffer;
  let rows: number;
  if (format === 'xlsx') {
    const asOfDay = formatInZone(at, timeZone);
    const asOfText = `${asOfDay.slice(8, 10)}/${asOfDay.slice(5, 7)}/${asOfDay.slice(0, 4)}`;
    if (report === 'tasks') {
      const states = await foldTasks(store, at, knownAt, filter);
      // the early warning weighs the agencies with a poor record, as the API's list does
      const poor = await (await evaluator()).poorAgencies(when);
      const items = states.map((s) => workbookTask(s, at, rules, poor));
      [content, rows] = [await tasksWorkbook(items, timeZone), items.length];
    } else if (report === 'summary') {
      const summary = await (await evaluator()).summary(when, filter);
      [content, rows] = [await summaryWorkbook(summary, asOfText), summary.byAgency.length + 1];
    } else if (report === 'agencies') {
      const ranking = (await (await evaluator()).ranking(when)).filter((r) => !options.agency || r.agency === options.agency);
      [content, rows] = [await rankingWorkbook(ranking, asOfText), ranking.length];
    } else {
      const plan = await (await evaluator()).monthlyPlan(when, options.year, options.agency);
      [content, rows] = [await monthlyWorkbook(plan.rows, plan.year), plan.rows.length];
    }
  } else {
    let table: { columns: Column[]; rows: Cell[][] };
    if (report === 'tasks') {
      table = tasksTable(await foldTasks(store, at, knownAt, filter), at, rules, lang);
    } else if (report === 'summary') {
      table = summaryTable(await (await evaluator()).summary(when, filter));
    } else if (report === 'agencies') {
      table = rankingTable((await (await evaluator()).ranking(when)).filter((r) => !options.agency || r.agency === options.agency));
    } else {
      table = monthlyTable((await (await evaluator()).monthlyPlan(when, options.year, options.agency)).rows);
    }
    content = toCsv(
      table.columns.map(([en, vi]) => (lang === 'en' ? en : vi)),
      table.rows,
    );
    rows = table.rows.length;
  }
  try {
    writeFileSync(file, content);
  } catch (error) {
    throw new CliError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const asOfText = formatInZone(at, timeZone);
  output.write(
    `exported ${report}: ${rows} row${rows === 1 ? '' : 's'} to ${file} (as of ${asOfText}${knownAt ? `, known at ${formatInZone(knownAt, timeZone)}` : ''})\n`,
  );
  return { report, file, format, rows, asOf: asOfText };
}

/** The reports read the read models: apply what the projector has not applied yet (a no-op when the engine keeps them current). */
export async function catchUpReadModels(db: SqlDatabase, store: EventStore, timeZone?: string): Promise<void> {
  try {
    await new Projector(store, db, allReadModels(timeZone)).catchUp();
  } catch (error) {
    if (!(error instanceof CheckpointMovedError)) throw error; // a running engine applied them meanwhile
  }
}

const TASK_COLUMNS: Column[] = [
  ['code', 'Mã nhiệm vụ'],
  ['title', 'Tên nhiệm vụ'],
  ['description', 'Mô tả'],
  ['source.ref', 'Văn bản giao'],
  ['source.kind', 'Loại văn bản'],
  ['source.issuedOn', 'Ngày ban hành'],
  ['leadAgency', 'Cơ quan chủ trì'],
  ['coordinatingAgencies', 'Cơ quan phối hợp'],
  ['assignee.name', 'Người phụ trách'],
  ['assignee.email', 'Email'],
  ['deliverable', 'Sản phẩm'],
  ['approver', 'Người phê duyệt'],
  ['deadline', 'Thời hạn'],
  ['priority', 'Mức độ ưu tiên'],
  ['assignedAt', 'Ngày giao'],
  ['extension.newDeadline', 'Gia hạn đến'],
  ['extension.reason', 'Lý do gia hạn'],
  ['extension.decisionRef', 'Văn bản gia hạn'],
  ['extension.extendedAt', 'Ngày gia hạn'],
  ['completion.completedAt', 'Ngày hoàn thành'],
  ['completion.deliverableRef', 'Văn bản hoàn thành'],
  ['completion.note', 'Ghi chú hoàn thành'],
  // not imported: what the task's events make of it at asOf
  ['status', 'Trạng thái'],
  ['due', 'Hạn hiện hành'],
  ['extensions', 'Số lần gia hạn'],
  ['progress', 'Tiến độ'],
];

/** Tasks folded from their own events (no read model), as of `at`, known at `knownAt`, in code order. */
async function foldTasks(store: EventStore, at: Date, knownAt: Date | null, filter: ReportFilter): Promise<TaskState[]> {
  const states = new Map<string, TaskState>();
  let after: FeedCursor | undefined;
  for (;;) {
    const page = await store.readFeed({ after, limit: 5000, types: TASK_EVENT_TYPES });
    if (page.events.length === 0) break;
    for (const e of page.events) {
      if (e.occurredAt.getTime() > at.getTime() || (knownAt && e.recordedAt.getTime() > knownAt.getTime())) continue;
      const state = states.get(e.streamId) ?? taskDecider.initialState();
      states.set(e.streamId, taskDecider.evolve(state, e as unknown as TaskEvent, e.occurredAt));
    }
    after = page.cursor;
  }
  return [...states.values()]
    .filter((s) => s.exists && (!filter.agency || s.leadAgency === filter.agency) && (!filter.source || s.source?.ref === filter.source))
    .sort((a, b) => ((a.code as string) < (b.code as string) ? -1 : (a.code as string) > (b.code as string) ? 1 : 0));
}

/** A folded task as a row of the task workbook, as the API's task list shows it at `at`. */
function workbookTask(s: TaskState, at: Date, rules: StatusRules, poorAgencies: readonly string[]): WorkbookTask {
  const instant = (iso: string | null | undefined) => (iso ? formatInZone(new Date(iso), rules.timeZone) : null);
  return {
    code: s.code as string,
    title: s.title as string,
    source: s.source ? { kind: s.source.kind ?? null, ref: s.source.ref ?? null, issuedOn: s.source.issuedOn ?? null } : null,
    leadAgency: s.leadAgency as string,
    coordinatingAgencies: s.coordinatingAgencies,
    assignee: s.assignee ? { name: s.assignee.name, email: s.assignee.email ?? null } : null,
    priority: s.priority as string,
    status: taskStatus(s, at, rules),
    progress: s.progress ? { percent: s.progress.percent, note: s.progress.note ?? null } : null,
    completedAt: instant(s.completedAt),
    assignedAt: instant(s.assignedAt),
    deadline: { expression: s.deadline?.expression ?? 'ongoing', due: instant(s.deadline?.due), extensions: s.extensions.length },
    risk: taskRisk(s, at, poorAgencies, rules),
  };
}

/** The tasks under the import format's headers (so the file imports back), plus what their events make of them at `at`. */
function tasksTable(states: TaskState[], at: Date, rules: StatusRules, lang: 'vi' | 'en'): { columns: Column[]; rows: Cell[][] } {
  const tz = rules.timeZone;
  const instant = (iso: string | null | undefined) => (iso ? formatInZone(new Date(iso), tz) : null);
  const rows = states.map((s): Cell[] => {
    const last = s.extensions[s.extensions.length - 1];
    const status = taskStatus(s, at, rules);
    return [
      s.code,
      s.title,
      s.description,
      s.source?.ref,
      s.source?.kind,
      s.source?.issuedOn,
      s.leadAgency,
      s.coordinatingAgencies.join('; '),
      s.assignee?.name,
      s.assignee?.email,
      s.deliverable,
      s.approver,
      s.originalDeadline?.expression,
      s.priority,
      instant(s.assignedAt),
      last?.deadline.expression,
      last?.reason,
      last?.decisionRef,
      instant(last?.at),
      instant(s.completedAt),
      s.completion?.deliverableRef,
      s.completion?.note,
      lang === 'en' ? status : TASK_STATUS_VI[status],
      s.deadline?.due ? formatInZone(new Date(s.deadline.due), tz).slice(0, 10) : null,
      s.extensions.length,
      s.progress?.percent,
    ];
  });
  return { columns: TASK_COLUMNS, rows };
}

const COUNT_COLUMNS: Column[] = [
  ['total', 'Tổng số'],
  ['completed', 'Đã hoàn thành'],
  ['completedOnTime', 'Hoàn thành đúng hạn'],
  ['completedLate', 'Hoàn thành quá hạn'],
  ['inProgress', 'Đang thực hiện'],
  ['onTrack', 'Trong hạn'],
  ['dueSoon', 'Sắp đến hạn'],
  ['overdue', 'Quá hạn chưa hoàn thành'],
  ['ongoing', 'Thường xuyên'],
  ['cancelled', 'Đã hủy'],
  ['atRisk', 'Có nguy cơ chậm'],
  ['overdueRate', 'Tỷ lệ quá hạn'],
];

function summaryTable(summary: ReturnType<typeof buildSummary>): { columns: Column[]; rows: Cell[][] } {
  const counts = (c: Record<string, unknown>): Cell[] => COUNT_COLUMNS.map(([key]) => c[key] as Cell);
  return {
    columns: [['scope', 'Phạm vi'], ['key', 'Mã'], ['name', 'Tên'], ...COUNT_COLUMNS],
    rows: [
      ['all', '', 'Tổng cộng', ...counts(summary as unknown as Record<string, unknown>)],
      ...summary.byAgency.map((a): Cell[] => ['agency', a.agency, a.name, ...counts(a as unknown as Record<string, unknown>)]),
      ...summary.bySource.map((s): Cell[] => [
        'source',
        s.source ?? '',
        s.source ?? '(không có văn bản)',
        ...counts(s as unknown as Record<string, unknown>),
      ]),
    ],
  };
}

function rankingTable(rows: ReturnType<typeof buildRanking>): { columns: Column[]; rows: Cell[][] } {
  return {
    columns: [
      ['rank', 'Xếp hạng'],
      ['agency', 'Mã cơ quan'],
      ['name', 'Tên cơ quan'],
      ['total', 'Tổng số nhiệm vụ'],
      ['completedOnTime', 'Hoàn thành đúng hạn'],
      ['completedLate', 'Hoàn thành quá hạn'],
      ['overdue', 'Quá hạn chưa hoàn thành'],
      ['onTimeRate', 'Tỷ lệ đúng hạn'],
      ['avgDaysLate', 'Số ngày chậm trung bình'],
    ],
    rows: rows.map((r) => [r.rank, r.agency, r.name, r.total, r.completedOnTime, r.completedLate, r.overdue, r.onTimeRate, r.avgDaysLate]),
  };
}

function monthlyTable(rows: ReturnType<typeof buildMonthlyPlan>): { columns: Column[]; rows: Cell[][] } {
  return {
    columns: [
      ['month', 'Tháng'],
      ['agency', 'Mã cơ quan'],
      ['name', 'Tên cơ quan'],
      ['due', 'Số nhiệm vụ đến hạn'],
      ['completed', 'Đã hoàn thành'],
      ['overdue', 'Quá hạn chưa hoàn thành'],
      ['atRisk', 'Có nguy cơ chậm'],
    ],
    rows: rows.map((r) => [r.month, r.agency, r.name, r.due, r.completed, r.overdue, r.atRisk]),
  };
}
