import type { StoredEvent } from '@app/event-store';
import { TestDatabase, createTestDatabase } from '@app/event-store/testing';
import { WORKFLOW_OUTBOX_TABLE, WorkflowOutboxProjection } from './workflow-outbox-projection';

const TASK = '11111111-1111-5111-8111-111111111111';
const HOUR = 3_600_000;

function stored(position: number, type: string, recordedAt: Date, data: Record<string, unknown> = {}): StoredEvent {
  return {
    id: `00000000-0000-7000-8000-${String(position).padStart(12, '0')}`,
    streamId: `task-${TASK}`,
    version: position,
    position,
    transactionId: String(position),
    type,
    schemaVersion: 1,
    data: { taskId: TASK, ...data },
    metadata: { actor: { role: 'coordinator', name: 'Điều phối' } },
    occurredAt: recordedAt,
    recordedAt,
    hash: 'h',
    prevHash: null,
  };
}

describe('the workflow outbox projection', () => {
  let t: TestDatabase;
  const projection = new WorkflowOutboxProjection();
  const outbox = async () =>
    (await t.db.query<{ position: string; event: string }>(`SELECT position::text, event FROM ${WORKFLOW_OUTBOX_TABLE} ORDER BY position`))
      .rows;

  beforeEach(async () => {
    t = await createTestDatabase('pglite');
    await t.db.exec(projection.ddl);
  });
  afterEach(() => t.drop());

  it('keeps a row per announced event, and none for events a day older than the batch they came with', async () => {
    const now = new Date('2026-01-22T03:00:00Z');
    await projection.apply(t.db, [
      stored(1, 'TaskAssigned', new Date(now.getTime() - 30 * HOUR)), // a rebuild's old history
      stored(2, 'BlockerRaised', new Date(now.getTime() - 24 * HOUR)), // exactly a day: still news to the issuer
      stored(3, 'ProgressReported', now), // not a workflow event
      stored(4, 'ExtensionRequested', now),
    ]);
    expect(await outbox()).toEqual([
      { position: '2', event: 'blocker_raised' },
      { position: '4', event: 'extension_requested' },
    ]);
  });

  it('keeps an old event that comes alone: only the issuer knows how late it is', async () => {
    await projection.apply(t.db, [stored(7, 'TaskAssigned', new Date('2025-01-01T00:00:00Z'))]);
    expect(await outbox()).toEqual([{ position: '7', event: 'assigned' }]);
  });
});
