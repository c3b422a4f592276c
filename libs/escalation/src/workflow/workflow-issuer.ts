import { Logger } from '@nestjs/common';
import { NoticeIssued, NoticeRecipient, noticeStreamId, uuidV5 } from '@app/domain';
import { ConcurrencyError, EventStore, SqlDatabase, expect } from '@app/event-store';
import { WORKFLOW_NOTICE_MAX_AGE_MS, WORKFLOW_OUTBOX_TABLE, WorkflowEvent } from './workflow-outbox-projection';

const NOTICE_NAMESPACE = '6d0c3f1e-2b7a-4e59-9c84-5a1f0e2d7b39';
const ISSUER_ACTOR = { role: 'system', name: 'workflow-notices' };
const BATCH = 200;

/** Who hears of each event: the coordinators of what needs their decision, the agency of the answers. */
const AUDIENCE: Record<WorkflowEvent, 'agency' | 'coordinators'> = {
  assigned: 'agency',
  extension_requested: 'coordinators',
  extension_refused: 'agency',
  extension_approved: 'agency',
  blocker_raised: 'coordinators',
  completion_reported: 'coordinators',
  completion_returned: 'agency',
};

export const workflowNoticeId = (position: number): string => uuidV5(`workflow/${position}`, NOTICE_NAMESPACE);

export interface WorkflowIssuerDeps {
  db: SqlDatabase;
  store: EventStore;
  queue: { enqueueDeliveries(noticeIds: string[]): Promise<void> };
  onAppended?(position: number): void;
}

interface OutboxRow {
  position: string;
  event: WorkflowEvent;
  task_id: string;
  data: Record<string, unknown>;
  actor: { name?: string; role?: string; agency?: string } | null;
  occurred_at: Date;
  recorded_at: Date;
}

/**
 * Workflow notices (api.md "Workflow"): each row of the outbox becomes one `workflow` notice in
 * the same pipeline as reminders (ledger, claim, Message-ID): to the task's officer and the lead
 * agency's focal points for an assignment and for the answers to their requests and reports, to
 * the coordinators for a request, a blocker or a completion to confirm. The notice id is fixed by
 * the event's position and appended with "no stream", so a row issued twice (two workers, a crash
 * before the row was removed) is one notice.
 */
export class WorkflowNoticeIssuer {
  private readonly logger = new Logger('WorkflowNotices');

  constructor(private readonly deps: WorkflowIssuerDeps) {}

  async issueDue(now: Date): Promise<{ issued: number; skipped: number }> {
    const result = { issued: 0, skipped: 0 };
    // rows too old to announce go in one statement, not one by one ahead of the new ones
    const stale = await this.deps.db.query(`DELETE FROM ${WORKFLOW_OUTBOX_TABLE} WHERE recorded_at < $1`, [
      new Date(now.getTime() - WORKFLOW_NOTICE_MAX_AGE_MS),
    ]);
    result.skipped += stale.rowCount;
    const { rows } = await this.deps.db.query<OutboxRow>(
      `SELECT position::text AS position, event, task_id::text AS task_id, data, actor, occurred_at, recorded_at
         FROM ${WORKFLOW_OUTBOX_TABLE} ORDER BY position LIMIT ${BATCH}`,
    );
    const ids: string[] = [];
    for (const row of rows) {
      const notice = await this.noticeFor(row, now);
      if (notice && (await this.append(notice, now))) {
        ids.push(notice.noticeId);
        result.issued++;
      } else if (!notice) result.skipped++;
      await this.deps.db.query(`DELETE FROM ${WORKFLOW_OUTBOX_TABLE} WHERE position = $1`, [row.position]);
    }
    if (ids.length) await this.deps.queue.enqueueDeliveries(ids);
    if (result.issued) this.logger.log(`${result.issued} workflow notice(s) issued`);
    return result;
  }

  private async noticeFor(row: OutboxRow, now: Date): Promise<NoticeIssued['data'] | null> {
    if (now.getTime() - new Date(row.recorded_at).getTime() > WORKFLOW_NOTICE_MAX_AGE_MS) return null;
    const { rows: tasks } = await this.deps.db.query<{
      code: string;
      title: string;
      lead_agency: string;
      assignee_name: string | null;
      assignee_email: string | null;
      due: Date | null;
      closed: boolean;
    }>(
      `SELECT code, title, lead_agency, assignee_name, assignee_email, due, (completed_at IS NOT NULL OR cancelled_at IS NOT NULL) AS closed
         FROM rm_tasks WHERE task_id = $1`,
      [row.task_id],
    );
    const task = tasks[0];
    // an assignment of a task already closed (a late record of an old directive) tells nobody anything
    if (!task || (row.event === 'assigned' && task.closed)) return null;
    const recipients = AUDIENCE[row.event] === 'coordinators' ? await this.coordinators() : await this.agencyPeople(task);
    if (recipients.length === 0) return null;
    const noticeId = workflowNoticeId(Number(row.position));
    return {
      noticeId,
      kind: 'workflow',
      ruleId: `workflow:${row.event}`,
      level: 0,
      digest: false,
      items: [
        {
          taskId: row.task_id,
          taskCode: task.code,
          ruleId: `workflow:${row.event}`,
          occurrence: 0,
          deadlineVersion: 0,
          due: task.due ? new Date(task.due).toISOString() : '',
        },
      ],
      recipients,
      fireAt: new Date(row.occurred_at).toISOString(),
      catchUp: false,
      workflow: {
        event: row.event,
        position: Number(row.position),
        actor: row.actor?.name ?? null,
        actorAgency: row.actor?.agency ?? null,
        data: row.data,
      },
    };
  }

  private async coordinators(): Promise<NoticeRecipient[]> {
    const { rows } = await this.deps.db.query<{ value: { emails: string[] } }>(`SELECT value FROM rm_settings WHERE key = 'coordinators'`);
    const emails = rows[0]?.value.emails ?? [];
    return this.withPeople(emails.map((email) => ({ email, as: 'coordinators' })));
  }

  /** The task's officer and the lead agency's focal points (people not disabled), each once. */
  private async agencyPeople(task: { lead_agency: string; assignee_name: string | null; assignee_email: string | null }) {
    const out: NoticeRecipient[] = [];
    if (task.assignee_email) out.push({ email: task.assignee_email, name: task.assignee_name, agency: task.lead_agency, as: 'assignee' });
    const { rows } = await this.deps.db.query<{ email: string; name: string; title: string | null }>(
      `SELECT email, name, title FROM rm_people WHERE agency = $1 AND focal_point AND status <> 'disabled' ORDER BY email`,
      [task.lead_agency],
    );
    for (const p of rows) out.push({ email: p.email, name: p.name, title: p.title, agency: task.lead_agency, as: 'focal_point' });
    const seen = new Set<string>();
    return this.withPeople(out.filter((r) => !seen.has(r.email.toLowerCase()) && seen.add(r.email.toLowerCase())));
  }

  /** Each recipient's name, title and language from the directory when they are in it (the letter is in their language). */
  private async withPeople(recipients: NoticeRecipient[]): Promise<NoticeRecipient[]> {
    if (recipients.length === 0) return recipients;
    const { rows } = await this.deps.db.query<{ email: string; name: string; title: string | null; language: string }>(
      `SELECT lower(email) AS email, name, title, language FROM rm_people WHERE lower(email) = ANY($1::text[]) AND status <> 'disabled'`,
      [recipients.map((r) => r.email.toLowerCase())],
    );
    const byEmail = new Map(rows.map((r) => [r.email, r]));
    return recipients.map((r) => {
      const p = byEmail.get(r.email.toLowerCase());
      return p ? { ...r, name: r.name ?? p.name, title: r.title ?? p.title, language: p.language } : r;
    });
  }

  private async append(data: NoticeIssued['data'], now: Date): Promise<boolean> {
    try {
      const appended = await this.deps.store.append(
        noticeStreamId(data.noticeId),
        [{ type: 'NoticeIssued', data: data as unknown as Record<string, unknown>, occurredAt: now, metadata: { actor: ISSUER_ACTOR } }],
        { expectedVersion: expect.noStream() },
      );
      this.deps.onAppended?.(appended.position);
      return true;
    } catch (error) {
      if (error instanceof ConcurrencyError) return false;
      throw error;
    }
  }
}
