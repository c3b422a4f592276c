import type { TaskStatus } from '@app/domain';
import type { TaskListItem } from '../../tasks/task-queries';
import type { MonthlyPlanRow, RankingRow, Summary } from '../report.types';
import { localDate, workbook } from './workbooks';

/** The most rows one export holds (a whole year of the Government Office's tasks fits). */
export const EXPORT_MAX_ROWS = 20_000;

/** A task's status as the workbooks, the CLI's CSV and the console word it ("Có nguy cơ chậm" is atRisk, not due_soon). */
export const TASK_STATUS_VI: Record<TaskStatus, string> = {
  on_track: 'Trong hạn',
  due_soon: 'Sắp đến hạn',
  overdue: 'Quá hạn',
  completed_on_time: 'Hoàn thành đúng hạn',
  completed_late: 'Hoàn thành quá hạn',
  cancelled: 'Đã hủy',
  ongoing: 'Thường xuyên',
};

const RISK_VI: Record<string, string> = { high: 'Cao', medium: 'Trung bình', low: 'Thấp' };

/**
 * What the task workbook shows of a task: a row of the task list (GET /tasks), or a task the CLI
 * folds from its events into the same shape.
 */
export type WorkbookTask = Pick<
  TaskListItem,
  'code' | 'title' | 'source' | 'leadAgency' | 'coordinatingAgencies' | 'assignee' | 'priority' | 'status' | 'progress' | 'completedAt'
> & {
  assignedAt: string | null;
  deadline: Pick<TaskListItem['deadline'], 'expression' | 'due' | 'extensions'>;
  risk: { level: string } | null;
};

/**
 * The task list under the headers of the import format (docs/import-format.md), so the file
 * imports back; the columns only for reading (state, progress, the deadline in force) carry
 * headers the importer ignores.
 */
export function tasksWorkbook(items: WorkbookTask[], timeZone: string): Promise<Buffer> {
  return workbook(
    'Nhiệm vụ',
    `Danh sách nhiệm vụ (${items.length} nhiệm vụ)`,
    [
      { header: 'Mã nhiệm vụ', key: 'code', width: 14 },
      { header: 'Tên nhiệm vụ', key: 'title', width: 60 },
      { header: 'Văn bản giao', key: 'source', width: 16 },
      { header: 'Loại văn bản', key: 'sourceKind', width: 12 },
      { header: 'Ngày ban hành', key: 'issuedOn', width: 12, format: 'date' },
      { header: 'Cơ quan chủ trì', key: 'lead', width: 14 },
      { header: 'Cơ quan phối hợp', key: 'coordinating', width: 18 },
      { header: 'Thời hạn', key: 'expression', width: 16 },
      { header: 'Hạn hiện hành', key: 'due', width: 12, format: 'date' },
      { header: 'Ngày giao', key: 'assignedAt', width: 12, format: 'date' },
      { header: 'Người phụ trách', key: 'officer', width: 22 },
      { header: 'Email', key: 'email', width: 26 },
      { header: 'Mức độ ưu tiên', key: 'priority', width: 10 },
      { header: 'Trạng thái', key: 'status', width: 18 },
      { header: 'Tiến độ', key: 'progress', width: 9, format: 'percent' },
      { header: 'Ngày hoàn thành', key: 'completedAt', width: 13, format: 'date' },
      { header: 'Số lần gia hạn', key: 'extensions', width: 10, format: 'integer' },
      { header: 'Mức nguy cơ', key: 'risk', width: 11 },
    ],
    items.map((t) => ({
      code: t.code,
      title: t.title,
      source: t.source?.ref ?? null,
      sourceKind: t.source?.kind ?? null,
      issuedOn: t.source?.issuedOn ? new Date(`${t.source.issuedOn}T00:00:00Z`) : null,
      lead: t.leadAgency,
      coordinating: t.coordinatingAgencies.join(', '),
      expression: t.deadline.expression,
      due: localDate(t.deadline.due, timeZone),
      assignedAt: localDate(t.assignedAt, timeZone),
      officer: t.assignee?.name ?? null,
      email: t.assignee?.email ?? null,
      priority: t.priority,
      status: TASK_STATUS_VI[t.status as TaskStatus] ?? t.status,
      progress: t.progress ? t.progress.percent / 100 : null,
      completedAt: localDate(t.completedAt, timeZone),
      extensions: t.deadline.extensions,
      risk: t.risk ? RISK_VI[t.risk.level] : null,
    })),
  );
}

export function rankingWorkbook(rows: RankingRow[], asOfText: string): Promise<Buffer> {
  return workbook(
    'Xếp hạng',
    `Kết quả thực hiện nhiệm vụ của các bộ, cơ quan, địa phương tính đến ${asOfText}`,
    [
      { header: 'Hạng', key: 'rank', width: 7, format: 'integer' },
      { header: 'Mã', key: 'agency', width: 10 },
      { header: 'Cơ quan', key: 'name', width: 36 },
      { header: 'Tổng số', key: 'total', width: 10, format: 'integer' },
      { header: 'Hoàn thành đúng hạn', key: 'completedOnTime', width: 12, format: 'integer' },
      { header: 'Hoàn thành quá hạn', key: 'completedLate', width: 12, format: 'integer' },
      { header: 'Quá hạn chưa hoàn thành', key: 'overdue', width: 12, format: 'integer' },
      { header: 'Tỷ lệ đúng hạn', key: 'onTimeRate', width: 11, format: 'percent' },
      { header: 'Số ngày chậm bình quân', key: 'avgDaysLate', width: 12 },
    ],
    rows.map((r) => ({ ...r })),
  );
}

/** `month` is YYYY-MM. */
export function monthlyWorkbook(rows: MonthlyPlanRow[], year: number): Promise<Buffer> {
  return workbook(
    'Kế hoạch tháng',
    `Nhiệm vụ đến hạn theo tháng năm ${year}`,
    [
      { header: 'Tháng', key: 'month', width: 9, format: 'month' },
      { header: 'Mã', key: 'agency', width: 10 },
      { header: 'Cơ quan chủ trì', key: 'name', width: 36 },
      { header: 'Đến hạn', key: 'due', width: 10, format: 'integer' },
      { header: 'Đã hoàn thành', key: 'completed', width: 12, format: 'integer' },
      { header: 'Quá hạn', key: 'overdue', width: 10, format: 'integer' },
      { header: 'Có nguy cơ chậm', key: 'atRisk', width: 11, format: 'integer' },
    ],
    rows.map((r) => ({
      month: new Date(Date.UTC(Number(r.month.slice(0, 4)), Number(r.month.slice(5, 7)) - 1, 1)),
      agency: r.agency,
      name: r.name,
      due: r.due,
      completed: r.completed,
      overdue: r.overdue,
      atRisk: r.atRisk,
    })),
  );
}

export function summaryWorkbook(
  s: Pick<
    Summary,
    | 'total'
    | 'completed'
    | 'completedOnTime'
    | 'completedLate'
    | 'inProgress'
    | 'onTrack'
    | 'dueSoon'
    | 'overdue'
    | 'ongoing'
    | 'atRisk'
    | 'byAgency'
  >,
  asOfText: string,
): Promise<Buffer> {
  return workbook(
    'Tổng hợp',
    `Tổng hợp tình hình thực hiện nhiệm vụ tính đến ${asOfText}: tổng số ${s.total}, hoàn thành ${s.completed} (đúng hạn ${s.completedOnTime}, quá hạn ${s.completedLate}), đang thực hiện ${s.inProgress}, quá hạn ${s.overdue}`,
    [
      { header: 'Mã', key: 'agency', width: 10 },
      { header: 'Cơ quan chủ trì', key: 'name', width: 36 },
      { header: 'Tổng số', key: 'total', width: 10, format: 'integer' },
      { header: 'Đã hoàn thành', key: 'completed', width: 11, format: 'integer' },
      { header: 'Đúng hạn', key: 'completedOnTime', width: 10, format: 'integer' },
      { header: 'Quá hạn (đã hoàn thành)', key: 'completedLate', width: 12, format: 'integer' },
      { header: 'Trong hạn', key: 'onTrack', width: 10, format: 'integer' },
      { header: 'Sắp đến hạn', key: 'dueSoon', width: 10, format: 'integer' },
      { header: 'Quá hạn chưa hoàn thành', key: 'overdue', width: 12, format: 'integer' },
      { header: 'Thường xuyên', key: 'ongoing', width: 11, format: 'integer' },
      { header: 'Có nguy cơ chậm', key: 'atRisk', width: 11, format: 'integer' },
    ],
    [
      ...s.byAgency.map((a) => ({ ...a })),
      {
        agency: '',
        name: 'Cộng',
        total: s.total,
        completed: s.completed,
        completedOnTime: s.completedOnTime,
        completedLate: s.completedLate,
        onTrack: s.onTrack,
        dueSoon: s.dueSoon,
        overdue: s.overdue,
        ongoing: s.ongoing,
        atRisk: s.atRisk,
      },
    ],
  );
}
