import type { NoticeItem, TaskState } from '@app/domain';
import type { EventStore, SqlDatabase } from '@app/event-store';
import { readTasksAsOf } from '@app/projections';
import type { NoticeTask } from '../mail/notice-mail.types';

/**
 * The tasks of a notice as their streams stand now (the source of truth, not a read model that
 * may lag), so a completion or extension recorded a moment ago still cancels the email.
 */
export function loadTaskStates(store: EventStore, taskIds: string[]): Promise<Map<string, TaskState>> {
  return readTasksAsOf(store, taskIds);
}

/** Why an item must not be sent any more, or null while it still stands. */
export function staleItemReason(item: NoticeItem, state: TaskState | undefined): string | null {
  if (!state?.exists) return `task ${item.taskCode} unknown`;
  if (state.cancelled) return `task ${item.taskCode} cancelled`;
  if (state.completedAt !== null) return `task ${item.taskCode} completed`;
  if (state.extensions.length !== item.deadlineVersion) return `deadline of ${item.taskCode} changed`;
  return null;
}

/** How long a mail may show an agency's previous name after it was renamed. */
export const AGENCY_NAMES_TTL_MS = 30_000;

/**
 * Agency names for the mails, all of them read at once (a few dozen rows) and kept for
 * AGENCY_NAMES_TTL_MS: every notice needs some, and names almost never change. A code the
 * copy does not know (an agency registered since) reads them again at once.
 */
export class AgencyNames {
  private names: Map<string, string> | null = null;
  private loadedAt = 0;

  constructor(private readonly db: SqlDatabase) {}

  async of(codes: string[]): Promise<Map<string, string>> {
    const wanted = codes.filter((c) => c !== '');
    const fresh = this.names !== null && Date.now() - this.loadedAt < AGENCY_NAMES_TTL_MS;
    if (!fresh || wanted.some((c) => !this.names!.has(c))) {
      const { rows } = await this.db.query<{ code: string; name: string }>(`SELECT code, name FROM rm_agencies`);
      this.names = new Map(rows.map((r) => [r.code, r.name]));
      this.loadedAt = Date.now();
    }
    return this.names!;
  }
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
