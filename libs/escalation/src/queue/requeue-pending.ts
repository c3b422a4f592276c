import type { SqlDatabase } from '@app/event-store';
import { pendingNoticeIds } from '../notices/notification-queries';
import type { NoticeQueue } from './notice-queue';

const PAGE = 500;

/**
 * Re-enqueues every notice the history says is still undelivered (rm_notifications, status
 * pending), so a flushed or restarted Redis loses nothing. Run at worker start, when a process
 * becomes the scanner, and after each scan for notices older than a grace period. Returns how
 * many jobs were (re)created.
 */
export async function requeuePendingNotices(
  db: SqlDatabase,
  queue: Pick<NoticeQueue, 'ensureDelivery'>,
  opts: { issuedBefore?: Date } = {},
): Promise<number> {
  let added = 0;
  let after = '';
  for (;;) {
    const ids = await pendingNoticeIds(db, { issuedBefore: opts.issuedBefore, after, limit: PAGE });
    for (const id of ids) if (await queue.ensureDelivery(id)) added++;
    if (ids.length < PAGE) return added;
    after = ids[ids.length - 1];
  }
}
