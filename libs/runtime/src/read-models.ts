import { Projection, readModelProjections } from '@app/projections';
import { NotificationProjection, PendingNoticesProjection, RulesProjection, WorkflowOutboxProjection } from '@app/escalation';

/**
 * Every read model the projector keeps current, in the order it applies them. The worker, the
 * API (for the tables it queries) and `npm run cli -- rebuild` all use this one list: a read
 * model is added here and nowhere else. `timeZone` is DEADLINE_TIMEZONE (the tally counts days
 * late in it); the default is Asia/Ho_Chi_Minh.
 */
export function allReadModels(timeZone?: string, replayStatesKept?: number): Projection[] {
  return [
    ...readModelProjections(timeZone, replayStatesKept),
    new RulesProjection(),
    new PendingNoticesProjection(), // reminder rules, then the plan that reads them
    new NotificationProjection(), // rm_notifications: each notice and its delivery status
    new WorkflowOutboxProjection(), // task events to tell people about, for the workflow issuer
  ];
}
