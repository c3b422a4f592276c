import { EarlierLetter, noticeStreamId } from '@app/domain';
import type { EventStore, SqlDatabase } from '@app/event-store';
import { foldNotice } from '../notices/notice-state';

/**
 * The letters delivered so far about each task (rm_notifications, by its task index), for the
 * gate of `unacknowledgedAfter` rules. A letter the read model shows unacknowledged is read
 * again from its stream: an acknowledgement recorded a moment ago, not yet projected, still
 * keeps the escalation back.
 */
export async function loadEarlierLetters(
  db: SqlDatabase,
  store: EventStore,
  taskIds: string[],
  belowLevel: number,
): Promise<Map<string, EarlierLetter[]>> {
  const out = new Map<string, EarlierLetter[]>();
  if (taskIds.length === 0) return out;
  const { rows } = await db.query<{ id: string; task_ids: string[]; level: number; sent_at: Date; acknowledged: boolean }>(
    `SELECT id, task_ids::text[] AS task_ids, level, sent_at, acknowledged_at IS NOT NULL AS acknowledged
       FROM rm_notifications
      WHERE task_ids && $1::uuid[] AND status = 'sent' AND sent_at IS NOT NULL AND level < $2`,
    [taskIds, belowLevel],
  );
  const fresh = await Promise.all(
    rows.map(async (r) => r.acknowledged || foldNotice(await store.readStream(noticeStreamId(r.id))).acknowledgements.length > 0),
  );
  const wanted = new Set(taskIds);
  rows.forEach((r, i) => {
    const letter: EarlierLetter = { noticeId: r.id, level: r.level, sentAt: new Date(r.sent_at), acknowledged: fresh[i] };
    for (const taskId of r.task_ids) {
      if (!wanted.has(taskId)) continue;
      out.set(taskId, [...(out.get(taskId) ?? []), letter]);
    }
  });
  return out;
}
