// Public API of the pure domain library (no Nest, no I/O; time comes in as arguments).

// shared
export { Clock, ManualClock, systemClock, CLOCK } from './shared/clock';
export { DomainError, DomainErrorKind, FieldIssue } from './shared/domain-error';
export { Command } from './shared/command';
export { FieldChecks } from './shared/field-checks';
export { objectInput } from './shared/object-input';
export { TextRule, requiredText, optionalText, identifier, optionalEmail, requiredEmail } from './shared/text';
export {
  DEFAULT_TIME_ZONE,
  parseInstant,
  formatInZone,
  localDay,
  localDayNumber,
  endOfLocalDay,
  assertTimeZone,
  zoneOf,
} from './shared/time';
export {
  CalendarDay,
  isCalendarDay,
  calendarDay,
  daysInMonth,
  isoWeekday,
  isWeekend,
  addDays,
  daysBetween,
  dayNumber,
  dayOfNumber,
} from './shared/calendar-day';
export { uuidV5 } from './shared/uuid-v5';
export { TASK_ID_NAMESPACE, taskStreamId, agencyStreamId, taskIdFromCode, personStreamId, emailClaimStreamId } from './shared/stream-ids';

// calendar
export { HolidayYear, WorkingDays } from './calendar/calendar.types';
export { WorkingCalendar } from './calendar/working-calendar';
export { holidayYearFromJson } from './calendar/holiday-year-from-json';

// deadline
export {
  DeadlineExpression,
  DeadlineReading,
  ACCEPTED_DEADLINE_FORMS,
  parseDeadlineExpression,
  lastDayOf,
} from './deadline/deadline-expression';
export { resolveDeadline } from './deadline/resolve-deadline';
export { dueInstant } from './deadline/due-instant';

// task
export * from './task/task.events';
export * from './task/task.commands';
export {
  TaskState,
  ExtensionRecord,
  ExtensionRequestRecord,
  BlockerRecord,
  CompletionRecord,
  initialTaskState,
  isOpen,
  openBlockers,
} from './task/task.state';
export { TaskContext } from './task/task.context';
export { ClarityInput, checkClarity } from './task/clarity';
export { evolveTask } from './task/evolve-task';
export { decideTask } from './task/decide-task';
export { taskDecider } from './task/task.decider';
export { agencyCode, taskCode } from './task/task.validation';
export { LIST_LIMITS, boundedList } from './shared/limits';
export { AGENCY_CODE_MAX, TASK_CODE_MAX, agencyCodeOrNull, normaliseAgencyCode, normaliseTaskCode } from './shared/codes';
export { TaskParseContext } from './task/task.parse-context';
export { parseAssignTask } from './task/parse-assign-task';
export { parseExtendDeadline, parseRefuseExtension, parseRequestExtension } from './task/parse-deadline-change';
export { parseReportProgress, parseRaiseBlocker, parseResolveBlocker } from './task/parse-progress';
export { parseCompleteTask, parseReopenTask, parseReassignTask, parseCancelTask } from './task/parse-lifecycle';
export { TASK_COMMAND_PARSERS, parseTaskCommand } from './task/parse-task-command';

// status
export { TaskStatus, TASK_STATUSES, StatusOptions, taskStatus } from './status/task-status';
export {
  RiskLevel,
  RISK_LEVELS,
  RiskReasonCode,
  RiskReason,
  TaskRisk,
  RiskInputs,
  AgencyRecord,
  RISK_THRESHOLDS,
  STALE_REPORT_DAYS,
  poorRecordAgencies,
  lastReportAt,
  riskInputs,
  openRiskInputs,
  RiskSchedule,
  riskSchedule,
  scheduledPoints,
  taskRisk,
  riskOf,
  levelOf,
  riskReasonText,
} from './status/task-risk';
export { InboxItem, InboxRole, ANSWER_DAYS, inboxItems } from './task/inbox';

// agency
export * from './agency/agency.events';
export { RegisterAgency, ChangeAgencyHead, AgencyCommand } from './agency/agency.commands';
export { AgencyState, initialAgencyState } from './agency/agency.state';
export { evolveAgency } from './agency/evolve-agency';
export { AGENCY_KINDS, decideAgency } from './agency/decide-agency';
export { parseRegisterAgency, parseChangeAgencyHead, parseSetActingHead } from './agency/parse-agency-commands';
export { headAsOf } from './agency/head-as-of';
export { agencyDecider } from './agency/agency.decider';

// settings (admin settings events) and reminder rules: owned by their own modules, re-exported here
export * from './settings/settings.events';
export { parseCoordinators } from './settings/parse-coordinators';
export * from './settings/report-schedules';
export * from './settings/notice-templates';
export * from './rules';
export * from './notices/notice.events';
export * from './notices/merge-letters';

// messages: the caller's language for errors
export { Language, LANGUAGES, DEFAULT_LANGUAGE, pickLanguage } from './shared/messages/language';
export { ErrorBody, localizeError } from './shared/messages/localize-error';

// people
export * from './people';
export { ATTACHMENT_TYPES, sniffAttachmentType } from './task/attachments';
