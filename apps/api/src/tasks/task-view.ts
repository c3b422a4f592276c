import { Language, TaskState, formatInZone, openBlockers, taskRisk, taskStatus } from '@app/domain';
import { riskView } from './risk-view';

/** What a view is evaluated with beside the clock: the status rules, the agencies with a poor record, the reader's language. */
export interface TaskViewOptions {
  dueSoonDays: number;
  timeZone: string;
  poorAgencies: readonly string[];
  language: Language;
}

/**
 * The task as api.md shows it, from its folded state: `deadline.extensions` counts the
 * extensions (their list is `deadline.history`), `openBlockers` counts open blockers (their
 * list is `blockers`). Every instant is ISO-8601 with the deadline zone's offset.
 */
export function taskView(state: TaskState, now: Date, opts: TaskViewOptions) {
  const zone = (iso: string | null) => (iso ? formatInZone(new Date(iso), opts.timeZone) : null);
  return {
    id: state.taskId,
    code: state.code,
    title: state.title,
    description: state.description,
    status: taskStatus(state, now, opts),
    leadAgency: state.leadAgency,
    coordinatingAgencies: state.coordinatingAgencies,
    source: state.source,
    priority: state.priority,
    assignee: state.assignee,
    deliverable: state.deliverable,
    approver: state.approver,
    assignedAt: zone(state.assignedAt),
    deadline: {
      due: state.deadline?.due ?? null,
      expression: state.deadline?.expression ?? 'ongoing',
      adjusted: state.deadline?.adjusted ?? false,
      lastDay: state.deadline?.lastDay ?? null,
      original: state.originalDeadline?.due ?? null,
      originalExpression: state.originalDeadline?.expression ?? 'ongoing',
      extensions: state.extensions.length,
      history: state.extensions.map((e) => ({
        from: e.previous.due,
        to: e.deadline.due,
        expression: e.deadline.expression,
        reason: e.reason,
        decisionRef: e.decisionRef,
        requestId: e.requestId,
        at: zone(e.at),
      })),
    },
    extensionRequests: state.extensionRequests.map((r) => ({
      requestId: r.requestId,
      proposed: r.proposed.due,
      proposedExpression: r.proposed.expression,
      proposedDeadline: r.proposed.expression,
      reason: r.reason,
      status: r.status,
      at: zone(r.at),
      requestedAt: zone(r.at),
      decidedAt: zone(r.decidedAt ?? null),
      decisionRef: r.decisionRef ?? null,
      refusalReason: r.refusalReason ?? null,
    })),
    progress: state.progress ? { percent: state.progress.percent, note: state.progress.note, at: zone(state.progress.at) } : null,
    completedAt: zone(state.completedAt),
    completion: completionView(state, zone),
    awaitingConfirmation: state.completionReport?.status === 'reported',
    risk: riskView(taskRisk(state, now, opts.poorAgencies, opts), opts.language),
    cancelled: state.cancelled ? { reason: state.cancelled.reason, at: zone(state.cancelled.at) } : null,
    openBlockers: openBlockers(state).length,
    blockers: state.blockers.map((b) => ({ ...b, raisedAt: zone(b.raisedAt), resolvedAt: zone(b.resolvedAt) })),
    attachments: (state.attachments ?? []).map((a) => ({ ...a, at: zone(a.at) })),
    clarity: state.clarity,
    reopenings: state.reopenings,
    version: state.version,
  };
}

/**
 * The completion as counted (accepted, or recorded at once) or as reported and not yet counted
 * (awaiting confirmation, or returned). States folded before confirmation existed lack the newer fields.
 */
function completionView(state: TaskState, zone: (iso: string | null) => string | null) {
  const c = state.completion;
  if (c) {
    return {
      status: 'accepted' as const,
      completedAt: zone(state.completedAt),
      reportedAt: zone(c.reportedAt ?? null),
      deliverableRef: c.deliverableRef,
      deliverableIssuedOn: c.deliverableIssuedOn ?? null,
      note: c.note,
      onTime: c.onTime,
      dueAtCompletion: c.dueAtCompletion,
      backdated: c.backdated ?? false,
      returnReason: null,
    };
  }
  const r = state.completionReport ?? null;
  if (!r) return null;
  return {
    status: r.status,
    completedAt: zone(r.completedAt),
    reportedAt: zone(r.reportedAt),
    deliverableRef: r.deliverableRef,
    deliverableIssuedOn: r.deliverableIssuedOn ?? null,
    note: r.note,
    onTime: null,
    dueAtCompletion: null,
    backdated: r.backdated,
    returnReason: r.returnReason,
  };
}
