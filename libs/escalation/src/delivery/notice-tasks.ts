import { NoticeItem, TaskEvent, TaskState, evolveTask, initialTaskState, taskStreamId } from '@app/domain';
import type { EventStore, SqlDatabase } from '@app/event-store';
import type { NoticeTask } from '../mail/notice-mail.types';

/**
 * The tasks of a notice as their streams stand now (the source of truth, not a read model that
 * may lag), so a completion or extension recorded a moment ago still cancels the email.
 */
export async function loadTaskStates(store: EventStore, taskIds: string[]): Promise<Map<string, TaskState>> {
  const states = new Map<string, TaskState>();
  for (const id of new Set(taskIds)) {
    const events = await store.readStream(taskStreamId(id));
    states.set(id, events.reduce((s, e) => evolveTask(s, e as unknown as TaskEvent, e.occurredAt), initialTaskState()));
  }
  return states;
}

/** Why an item must not be sent any more, or null while it still stands. */
export function staleItemReason(item: NoticeItem, state: TaskState | undefined): string | null {
  if (!state?.exists) return `task ${item.taskCode} unknown`;
  if (state.cancelled) return `task ${item.taskCode} cancelled`;
  if (state.completedAt !== null) return `task ${item.taskCode} completed`;
  if (state.extensions.length !== item.deadlineVersion) return `deadline of ${item.taskCode} changed`;
  return null;
}

export async function loadAgencyNames(db: SqlDatabase, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const { rows } = await db.query<{ code: string; name: string }>(`SELECT code, name FROM rm_agencies WHERE code = ANY($1::text[])`, [
    [...new Set(codes)],
  ]);
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** What the templates show of a task: deadline in force, original one, extension history. */
export function noticeTask(state: TaskState, agencyNames: Map<string, string>, status: string): NoticeTask {
  const lead = state.leadAgency ?? '';
  return {
    taskId: state.taskId!,
    code: state.code ?? '',
    title: state.title ?? '',
    leadAgency: { code: lead, name: agencyNames.get(lead) ?? lead },
    source: state.source ? { kind: state.source.kind, ref: state.source.ref, issuedOn: state.source.issuedOn ?? null } : null,
    due: state.deadline?.due ? new Date(state.deadline.due) : null,
    originalDue: state.originalDeadline?.due ? new Date(state.originalDeadline.due) : null,
    extensions: state.extensions
      .filter((e) => e.previous.due && e.deadline.due)
      .map((e) => ({ from: new Date(e.previous.due!), to: new Date(e.deadline.due!), decisionRef: e.decisionRef })),
    assignee: state.assignee ? { name: state.assignee.name, email: state.assignee.email ?? null } : null,
    status,
  };
}
