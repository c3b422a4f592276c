import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import { OFFSET_UNITS, REPEAT_UNITS, RISK_LEVELS, RULE_LIMITS } from '@app/domain';
import { NoticeRecipient } from '../notifications/notification.schemas';
import { TIME_INPUT } from '../openapi/api-params';
import { Instant, OccurredAt } from '../openapi/schema-helpers';
import { HistoryEvent, PRIORITY_VALUES } from '../tasks/task.schemas';

/** Schemas of the reminder-rule answers and bodies (documentation only: validateRuleInput validates). */

const HH_MM = { type: String, pattern: '^([01]\\d|2[0-3]):[0-5]\\d$|^24:00$', example: '08:00' };

export class RuleScope {
  @ApiProperty({ type: [String], example: ['71/NQ-CP'], description: "source documents' refs; empty: every source" })
  sources: string[];
  @ApiProperty({ type: [String], example: ['BCA'], description: 'lead agency codes; empty: every agency' })
  agencies: string[];
  @ApiProperty({ enum: PRIORITY_VALUES, enumName: 'Priority', isArray: true, description: 'empty: every priority' })
  priorities: string[];
  @ApiPropertyOptional({
    enum: RISK_LEVELS,
    enumName: 'RiskLevel',
    isArray: true,
    description:
      'early-warning levels: the rule fires only while the task is at one of them when the notice falls due; absent or empty: any',
  })
  risks?: string[];
}

export class RuleOffset {
  @ApiProperty({ type: 'integer', example: -5, description: 'negative: before the deadline; 0: at it; positive: after it' })
  amount: number;
  @ApiProperty({ enum: OFFSET_UNITS, enumName: 'OffsetUnit' })
  unit: string;
}

export class UnacknowledgedAfter {
  @ApiProperty({ type: 'integer', minimum: 1, example: 2 })
  amount: number;
  @ApiProperty({ enum: OFFSET_UNITS, enumName: 'OffsetUnit' })
  unit: string;
}

const UNACKNOWLEDGED_AFTER = {
  type: UnacknowledgedAfter,
  nullable: true,
  description:
    'escalations only: fire only when a letter of a lower level about the task was sent at least this long before and its addressee has not acknowledged it (absent: fire regardless)',
} as const;

export class RepeatEvery {
  @ApiProperty({ type: 'integer', minimum: 1, example: 1 })
  amount: number;
  @ApiProperty({ enum: REPEAT_UNITS, enumName: 'RepeatUnit' })
  unit: string;
}

export class RuleRepeat {
  @ApiProperty({ type: RepeatEvery })
  every: RepeatEvery;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: RULE_LIMITS.maxRepeatTimes, description: 'repeats after the first notice' })
  maxTimes: number;
}

export class SendWindow {
  @ApiProperty({ ...HH_MM, description: 'local time HH:mm in the deadline time zone' })
  start: string;
  @ApiProperty({ ...HH_MM, example: '17:00', description: 'exclusive; may be 24:00' })
  end: string;
  @ApiProperty()
  workingDaysOnly: boolean;
}

const RECIPIENTS: ApiPropertyOptions = {
  type: [String],
  example: ['assignee', 'agency_head', 'coordinators', 'email:thanh-tra@example.org'],
  maxItems: RULE_LIMITS.maxRecipients,
  description: '`assignee`, `agency_head`, `coordinators` or `email:<address>`',
};

/** The fields of a rule as admins write them. */
/** a rule's named webhook targets (NOTICE_WEBHOOKS entries with a name) */
const WEBHOOKS = {
  type: 'array',
  items: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,59}$' },
  maxItems: 10,
  description:
    "named webhook targets (NOTICE_WEBHOOKS entries with a name) that also receive this rule's notices; GET /settings/webhook-targets lists them",
} as const;

class RuleFields {
  @ApiProperty({ example: 'Nhắc trước hạn 5 ngày làm việc', maxLength: RULE_LIMITS.maxNameLength })
  name: string;
  @ApiProperty()
  enabled: boolean;
  @ApiProperty({ type: RuleScope })
  scope: RuleScope;
  @ApiProperty({ type: RuleOffset })
  offset: RuleOffset;
  @ApiProperty({ type: RuleRepeat, nullable: true })
  repeat: RuleRepeat | null;
  @ApiProperty(RECIPIENTS)
  recipients: string[];
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    maximum: RULE_LIMITS.maxLevel,
    description: 'escalation level: 0 the officer, rising to leaders',
  })
  level: number;
  @ApiProperty({ description: 'one email per recipient listing every task this rule fires for at the same time' })
  digest: boolean;
  @ApiProperty({ type: SendWindow, nullable: true })
  sendWindow: SendWindow | null;
  @ApiPropertyOptional(UNACKNOWLEDGED_AFTER)
  unacknowledgedAfter?: UnacknowledgedAfter | null;
  @ApiPropertyOptional(WEBHOOKS)
  webhooks?: string[];
}

class StoredRule extends RuleFields {
  @ApiProperty({ example: 'nhac-truoc-han-5-ngay' })
  id: string;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'send it back in PUT to refuse a concurrent change (409)' })
  version: number;
}

export class ReminderRule extends StoredRule {
  @Instant({ description: 'record time of its last change' })
  updatedAt: string;
}

export class RuleCommandAnswer extends StoredRule {
  @ApiProperty({ type: 'integer', minimum: 1 })
  position: number;
  @Instant({ required: false, description: 'record time of the change (absent when an unchanged rule recorded nothing)' })
  updatedAt?: string;
}

export class RuleDeleted {
  @ApiProperty()
  id: string;
  @ApiProperty({ enum: [true] })
  deleted: boolean;
  @ApiProperty({ type: 'integer', minimum: 1 })
  version: number;
  @ApiProperty({ type: 'integer', minimum: 1 })
  position: number;
}

export class RuleHistory {
  @ApiProperty({ type: [HistoryEvent], description: 'RuleCreated, RuleUpdated, RuleDeleted with who and when' })
  events: HistoryEvent[];
}

/** A rule body: omitted optional fields take their defaults. */
export class RuleInput {
  @ApiPropertyOptional({
    pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$',
    description: 'POST: default a slug of the name; PUT: the id of the path',
  })
  id?: string;
  @ApiProperty({ example: 'Nhắc trước hạn 5 ngày làm việc', maxLength: RULE_LIMITS.maxNameLength })
  name: string;
  @ApiPropertyOptional({ default: true })
  enabled?: boolean;
  @ApiPropertyOptional({ type: RuleScope, description: 'default: every task' })
  scope?: RuleScope;
  @ApiProperty({ type: RuleOffset })
  offset: RuleOffset;
  @ApiPropertyOptional({ type: RuleRepeat, nullable: true, default: null })
  repeat?: RuleRepeat | null;
  @ApiProperty(RECIPIENTS)
  recipients: string[];
  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: RULE_LIMITS.maxLevel, default: 0 })
  level?: number;
  @ApiPropertyOptional({ default: false })
  digest?: boolean;
  @ApiPropertyOptional({ type: SendWindow, nullable: true, default: null })
  sendWindow?: SendWindow | null;
  @ApiPropertyOptional({ ...UNACKNOWLEDGED_AFTER, default: null })
  unacknowledgedAfter?: UnacknowledgedAfter | null;
  @ApiPropertyOptional(WEBHOOKS)
  webhooks?: string[];
}

export class CreateRuleBody extends RuleInput {
  @OccurredAt()
  occurredAt?: string;
}

export class ReplaceRuleBody extends CreateRuleBody {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'the version the change is based on: 409 when the rule changed since' })
  version?: number;
}

export class SimulateBody {
  @ApiProperty({ ...TIME_INPUT, description: 'a plain date: the start of that day' })
  from: string;
  @ApiProperty({ ...TIME_INPUT, description: 'a plain date: the end of that day; at most 366 days after from' })
  to: string;
  @ApiPropertyOptional({ type: [RuleInput], nullable: true, description: 'unsaved rules to try instead of the saved, enabled ones' })
  rules?: RuleInput[] | null;
}

export class SimulatedNotice {
  @ApiProperty({ type: String, format: 'uuid' })
  taskId: string;
  @ApiProperty()
  taskCode: string;
  @ApiProperty()
  ruleId: string;
  @Instant()
  fireAt: string;
  @ApiProperty({ type: [NoticeRecipient], description: 'resolved as of now' })
  recipients: NoticeRecipient[];
  @ApiProperty({ type: 'integer', minimum: 0 })
  level: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: "which of the rule's notices for that deadline (0 = the first)" })
  occurrence: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'how many extensions the deadline has had: a new deadline gets new notices' })
  deadlineVersion: number;
  @ApiProperty({ description: 'what identifies the notice when it is issued' })
  noticeKey: string;
  @ApiProperty()
  digest: boolean;
  @ApiProperty()
  catchUp: boolean;
}

export class SimulationResult {
  @Instant()
  from: string;
  @Instant()
  to: string;
  @ApiProperty({ type: [SimulatedNotice] })
  notices: SimulatedNotice[];
}
