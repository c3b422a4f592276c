import { AgencyRecord, TaskStatus, riskOf } from '@app/domain';
import type {
  AgencyName,
  BlockerFact,
  BlockerStatusFilter,
  MonthCell,
  MonthlyPlanRow,
  RankingRow,
  ReportFilter,
  ReportTimes,
  RiskCell,
  StatusCell,
  StatusCounts,
  Summary,
  TaskFact,
} from './report.types';

/**
 * The report figures, pure. The Government Office counts tasks 2 × 2 (Decision 42/2014/QĐ-TTg,
 * amended by 23/2018/QĐ-TTg; domain-facts.md "How the Government counts tasks"): completed on
 * time / late, not completed within deadline / overdue; recurring tasks (nhiệm vụ thường xuyên)
 * are left out of the on-time and overdue figures.
 */

/** Facts in the filter's scope (lead agency and source at the evaluation instant, assignment window). */
export function filterFacts(facts: Iterable<TaskFact>, filter: ReportFilter): TaskFact[] {
  const out: TaskFact[] = [];
  for (const f of facts) {
    if (filter.agency !== undefined && f.leadAgency !== filter.agency) continue;
    if (filter.source !== undefined && f.sourceRef !== filter.source) continue;
    if (filter.assignedFrom && f.assignedAt < filter.assignedFrom) continue;
    if (filter.assignedTo && f.assignedAt > filter.assignedTo) continue;
    out.push(f);
  }
  return out;
}

/** The status cross-tabulation of a list of facts (what report-sql.ts gets from GROUP BY). */
export function statusCells(facts: Iterable<TaskFact>): StatusCell[] {
  const cells = new Map<string, StatusCell>();
  for (const f of facts) {
    const key = JSON.stringify([f.leadAgency, f.sourceRef, f.status, f.recurring]);
    let cell = cells.get(key);
    if (!cell) {
      cell = { agency: f.leadAgency, source: f.sourceRef, status: f.status, recurring: f.recurring, count: 0, daysLate: 0, awaiting: 0 };
      cells.set(key, cell);
    }
    cell.count += 1;
    cell.daysLate += f.daysLate ?? 0;
    if (f.awaitingConfirmation) cell.awaiting += 1;
  }
  return [...cells.values()];
}

/** The risk cells of the facts open and not yet overdue at `at` (what report-sql.ts gets from GROUP BY). */
export function riskCells(facts: Iterable<TaskFact>, at: Date, poorAgencies: readonly string[], timeZone: string): RiskCell[] {
  const cells = new Map<string, RiskCell>();
  for (const f of facts) {
    if (f.riskInputs === null || f.status === 'overdue') continue;
    const { level } = riskOf(f.riskInputs, at, poorAgencies, timeZone);
    const month = f.lastDay?.slice(0, 7) ?? null;
    const key = JSON.stringify([f.leadAgency, f.sourceRef, month, level]);
    const cell = getOr(cells, key, () => ({ agency: f.leadAgency, source: f.sourceRef, month, level, count: 0 }));
    cell.count += 1;
  }
  return [...cells.values()];
}

/** Each lead agency's record (tasks with a deadline) in the status cells, for poorRecordAgencies. */
export function agencyRecords(cells: Iterable<StatusCell>): AgencyRecord[] {
  const records = new Map<string, AgencyRecord>();
  for (const cell of cells) {
    if (cell.recurring) continue;
    const r = getOr(records, cell.agency, () => ({ agency: cell.agency, completedOnTime: 0, completedLate: 0, overdue: 0 }));
    if (cell.status === 'completed_on_time') r.completedOnTime += cell.count;
    if (cell.status === 'completed_late') r.completedLate += cell.count;
    if (cell.status === 'overdue') r.overdue += cell.count;
  }
  return [...records.values()];
}

/** Tasks with a deadline whose last day falls in `year`, by month, lead agency and status. */
export function monthCells(facts: Iterable<TaskFact>, year: number): MonthCell[] {
  const prefix = `${String(year).padStart(4, '0')}-`;
  const cells = new Map<string, MonthCell>();
  for (const f of facts) {
    if (f.recurring || f.status === 'cancelled' || !f.lastDay?.startsWith(prefix)) continue;
    const month = f.lastDay.slice(0, 7);
    const key = JSON.stringify([month, f.leadAgency, f.status]);
    const cell = cells.get(key) ?? { month, agency: f.leadAgency, status: f.status, count: 0 };
    cell.count += 1;
    cells.set(key, cell);
  }
  return [...cells.values()];
}

export function emptyCounts(): StatusCounts {
  return {
    total: 0,
    completed: 0,
    completedOnTime: 0,
    completedLate: 0,
    inProgress: 0,
    onTrack: 0,
    dueSoon: 0,
    overdue: 0,
    ongoing: 0,
    cancelled: 0,
    atRisk: 0,
    awaitingConfirmation: 0,
    recurring: 0,
    overdueRate: null,
  };
}

const COUNT_FIELD: Record<TaskStatus, keyof StatusCounts> = {
  completed_on_time: 'completedOnTime',
  completed_late: 'completedLate',
  on_track: 'onTrack',
  due_soon: 'dueSoon',
  overdue: 'overdue',
  ongoing: 'ongoing',
  cancelled: 'cancelled',
};

function addCell(counts: StatusCounts, cell: StatusCell): void {
  (counts[COUNT_FIELD[cell.status]] as number) += cell.count;
  counts.awaitingConfirmation += cell.awaiting ?? 0;
  if (cell.status !== 'cancelled' && cell.recurring) counts.recurring += cell.count;
}

function finish(counts: StatusCounts): StatusCounts {
  counts.completed = counts.completedOnTime + counts.completedLate;
  counts.inProgress = counts.onTrack + counts.dueSoon + counts.ongoing;
  counts.total = counts.completed + counts.inProgress + counts.overdue;
  const withDeadline = counts.total - counts.recurring;
  counts.overdueRate = withDeadline > 0 ? round(counts.overdue / withDeadline, 4) : null;
  return counts;
}

/**
 * The summary: status counts overall, by lead agency (code order) and by source document (ref
 * order, tasks without a source last). A completed recurring task is `completedOnTime`, as its
 * status says; `recurring` tells how many tasks of `total` have no deadline.
 */
export function buildSummary(cells: StatusCell[], names: AgencyName[], times: ReportTimes, risk: RiskCell[] = []): Summary {
  const overall = emptyCounts();
  const byAgency = new Map<string, StatusCounts>();
  const bySource = new Map<string | null, StatusCounts>();
  for (const cell of cells) {
    addCell(overall, cell);
    addCell(getOr(byAgency, cell.agency, emptyCounts), cell);
    addCell(getOr(bySource, cell.source, emptyCounts), cell);
  }
  for (const cell of risk) {
    if (cell.level !== 'high') continue;
    overall.atRisk += cell.count;
    getOr(byAgency, cell.agency, emptyCounts).atRisk += cell.count;
    getOr(bySource, cell.source, emptyCounts).atRisk += cell.count;
  }
  const nameOf = nameLookup(names);
  return {
    asOf: times.asOf,
    knownAt: times.knownAt,
    ...finish(overall),
    byAgency: [...byAgency.entries()]
      .sort(([a], [b]) => compareText(a, b))
      .map(([agency, counts]) => ({ agency, name: nameOf(agency), ...finish(counts) })),
    bySource: [...bySource.entries()]
      .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : compareText(a, b)))
      .map(([source, counts]) => ({ source, ...finish(counts) })),
  };
}

/**
 * The agency ranking. Every agency in `agencies` appears (and any lead agency seen in the
 * cells). Over tasks with a deadline (recurring ones excluded):
 * - onTimeRate = completedOnTime / (completedOnTime + completedLate + overdue), null when the
 *   agency has none of those (nothing came due or was completed yet);
 * - avgDaysLate = mean calendar days late over late completions and overdue tasks, null when none.
 * Order: onTimeRate descending (null last), then overdue ascending, then code. Agencies with
 * the same onTimeRate and overdue count share a rank (competition ranking: 1, 2, 2, 4).
 */
export function buildRanking(cells: StatusCell[], agencies: AgencyName[]): RankingRow[] {
  interface Acc {
    total: number;
    onTime: number;
    late: number;
    overdue: number;
    daysLate: number;
  }
  const acc = new Map<string, Acc>();
  const get = (code: string) => getOr(acc, code, () => ({ total: 0, onTime: 0, late: 0, overdue: 0, daysLate: 0 }));
  for (const a of agencies) get(a.code);
  for (const cell of cells) {
    const a = get(cell.agency);
    if (cell.status === 'cancelled') continue;
    a.total += cell.count;
    if (cell.recurring) continue;
    if (cell.status === 'completed_on_time') a.onTime += cell.count;
    if (cell.status === 'completed_late') a.late += cell.count;
    if (cell.status === 'overdue') a.overdue += cell.count;
    if (cell.status === 'completed_late' || cell.status === 'overdue') a.daysLate += cell.daysLate;
  }
  const nameOf = nameLookup(agencies);
  const rows = [...acc.entries()].map(([code, a]) => {
    const judged = a.onTime + a.late + a.overdue;
    const lateCount = a.late + a.overdue;
    return {
      row: {
        agency: code,
        name: nameOf(code),
        total: a.total,
        completedOnTime: a.onTime,
        completedLate: a.late,
        overdue: a.overdue,
        onTimeRate: judged > 0 ? round(a.onTime / judged, 4) : null,
        avgDaysLate: lateCount > 0 ? round(a.daysLate / lateCount, 2) : null,
        rank: 0,
      } as RankingRow,
      onTime: a.onTime,
      judged,
    };
  });
  // Compare the exact fractions, not the rounded rates.
  const rateOrder = (x: { onTime: number; judged: number }, y: { onTime: number; judged: number }) => {
    if (x.judged === 0 || y.judged === 0) return (x.judged === 0 ? 1 : 0) - (y.judged === 0 ? 1 : 0);
    return y.onTime * x.judged - x.onTime * y.judged;
  };
  const tie = (x: (typeof rows)[number], y: (typeof rows)[number]) => rateOrder(x, y) || x.row.overdue - y.row.overdue;
  rows.sort((x, y) => tie(x, y) || compareText(x.row.agency, y.row.agency));
  rows.forEach((r, i) => {
    r.row.rank = i > 0 && tie(rows[i - 1], r) === 0 ? rows[i - 1].row.rank : i + 1;
  });
  return rows.map((r) => r.row);
}

/**
 * The monthly plan: for each month of the year and lead agency with something due, the tasks
 * whose deadline in force has its last day in that month (the day as written: "trong tháng
 * 01/2026" is January's even when 31/01 is a Saturday and art. 148 moves the due instant),
 * how many of them were completed by asOf and how many were overdue at asOf. Sorted by month,
 * then agency; months with nothing due are left out.
 */
export function buildMonthlyPlan(cells: MonthCell[], names: AgencyName[], risk: RiskCell[] = []): MonthlyPlanRow[] {
  const rows = new Map<string, MonthlyPlanRow>();
  const nameOf = nameLookup(names);
  for (const cell of cells) {
    if (cell.status === 'cancelled' || cell.status === 'ongoing') continue;
    const key = `${cell.month}|${cell.agency}`;
    const row = getOr(rows, key, () => ({
      month: cell.month,
      agency: cell.agency,
      name: nameOf(cell.agency),
      due: 0,
      completed: 0,
      overdue: 0,
      atRisk: 0,
    }));
    row.due += cell.count;
    if (cell.status === 'completed_on_time' || cell.status === 'completed_late') row.completed += cell.count;
    if (cell.status === 'overdue') row.overdue += cell.count;
  }
  for (const cell of risk) {
    const row = cell.level === 'high' ? rows.get(`${cell.month}|${cell.agency}`) : undefined;
    if (row) row.atRisk += cell.count;
  }
  return [...rows.values()].sort((a, b) => compareText(a.month, b.month) || compareText(a.agency, b.agency));
}

/** Blockers by resolution state, in the order they were raised. */
export function selectBlockers(blockers: Iterable<BlockerFact>, status: BlockerStatusFilter, agency?: string): BlockerFact[] {
  const out: BlockerFact[] = [];
  for (const b of blockers) {
    if (agency !== undefined && b.leadAgency !== agency) continue;
    if (status === 'open' && b.resolvedAt !== null) continue;
    if (status === 'resolved' && b.resolvedAt === null) continue;
    out.push(b);
  }
  return out.sort(
    (a, b) => a.raisedAt.getTime() - b.raisedAt.getTime() || compareText(a.taskCode, b.taskCode) || compareText(a.blockerId, b.blockerId),
  );
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Code-point order: the same on every machine, unlike localeCompare. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function nameLookup(names: AgencyName[]): (code: string) => string {
  const map = new Map(names.map((n) => [n.code, n.name]));
  return (code) => map.get(code) ?? code;
}

function getOr<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}
