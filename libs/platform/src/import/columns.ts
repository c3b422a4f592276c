/**
 * Column names an import file may use, in English (the API's JSON names) or Vietnamese (the
 * headers of the Government Office's task lists). Matching ignores case, diacritics, spaces and
 * punctuation: "Mã nhiệm vụ", "MA NHIEM VU", "ma_nhiem_vu (*)" and "maNhiemVu" are one column.
 * The canonical names are the ones issues name (`leadAgency`, `completion.completedAt`, …).
 * docs/import-format.md documents the same table.
 */

export const TASK_FIELDS = [
  'code',
  'title',
  'description',
  'source.ref',
  'source.kind',
  'source.issuedOn',
  'leadAgency',
  'coordinatingAgencies',
  'assignee.name',
  'assignee.email',
  'deliverable',
  'approver',
  'deadline',
  'priority',
  'assignedAt',
  'completion.completedAt',
  'completion.deliverableRef',
  'completion.note',
  'extension.newDeadline',
  'extension.reason',
  'extension.decisionRef',
  'extension.extendedAt',
] as const;
export type TaskField = (typeof TASK_FIELDS)[number];

export const AGENCY_FIELDS = ['code', 'name', 'kind', 'head.name', 'head.title', 'head.email', 'registeredAt'] as const;
export type AgencyField = (typeof AGENCY_FIELDS)[number];

export type RecordKind = 'task' | 'agency';

/** Every accepted header per field; the canonical name (and its flat form) is always accepted too. */
export const TASK_COLUMNS: Record<TaskField, string[]> = {
  code: ['Mã nhiệm vụ', 'Mã', 'Mã số', 'Số hiệu nhiệm vụ', 'Task code'],
  title: ['Tên nhiệm vụ', 'Nhiệm vụ', 'Tên', 'Task'],
  description: ['Mô tả', 'Nội dung', 'Nội dung chi tiết', 'Mô tả nhiệm vụ'],
  'source.ref': ['Văn bản giao', 'Văn bản', 'Số văn bản', 'Số hiệu văn bản', 'Văn bản giao nhiệm vụ', 'Nguồn', 'source', 'sourceRef'],
  'source.kind': ['Loại văn bản', 'sourceKind'],
  'source.issuedOn': ['Ngày ban hành', 'Ngày văn bản', 'Ngày ban hành văn bản', 'sourceIssuedOn', 'issuedOn'],
  leadAgency: ['Cơ quan chủ trì', 'Đơn vị chủ trì', 'Chủ trì', 'lead'],
  coordinatingAgencies: ['Cơ quan phối hợp', 'Đơn vị phối hợp', 'Phối hợp'],
  'assignee.name': ['Người phụ trách', 'Cán bộ phụ trách', 'Người thực hiện', 'Cán bộ thực hiện', 'assignee', 'assigneeName'],
  'assignee.email': ['Email', 'Thư điện tử', 'Email người phụ trách', 'E-mail', 'assigneeEmail'],
  deliverable: ['Sản phẩm', 'Sản phẩm đầu ra', 'Kết quả', 'Sản phẩm dự kiến'],
  approver: ['Người phê duyệt', 'Cấp phê duyệt', 'Thẩm quyền', 'Cấp có thẩm quyền'],
  deadline: ['Thời hạn', 'Hạn', 'Thời hạn hoàn thành', 'Hạn hoàn thành', 'Hạn xử lý'],
  priority: ['Mức độ ưu tiên', 'Ưu tiên', 'Độ ưu tiên', 'Mức độ'],
  assignedAt: ['Ngày giao', 'Thời điểm giao', 'Ngày giao nhiệm vụ'],
  'completion.completedAt': ['Ngày hoàn thành', 'Thời điểm hoàn thành', 'completedAt'],
  'completion.deliverableRef': [
    'Văn bản hoàn thành',
    'Văn bản báo cáo hoàn thành',
    'Số văn bản hoàn thành',
    'Văn bản báo cáo',
    'deliverableRef',
  ],
  'completion.note': ['Ghi chú hoàn thành', 'completionNote'],
  'extension.newDeadline': ['Gia hạn đến', 'Thời hạn gia hạn', 'Thời hạn sau gia hạn', 'Hạn mới', 'newDeadline'],
  'extension.reason': ['Lý do gia hạn', 'extensionReason'],
  'extension.decisionRef': ['Văn bản gia hạn', 'Số văn bản gia hạn', 'Văn bản đồng ý gia hạn', 'decisionRef'],
  'extension.extendedAt': ['Ngày gia hạn', 'extendedAt'],
};

export const AGENCY_COLUMNS: Record<AgencyField, string[]> = {
  code: ['Mã cơ quan', 'Mã đơn vị', 'Mã', 'Agency code'],
  name: ['Tên cơ quan', 'Tên đơn vị', 'Cơ quan', 'Tên'],
  kind: ['Loại', 'Loại cơ quan', 'Khối'],
  'head.name': ['Người đứng đầu', 'Họ tên người đứng đầu', 'Thủ trưởng', 'Họ và tên', 'head', 'headName'],
  'head.title': ['Chức vụ', 'Chức danh', 'headTitle'],
  'head.email': ['Email', 'Thư điện tử', 'Email người đứng đầu', 'E-mail', 'headEmail'],
  registeredAt: ['Ngày đăng ký', 'Từ ngày', 'Ngày bắt đầu'],
};

/** Columns an export writes or people keep in their sheets that carry nothing to import. */
const IGNORED = [
  'STT',
  'TT',
  'Số thứ tự',
  'No',
  'Trạng thái',
  'status',
  'id',
  'Hạn hiện hành',
  'Số lần gia hạn',
  'Đúng hạn',
  'Tiến độ',
  'Mức nguy cơ',
  'risk',
  'Ghi chú',
  'note',
  'notes',
  'due',
  'extensions',
  'progress',
];

/** lower case, no diacritics (đ → d), letters and digits only */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\([^)]*\)/g, '') // "Thời hạn (*)", "Email (người phụ trách)"
    .replace(/[^a-z0-9]/g, '');
}

function lookup<F extends string>(columns: Record<F, string[]>): Map<string, F> {
  const map = new Map<string, F>();
  for (const field of Object.keys(columns) as F[]) {
    for (const name of [field, ...columns[field]]) map.set(normalizeHeader(name), field);
  }
  return map;
}

const TASK_LOOKUP = lookup(TASK_COLUMNS);
const AGENCY_LOOKUP = lookup(AGENCY_COLUMNS);
const IGNORED_SET = new Set(IGNORED.map(normalizeHeader));

export type ColumnMatch<F> = { field: F } | { ignored: true } | { unknown: true };

export function matchColumn(kind: 'task', header: string): ColumnMatch<TaskField>;
export function matchColumn(kind: 'agency', header: string): ColumnMatch<AgencyField>;
export function matchColumn(kind: RecordKind, header: string): ColumnMatch<TaskField | AgencyField>;
export function matchColumn(kind: RecordKind, header: string): ColumnMatch<TaskField | AgencyField> {
  if (header.startsWith('_')) return { ignored: true }; // notes in a JSON file ("_about")
  const key = normalizeHeader(header);
  const field = (kind === 'task' ? TASK_LOOKUP : AGENCY_LOOKUP).get(key);
  if (field) return { field };
  if (IGNORED_SET.has(key) || key === '') return { ignored: true };
  return { unknown: true };
}

/**
 * Which kind of record a header row describes: tasks have a deadline or a lead agency; agencies
 * a kind or a head ("Mã, Tên, Loại, Người đứng đầu" is agencies although "Tên" is also a task
 * title). null when neither is recognisable.
 */
export function guessKind(headers: string[]): RecordKind | null {
  const task = headers.map((h) => TASK_LOOKUP.get(normalizeHeader(h)));
  const agency = headers.map((h) => AGENCY_LOOKUP.get(normalizeHeader(h)));
  if (task.some((f) => f === 'deadline' || f === 'leadAgency')) return 'task';
  if (agency.some((f) => f === 'kind' || f === 'head.name' || f === 'head.title')) return 'agency';
  if (task.some((f) => f === 'title')) return 'task';
  return null;
}

export const REQUIRED_TASK_FIELDS: TaskField[] = ['code', 'title', 'leadAgency', 'deadline'];
export const REQUIRED_AGENCY_FIELDS: AgencyField[] = ['code', 'name', 'kind', 'head.name', 'head.title', 'head.email'];
