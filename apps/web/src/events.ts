/**
 * The engine's events as the console reads them. The OpenAPI document leaves an event's `data`
 * free-form (each type has its own shape), so the shapes come from the domain's own event types
 * (type-only imports: nothing of the engine is bundled), and an event is narrowed by its type
 * with a guard, never read as `any`.
 */
import type { AgencyEvent } from '../../../libs/domain/src/agency/agency.events';
import type { NoticeEvent } from '../../../libs/domain/src/notices/notice.events';
import type { RuleEvent } from '../../../libs/domain/src/rules/rule.events';
import type { SettingsEvent } from '../../../libs/domain/src/settings/settings.events';
import type { TaskEvent } from '../../../libs/domain/src/task/task.events';
import type { HistoryEvent } from './types';

export type KnownEvent = TaskEvent | RuleEvent | NoticeEvent | AgencyEvent | SettingsEvent;

/** Every known type once, checked by the compiler both ways (a type missing or misspelt does not compile). */
const KNOWN_TYPES: Record<KnownEvent['type'], true> = {
  TaskAssigned: true,
  DeadlineExtended: true,
  ExtensionRequested: true,
  ExtensionRefused: true,
  ProgressReported: true,
  BlockerRaised: true,
  BlockerResolved: true,
  TaskCompleted: true,
  CompletionReported: true,
  CompletionReturned: true,
  CommentAdded: true,
  AttachmentAdded: true,
  TaskReopened: true,
  TaskReassigned: true,
  TaskCancelled: true,
  ReminderRuleCreated: true,
  ReminderRuleUpdated: true,
  ReminderRuleDeleted: true,
  NoticeIssued: true,
  NoticeDelivered: true,
  NoticeDeliveryAttemptFailed: true,
  NoticeFailed: true,
  NoticeCancelled: true,
  NoticeWebhookDelivered: true,
  NoticeWebhookFailed: true,
  NoticeAcknowledged: true,
  AgencyRegistered: true,
  AgencyHeadChanged: true,
  AgencyActingHeadSet: true,
  HolidaysSet: true,
  CoordinatorsSet: true,
  ReportSchedulesSet: true,
  NoticeTemplateSet: true,
};

/** An event of a type the console knows, with its data typed by that type. */
export function isKnownEvent(e: HistoryEvent): e is HistoryEvent & KnownEvent {
  return Object.hasOwn(KNOWN_TYPES, e.type);
}
