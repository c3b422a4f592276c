import { checkClarity } from './clarity';
import { TaskEvent } from './task.events';
import { TaskState } from './task.state';

/** Applies one event; `occurredAt` is the envelope's business time. Total and pure. */
export function evolveTask(state: TaskState, event: TaskEvent, occurredAt: Date): TaskState {
  return { ...apply(state, event, occurredAt.toISOString()), version: state.version + 1 };
}

function apply(state: TaskState, event: TaskEvent, at: string): TaskState {
  switch (event.type) {
    case 'TaskAssigned': {
      const { deadline, clarity, ...d } = event.data;
      return { ...state, ...d, exists: true, assignedAt: at, deadline, originalDeadline: deadline, clarity };
    }
    case 'DeadlineExtended': {
      const { previous, deadline, reason, decisionRef, requestId } = event.data;
      return {
        ...state,
        deadline,
        extensions: [...state.extensions, { previous, deadline, reason, decisionRef, requestId, at }],
        extensionRequests: state.extensionRequests.map((r) =>
          r.requestId === requestId ? { ...r, status: 'approved' as const, decidedAt: at, decisionRef } : r,
        ),
      };
    }
    case 'ExtensionRequested': {
      const { requestId, proposed, reason } = event.data;
      const request = {
        requestId,
        proposed,
        reason,
        at,
        status: 'pending' as const,
        decidedAt: null,
        decisionRef: null,
        refusalReason: null,
      };
      return { ...state, extensionRequests: [...state.extensionRequests, request] };
    }
    case 'ExtensionRefused': {
      const { requestId, reason } = event.data;
      return {
        ...state,
        extensionRequests: state.extensionRequests.map((r) =>
          r.requestId === requestId ? { ...r, status: 'refused' as const, decidedAt: at, refusalReason: reason } : r,
        ),
      };
    }
    case 'ProgressReported':
      return { ...state, progress: { percent: event.data.percent, note: event.data.note, at } };
    case 'BlockerRaised': {
      const { blockerId, description } = event.data;
      return { ...state, blockers: [...state.blockers, { blockerId, description, raisedAt: at, resolvedAt: null, resolutionNote: null }] };
    }
    case 'BlockerResolved':
      return {
        ...state,
        blockers: state.blockers.map((b) =>
          b.blockerId === event.data.blockerId ? { ...b, resolvedAt: at, resolutionNote: event.data.note } : b,
        ),
      };
    case 'TaskCompleted': {
      const {
        completedAt,
        deliverableRef,
        deliverableIssuedOn,
        note,
        onTime,
        dueAtCompletion,
        reportedAt,
        backdated,
        acceptanceNote,
        accepted,
      } = event.data;
      const completion = {
        deliverableRef,
        ...(deliverableIssuedOn ? { deliverableIssuedOn } : {}),
        note,
        onTime,
        dueAtCompletion,
        reportedAt: reportedAt ?? null,
        backdated: backdated ?? false,
      };
      return {
        ...state,
        completedAt: new Date(completedAt).toISOString(),
        completion: accepted ? { ...completion, accepted, acceptanceNote: acceptanceNote ?? null } : completion,
        completionReport: null,
      };
    }
    case 'CompletionReported': {
      const { completedAt, reportedAt, deliverableRef, deliverableIssuedOn, note, backdated } = event.data;
      const report = {
        completedAt,
        reportedAt,
        deliverableRef,
        ...(deliverableIssuedOn ? { deliverableIssuedOn } : {}),
        note,
        backdated,
        returnReason: null,
        returnedAt: null,
      };
      return { ...state, completionReport: { status: 'reported', ...report } };
    }
    case 'CompletionReturned':
      return state.completionReport
        ? { ...state, completionReport: { ...state.completionReport, status: 'returned', returnReason: event.data.reason, returnedAt: at } }
        : state;
    case 'TaskReopened':
      return { ...state, completedAt: null, completion: null, completionReport: null, reopenings: state.reopenings + 1 };
    case 'TaskReassigned': {
      // Decree 39/2022/NĐ-CP: one lead agency; a coordinating agency that takes the lead stops coordinating.
      const { leadAgency, assignee } = event.data;
      const next = { ...state, leadAgency, assignee, coordinatingAgencies: state.coordinatingAgencies.filter((a) => a !== leadAgency) };
      return { ...next, clarity: checkClarity({ ...next, deadline: next.deadline?.expression }) };
    }
    case 'CommentAdded':
      // The thread is read from the events (with their authors); the state only counts it.
      return { ...state, comments: (state.comments ?? 0) + 1 };
    case 'TaskCancelled':
      return { ...state, cancelled: { reason: event.data.reason, at } };
    case 'AttachmentAdded': {
      const { taskId: _taskId, ...file } = event.data;
      // states folded before attachments existed lack the list
      return { ...state, attachments: [...(state.attachments ?? []), { ...file, at }] };
    }
  }
}
