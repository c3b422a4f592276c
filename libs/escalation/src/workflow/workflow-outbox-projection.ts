import type { SqlDatabase, StoredEvent } from '@app/event-store';
import type { Projection } from '@app/projections';

export const WORKFLOW_OUTBOX_TABLE = 'rm_workflow_outbox';

/** Events recorded longer ago than this are not announced any more (a rebuild, a worker down for days). */
export const WORKFLOW_NOTICE_MAX_AGE_MS = 24 * 3_600_000;

/** The task events people are told about by letter (api.md "Workflow"), and what each is called in a notice. */
export const WORKFLOW_EVENTS: Record<string, WorkflowEvent> = {
  TaskAssigned: 'assigned',
  ExtensionRequested: 'extension_requested',
  ExtensionRefused: 'extension_refused',
  DeadlineExtended: 'extension_approved',
  BlockerRaised: 'blocker_raised',
  CompletionReported: 'completion_reported',
  CompletionReturned: 'completion_returned',
};

export type WorkflowEvent =
  | 'assigned'
  | 'extension_requested'
  | 'extension_refused'
  | 'extension_approved'
  | 'blocker_raised'
  | 'completion_reported'
  | 'completion_returned';

/**
 * rm_workflow_outbox: one row per task event someone must be told about, written in the
 * projector's transaction (so once per event); the workflow issuer turns each row into one
 * `workflow` notice and removes it. A deadline extended without a request (a coordinator's own
 * decision) and events of an import (the directive was sent on paper) make no row, nor does an
 * event recorded more than WORKFLOW_NOTICE_MAX_AGE_MS before the batch's newest: the issuer, which
 * runs after that one was recorded, would find it too old to announce. So a rebuild of years of
 * history leaves in the outbox only what is still news.
 */
export class WorkflowOutboxProjection implements Projection {
  readonly name = 'workflow-outbox';
  readonly tables = [WORKFLOW_OUTBOX_TABLE];

  readonly ddl = `
      CREATE TABLE IF NOT EXISTS ${WORKFLOW_OUTBOX_TABLE} (
        position bigint PRIMARY KEY,
        event text NOT NULL,
        task_id uuid NOT NULL,
        data jsonb NOT NULL,
        actor jsonb,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL
      )`;

  async apply(tx: SqlDatabase, events: StoredEvent[]): Promise<void> {
    const newest = events.reduce((latest, e) => Math.max(latest, e.recordedAt.getTime()), 0);
    const rows = events
      .filter((e) => wanted(e) && newest - e.recordedAt.getTime() <= WORKFLOW_NOTICE_MAX_AGE_MS)
      .map((e) => ({
        position: e.position,
        event: WORKFLOW_EVENTS[e.type],
        task_id: e.streamId.slice('task-'.length),
        data: e.data,
        actor: e.metadata?.actor ?? null,
        occurred_at: e.occurredAt.toISOString(),
        recorded_at: e.recordedAt.toISOString(),
      }));
    if (rows.length === 0) return;
    await tx.query(
      `INSERT INTO ${WORKFLOW_OUTBOX_TABLE} (position, event, task_id, data, actor, occurred_at, recorded_at)
       SELECT position, event, task_id, data, actor, occurred_at, recorded_at
         FROM jsonb_to_recordset($1::jsonb) AS x(position bigint, event text, task_id uuid, data jsonb, actor jsonb, occurred_at timestamptz, recorded_at timestamptz)
       ON CONFLICT (position) DO NOTHING`,
      [JSON.stringify(rows)],
    );
  }
}

function wanted(e: StoredEvent): boolean {
  if (!e.streamId.startsWith('task-') || !(e.type in WORKFLOW_EVENTS)) return false;
  if ((e.metadata?.actor as { name?: string } | undefined)?.name === 'import') return false;
  if (e.type === 'DeadlineExtended' && !(e.data as { requestId?: string | null }).requestId) return false;
  return true;
}
