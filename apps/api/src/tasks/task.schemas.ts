import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ACCEPTED_DEADLINE_FORMS, ClarityItem, LIST_LIMITS, Priority, RISK_LEVELS, TASK_STATUSES } from '@app/domain';
import { AnyObject, Day, EMAIL, Instant, OccurredAt, TimeInput, enumOf } from '../openapi/schema-helpers';

/** Schemas of the task answers and bodies (documentation only: the task decider validates). */

export const PRIORITY_VALUES = enumOf<Priority>({ normal: true, high: true, critical: true });
export const CLARITY_ITEMS = enumOf<ClarityItem>({
  person: true,
  task: true,
  time: true,
  responsibility: true,
  deliverable: true,
  authority: true,
});
const DEADLINE_WORDING = `the deadline as the directive writes it, kept verbatim (case-insensitive): ${ACCEPTED_DEADLINE_FORMS}`;

/** `{id}` of /tasks/{id}…: the task id or its code. */
export const TASK_ID_PARAM = {
  name: 'id',
  description: 'the task id (UUID) or its code',
  schema: { type: 'string' as const },
  example: 'NQ71-012',
};

const StatusProp = (description?: string) => ApiProperty({ enum: TASK_STATUSES, enumName: 'TaskStatus', description });
const PriorityProp = () => ApiProperty({ enum: PRIORITY_VALUES, enumName: 'Priority' });

export class SourceDocument {
  @ApiProperty({ example: 'resolution', description: 'kind of document: resolution, decision, directive, notice…' })
  kind: string;

  @ApiProperty({ example: '71/NQ-CP', description: "the document's reference number" })
  ref: string;

  @Day({ nullable: true, required: false })
  issuedOn?: string | null;
}

export class Person {
  @ApiProperty({ example: 'Nguyễn Văn An' })
  name: string;

  @ApiPropertyOptional({ type: String, format: EMAIL, nullable: true, example: 'an@bca.example.org' })
  email?: string | null;
}

/** "6 rõ" (Decision 2179/QĐ-TTg): which of the six items the assignment states. */
export class Clarity {
  @ApiProperty({ description: 'rõ người: an assignee with a name' })
  person: boolean;
  @ApiProperty({ description: 'rõ việc: a description' })
  task: boolean;
  @ApiProperty({ description: 'rõ thời gian: a deadline that is not ongoing' })
  time: boolean;
  @ApiProperty({ description: 'rõ trách nhiệm: a lead agency and an assignee email' })
  responsibility: boolean;
  @ApiProperty({ description: 'rõ sản phẩm: the expected deliverable' })
  deliverable: boolean;
  @ApiProperty({ description: 'rõ thẩm quyền: who approves the result' })
  authority: boolean;
  @ApiProperty({
    enum: CLARITY_ITEMS,
    enumName: 'ClarityItem',
    isArray: true,
    description: 'the items not stated, in the order of the decision',
  })
  missing: ClarityItem[];
}

export class TaskProgress {
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100 })
  percent: number;

  @ApiProperty({ type: String, nullable: true })
  note: string | null;

  @Instant({ required: false, description: 'when it was reported (on a full task)' })
  at?: string;
}

export class RiskReason {
  @ApiProperty({
    enum: ['overdue', 'behind_schedule', 'open_blocker', 'stale_report', 'extended', 'agency_record'],
    enumName: 'RiskReasonCode',
  })
  code: string;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'what the reason weighs (docs/risk.md)' })
  points: number;
  @ApiProperty({ example: 'Đã qua 85% thời gian thực hiện, tiến độ mới đạt 20%', description: "in the caller's language" })
  text: string;
}

export class TaskRisk {
  @ApiProperty({ enum: RISK_LEVELS, enumName: 'RiskLevel', description: 'high: 3 points or more; medium: 2; low: otherwise' })
  level: string;
  @ApiProperty({ type: 'integer', minimum: 0 })
  points: number;
  @ApiProperty({ type: [RiskReason] })
  reasons: RiskReason[];
}

export class TaskAttachment {
  @ApiProperty({ type: String, format: 'uuid' })
  attachmentId: string;
  @ApiProperty({ example: 'Quyet-dinh-15-QD-BCA.pdf', description: 'the file name as uploaded' })
  name: string;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'bytes' })
  size: number;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the content, as the history records it' })
  sha256: string;
  @ApiProperty({
    enum: [
      'application/pdf',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'image/png',
      'image/jpeg',
    ],
    description: 'from the content, not the name',
  })
  contentType: string;
  @Instant()
  at: string;
}

export class AttachmentUpload {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description: 'PDF, DOCX, XLSX, PNG or JPEG; at most ATTACHMENT_MAX_MB (20 MB by default)',
  })
  file: unknown;
}

export class TaskDeadlineSummary {
  @Instant({ nullable: true, description: 'end of the due day in force (after the art. 148 shift); null for an ongoing task' })
  due: string | null;

  @Instant({ nullable: true, description: 'the first deadline assigned' })
  original: string | null;

  @ApiProperty({ example: 'Q1/2026', description: 'the deadline in force as written' })
  expression: string;

  @ApiProperty({ example: 'Q1/2026', description: 'the first deadline as written' })
  originalExpression: string;

  @ApiProperty({ description: 'the last day was a day off and the deadline moved to the next working day' })
  adjusted: boolean;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'how many extensions (their list is `history` on the full task)' })
  extensions: number;
}

export class DeadlineExtension {
  @Instant({ nullable: true, description: 'the due instant before' })
  from: string | null;
  @Instant({ nullable: true, description: 'the due instant after' })
  to: string | null;
  @ApiProperty({ example: '2026-06-30' })
  expression: string;
  @ApiProperty()
  reason: string;
  @ApiProperty({ type: String, nullable: true, example: '1234/VPCP-KSTT' })
  decisionRef: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the extension request it approved' })
  requestId: string | null;
  @Instant({ nullable: true })
  at: string | null;
}

export class TaskDeadline extends TaskDeadlineSummary {
  @Day({ nullable: true, description: 'the last day as written, before the art. 148 shift' })
  lastDay: string | null;

  @ApiProperty({ type: [DeadlineExtension] })
  history: DeadlineExtension[];
}

export class ExtensionRequest {
  @ApiProperty({ type: String, format: 'uuid' })
  requestId: string;
  @Instant({ nullable: true, description: 'the proposed due instant' })
  proposed: string | null;
  @ApiProperty({ example: '30/09/2026' })
  proposedExpression: string;
  @ApiProperty({ example: 'trong Quý III/2026', description: 'the proposed deadline as written (same as proposedExpression)' })
  proposedDeadline: string;
  @ApiProperty()
  reason: string;
  @ApiProperty({ enum: ['pending', 'approved', 'refused'] })
  status: 'pending' | 'approved' | 'refused';
  @Instant({ nullable: true })
  at: string | null;
  @Instant({ nullable: true, description: 'when it was requested (same as at)' })
  requestedAt: string | null;
  @Instant({ nullable: true, description: 'when it was approved or refused; null while pending' })
  decidedAt: string | null;
  @ApiProperty({ type: String, nullable: true, example: '1234/VPCP-KSTT', description: 'the letter conveying the approval' })
  decisionRef: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'why it was refused' })
  refusalReason: string | null;
}

export class TaskCompletion {
  @ApiProperty({
    enum: ['reported', 'returned', 'accepted'],
    description: 'reported: awaiting a coordinator; returned: sent back (the task counts by its deadline); accepted: counted',
  })
  status: 'reported' | 'returned' | 'accepted';
  @Instant({ nullable: true, description: 'the completion date as reported' })
  completedAt: string | null;
  @Instant({ nullable: true, description: 'when the completion was recorded (null for completions recorded before this was kept)' })
  reportedAt: string | null;
  @ApiProperty({ description: 'completedAt is earlier than the recording by more than one working day' })
  backdated: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'why a coordinator returned the report' })
  returnReason: string | null;
  @ApiProperty({ type: String, nullable: true })
  deliverableRef: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date', description: "the result document's date, when the report gave it" })
  deliverableIssuedOn: string | null;
  @ApiProperty({ type: String, nullable: true })
  note: string | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'null when the task had no deadline' })
  onTime: boolean | null;
  @Instant({ nullable: true, description: 'the deadline in force at completion' })
  dueAtCompletion: string | null;
}

export class TaskCancellation {
  @ApiProperty()
  reason: string;
  @Instant({ nullable: true })
  at: string | null;
}

export class Blocker {
  @ApiProperty({ type: String, format: 'uuid' })
  blockerId: string;
  @ApiProperty()
  description: string;
  @Instant({ nullable: true })
  raisedAt: string | null;
  @Instant({ nullable: true })
  resolvedAt: string | null;
  @ApiProperty({ type: String, nullable: true })
  resolutionNote: string | null;
}

/** The fields every task answer has, in a list as in full. */
class TaskCore {
  @ApiProperty({ type: String, format: 'uuid', description: 'UUID v5 of the code' })
  id: string;
  @ApiProperty({ example: 'NQ71-012' })
  code: string;
  @ApiProperty()
  title: string;
  @StatusProp('evaluated now, or at asOf')
  status: string;
  @ApiProperty({ example: 'BCA', description: 'code of the lead agency' })
  leadAgency: string;
  @ApiProperty({ type: [String], example: ['BKHCN'] })
  coordinatingAgencies: string[];
  @ApiProperty({ type: SourceDocument, nullable: true })
  source: SourceDocument | null;
  @PriorityProp()
  priority: string;
  @ApiProperty({ type: Person, nullable: true })
  assignee: Person | null;
  @ApiProperty({ type: TaskProgress, nullable: true })
  progress: TaskProgress | null;
  @ApiProperty({
    type: TaskRisk,
    nullable: true,
    description: 'the early warning (evaluated now, or at asOf); null when finished, cancelled or ongoing',
  })
  risk: TaskRisk | null;
  @ApiProperty({ description: "an agency officer's completion report awaits a coordinator's confirmation" })
  awaitingConfirmation: boolean;
  @Instant({ nullable: true })
  completedAt: string | null;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'open blockers (their list is `blockers` on the full task)' })
  openBlockers: number;
  @ApiProperty({ type: Clarity, nullable: true })
  clarity: Clarity | null;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'stream version: how many events the task has' })
  version: number;
}

/** A row of GET /tasks (from the task read model). */
export class TaskListItem extends TaskCore {
  @ApiProperty({ type: TaskDeadlineSummary })
  deadline: TaskDeadlineSummary;
  @Instant()
  assignedAt: string;
}

/** A task in full (GET /tasks/{id}; also the rows of a past list, replayed with asOf/knownAt). */
export class Task extends TaskCore {
  @ApiProperty({ type: String, nullable: true })
  description: string | null;
  @ApiProperty({ type: String, nullable: true })
  deliverable: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Thủ tướng Chính phủ' })
  approver: string | null;
  @Instant({ nullable: true })
  assignedAt: string | null;
  @ApiProperty({ type: TaskDeadline })
  deadline: TaskDeadline;
  @ApiProperty({ type: [ExtensionRequest] })
  extensionRequests: ExtensionRequest[];
  @ApiProperty({ type: TaskCompletion, nullable: true })
  completion: TaskCompletion | null;
  @ApiProperty({ type: TaskCancellation, nullable: true })
  cancelled: TaskCancellation | null;
  @ApiProperty({ type: [Blocker] })
  blockers: Blocker[];
  @ApiProperty({ type: [TaskAttachment], description: 'evidence files, oldest first' })
  attachments: TaskAttachment[];
  @ApiProperty({ type: 'integer', minimum: 0 })
  reopenings: number;
}

/** A letter delivered about the task (GET /tasks/{id}), with its acknowledgement. */
export class TaskLetter {
  @ApiProperty({ description: 'the notice id (GET /notifications)' })
  noticeId: string;
  @ApiProperty()
  ruleId: string;
  @ApiProperty({ type: 'integer', minimum: 0 })
  level: number;
  @ApiProperty({ enum: ['reminder', 'escalation', 'workflow', 'report'], description: 'workflow: an assignment, a request, a decision' })
  kind: string;
  @Instant()
  sentAt: string;
  @Instant({ nullable: true, description: "when a recipient confirmed receipt through the letter's link" })
  acknowledgedAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the address whose link confirmed it' })
  acknowledgedBy: string | null;
}

/** GET /tasks/{id}: the task and the letters about it. */
export class TaskDetail extends Task {
  @ApiProperty({ type: [TaskLetter], description: 'letters delivered about the task, oldest first (as of asOf when given)' })
  letters: TaskLetter[];
}

export class TaskPage {
  @ApiProperty({
    type: 'array',
    items: { anyOf: [{ $ref: '#/components/schemas/TaskListItem' }, { $ref: '#/components/schemas/Task' }] },
    description: 'ordered by code; rows of the task read model now, full tasks when asOf or knownAt replay the past',
  })
  items: (TaskListItem | Task)[];

  @ApiProperty({ type: String, nullable: true, description: 'pass as `cursor` for the next page; null on the last page' })
  nextCursor: string | null;
}

/** The answer to a task command: the task as the command left it. */
export class TaskCommandAnswer extends Task {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'event store position of the last event appended: pass as minPosition' })
  position: number;
  @ApiPropertyOptional({ type: String, format: 'uuid', description: 'the blocker a POST /blockers raised' })
  blockerId?: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', description: 'the request a POST /extension-requests recorded' })
  requestId?: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', description: 'the comment a POST /comments recorded' })
  commentId?: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', description: 'the file a POST /attachments stored' })
  attachmentId?: string;
}

export class EventActor {
  @ApiProperty({
    example: 'coordinator',
    description: "the caller's role (admin, coordinator, agency, auditor), or `system` for the engine's own processes",
  })
  role: string;
  @ApiProperty({ example: 'Văn phòng Chính phủ' })
  name: string;
  @ApiPropertyOptional({ example: 'BCA' })
  agency?: string;
}

/** One event of a stream's history. */
export class HistoryEvent {
  @ApiProperty({ type: 'integer', minimum: 1 })
  position: number;
  @ApiProperty({ type: 'integer', minimum: 1 })
  version: number;
  @ApiProperty({ example: 'TaskAssigned' })
  type: string;
  @Instant({ description: 'business time' })
  occurredAt: string;
  @Instant({ description: 'record time' })
  recordedAt: string;
  @ApiProperty({ type: EventActor, nullable: true })
  actor: EventActor | null;
  @AnyObject("the event's data, as recorded")
  data: Record<string, unknown>;
}

export class TaskHistory {
  @ApiProperty({ type: String, format: 'uuid' })
  taskId: string;
  @ApiProperty({ type: String, nullable: true })
  code: string | null;
  @ApiProperty({ type: [HistoryEvent] })
  events: HistoryEvent[];
}

// ---- bodies

export class AssignTaskBody {
  @ApiProperty({ example: 'NQ71-012', maxLength: 100, description: 'unique; letters, digits and -_./' })
  code: string;
  @ApiProperty({ example: 'Xây dựng cơ sở dữ liệu quốc gia về dân cư' })
  title: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  description?: string | null;
  @ApiPropertyOptional({ type: SourceDocument, nullable: true })
  source?: SourceDocument | null;
  @ApiProperty({ example: 'BCA', description: 'code of a registered agency' })
  leadAgency: string;
  @ApiPropertyOptional({
    type: [String],
    example: ['BKHCN'],
    maxItems: LIST_LIMITS.coordinatingAgencies,
    description: 'codes of registered agencies',
  })
  coordinatingAgencies?: string[];
  @ApiPropertyOptional({ type: Person, nullable: true })
  assignee?: Person | null;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 2000 })
  deliverable?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  approver?: string | null;
  @ApiProperty({ example: 'Q1/2026', description: DEADLINE_WORDING })
  deadline: string;
  @ApiPropertyOptional({ enum: PRIORITY_VALUES, enumName: 'Priority', default: 'normal' })
  priority?: string;
  @TimeInput('business time of the assignment, to import past tasks (coordinators and admins only; default now)')
  assignedAt?: string;
}

export class ExtendDeadlineBody {
  @ApiProperty({ example: '2026-06-30', description: DEADLINE_WORDING })
  newDeadline: string;
  @ApiProperty({ example: 'Thủ tướng đồng ý gia hạn' })
  reason: string;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200, example: '1234/VPCP-KSTT' })
  decisionRef?: string | null;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'the pending extension request this approves' })
  requestId?: string | null;
  @OccurredAt()
  occurredAt?: string;
}

export class RequestExtensionBody {
  @ApiProperty({ example: '30/09/2026', description: DEADLINE_WORDING })
  proposedDeadline: string;
  @ApiProperty({ example: 'Chờ ý kiến các bộ' })
  reason: string;
  @OccurredAt()
  occurredAt?: string;
}

export class ReportProgressBody {
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100, example: 60 })
  percent: number;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'Đã hoàn thành dự thảo' })
  note?: string | null;
  @OccurredAt()
  occurredAt?: string;
}

export class RaiseBlockerBody {
  @ApiProperty({ example: 'Chưa có hướng dẫn kỹ thuật' })
  description: string;
  @OccurredAt()
  occurredAt?: string;
}

export class ResolveBlockerBody {
  @ApiPropertyOptional({ type: String, nullable: true, example: 'Đã có hướng dẫn' })
  note?: string | null;
  @OccurredAt()
  occurredAt?: string;
}

export class CompleteTaskBody {
  @TimeInput('when the task was completed (the officer reporting it may state it; default now)')
  completedAt?: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'Báo cáo số 12/BC-BCA' })
  deliverableRef?: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    format: 'date',
    example: '2026-02-05',
    description: "the result document's date (YYYY-MM-DD)",
  })
  deliverableIssuedOn?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  note?: string | null;
}

export class AddCommentBody {
  @ApiProperty({ maxLength: 4000, example: 'Đề nghị bổ sung văn bản kết quả kèm theo báo cáo.' })
  text: string;
}

export class TaskComment {
  @ApiProperty({ type: String, format: 'uuid' })
  commentId: string;
  @ApiProperty()
  text: string;
  @Instant()
  at: string;
  @ApiProperty({ type: () => EventActor, nullable: true, description: 'who wrote it, as the event records' })
  author: EventActor | null;
}

export class TaskComments {
  @ApiProperty({ type: String, format: 'uuid' })
  taskId: string;
  @ApiProperty()
  code: string;
  @ApiProperty({ type: [TaskComment] })
  items: TaskComment[];
}

export class AcceptCompletionBody {
  @ApiPropertyOptional({ type: String, nullable: true, example: 'Đã kiểm tra văn bản kết quả' })
  note?: string | null;
  @OccurredAt()
  occurredAt?: string;
}

export class ReasonBody {
  @ApiProperty({ example: 'Không còn phù hợp' })
  reason: string;
  @OccurredAt()
  occurredAt?: string;
}

export class ReassignTaskBody {
  @ApiProperty({ example: 'BKHCN', description: 'code of a registered agency' })
  leadAgency: string;
  @ApiPropertyOptional({ type: Person, nullable: true })
  assignee?: Person | null;
  @ApiProperty({ example: 'Điều chỉnh chức năng' })
  reason: string;
  @OccurredAt()
  occurredAt?: string;
}
