import { DomainError, type NoticeRecipient } from '@app/domain';
import type { SqlDatabase } from '@app/event-store';
import type { NoticeStatus } from './notice-state';

export interface NotificationFilter {
  taskId?: string;
  status?: NoticeStatus;
  /** an email address, compared case-insensitively */
  recipient?: string;
  /** agency scoping: only notices about tasks this agency leads (and only those task ids shown) */
  leadAgency?: string;
  limit: number;
  /** the previous page's nextCursor */
  cursor?: string;
}

export interface NotificationPage {
  items: NotificationView[];
  /** pass as `cursor` for the next page; null on the last page */
  nextCursor: string | null;
}

export interface NotificationView {
  id: string;
  taskIds: string[];
  taskCodes: string[];
  ruleId: string;
  level: number;
  kind: string;
  digest: boolean;
  catchUp: boolean;
  /** who receives it and why (`as`: assignee, agency_head, coordinators, email), as resolved at issue */
  recipients: NoticeRecipient[];
  status: NoticeStatus;
  attempts: number;
  fireAt: string;
  issuedAt: string;
  sentAt: string | null;
  messageId: string | null;
  lastError: string | null;
  /** status `merged`: the letter that carried this notice */
  mergedInto: string | null;
  /** the notices merged into this letter */
  merged: string[];
  /** when a recipient first confirmed receipt through the letter's link; null until then */
  acknowledgedAt: string | null;
  /** the address whose link confirmed it first */
  acknowledgedBy: string | null;
}

/**
 * Newest fire time first, a page at a time (keyset on fire_at DESC, id: a page costs the same
 * however deep, and a notice issued meanwhile never shifts the next page); every filter is
 * served by an index of rm_notifications.
 */
export async function listNotifications(
  db: SqlDatabase,
  filter: NotificationFilter,
  formatInstant: (d: Date) => string,
): Promise<NotificationPage> {
  const after = filter.cursor === undefined ? null : decodeCursor(filter.cursor);
  const params: unknown[] = [];
  const where: string[] = [];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (filter.taskId) add((p) => `n.task_ids @> ARRAY[${p}::uuid]`, filter.taskId);
  if (filter.status) add((p) => `n.status = ${p}`, filter.status);
  if (filter.recipient) add((p) => `n.recipient_emails @> ARRAY[lower(${p}::text)]`, filter.recipient.trim());
  let visibleTasks = 'n.task_ids::text[]';
  let visibleCodes = 'n.task_codes';
  if (filter.leadAgency) {
    params.push(filter.leadAgency);
    const p = `$${params.length}`;
    const led = `SELECT t.task_id, t.code FROM rm_tasks t WHERE t.task_id = ANY(n.task_ids) AND t.lead_agency = ${p}`;
    where.push(`EXISTS (${led})`);
    visibleTasks = `ARRAY(SELECT l.task_id::text FROM (${led}) l ORDER BY l.code)`;
    visibleCodes = `ARRAY(SELECT l.code FROM (${led}) l ORDER BY l.code)`;
  }
  if (after) {
    params.push(after.fireAt, after.id);
    where.push(`(n.fire_at < $${params.length - 1} OR (n.fire_at = $${params.length - 1} AND n.id > $${params.length}))`);
  }
  // one row more than asked tells whether there is a next page
  params.push(filter.limit + 1);
  const { rows } = await db.query(
    `SELECT n.id, ${visibleTasks} AS task_ids, ${visibleCodes} AS task_codes, n.rule_id, n.level, n.kind, n.digest, n.catch_up,
            n.recipients, n.recipient_emails, n.status, n.attempts, n.fire_at, n.issued_at, n.sent_at, n.message_id, n.last_error,
            n.merged_into, n.merged, n.acknowledged_at, n.acknowledged_by,
            to_char(n.fire_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS fire_key
       FROM rm_notifications n
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY n.fire_at DESC, n.id
      LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => toView(r, formatInstant)),
    nextCursor: rows.length > filter.limit ? encodeCursor({ fireAt: last.fire_key, id: last.id }) : null,
  };
}

interface NotificationCursor {
  /** fire_at to the microsecond (a JS Date keeps only milliseconds) */
  fireAt: string;
  id: string;
}

const encodeCursor = (cursor: NotificationCursor): string =>
  Buffer.from(JSON.stringify([cursor.fireAt, cursor.id]), 'utf8').toString('base64url');

function decodeCursor(cursor: string): NotificationCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    typeof parsed[0] !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(parsed[0]) ||
    typeof parsed[1] !== 'string' ||
    parsed[1].length > 200
  ) {
    throw DomainError.invalid('cursor', 'is not a cursor this API returned');
  }
  return { fireAt: parsed[0], id: parsed[1] };
}

function toView(r: any, formatInstant: (d: Date) => string): NotificationView {
  return {
    id: r.id,
    taskIds: r.task_ids,
    taskCodes: r.task_codes,
    ruleId: r.rule_id,
    level: r.level,
    kind: r.kind,
    digest: r.digest,
    catchUp: r.catch_up,
    recipients: r.recipients,
    status: r.status,
    attempts: r.attempts,
    fireAt: formatInstant(r.fire_at),
    issuedAt: formatInstant(r.issued_at),
    sentAt: r.sent_at ? formatInstant(r.sent_at) : null,
    messageId: r.message_id,
    lastError: r.last_error,
    mergedInto: r.merged_into ?? null,
    merged: r.merged ?? [],
    acknowledgedAt: r.acknowledged_at ? formatInstant(r.acknowledged_at) : null,
    acknowledgedBy: r.acknowledged_by ?? null,
  };
}

/**
 * Notices issued but neither delivered, failed nor cancelled: what the queue must hold. Pages by
 * id (`after`); only notices issued at or before `issuedBefore` when given.
 */
export async function pendingNoticeIds(db: SqlDatabase, opts: { issuedBefore?: Date; after?: string; limit: number }): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM rm_notifications
      WHERE status = 'pending' AND ($1::timestamptz IS NULL OR issued_at <= $1) AND id > $2
      ORDER BY id LIMIT $3`,
    [opts.issuedBefore ?? null, opts.after ?? '', opts.limit],
  );
  return rows.map((r) => r.id);
}

/** A letter delivered about a task, with its acknowledgement (GET /tasks/{id}). */
export interface TaskLetterView {
  noticeId: string;
  ruleId: string;
  level: number;
  kind: string;
  sentAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
}

/**
 * The letters delivered about one task, oldest first (rm_notifications, by its task index);
 * with `asOf`, those sent by then, an acknowledgement shown only when it came by then too.
 */
export async function taskLetters(
  db: SqlDatabase,
  taskId: string,
  formatInstant: (d: Date) => string,
  asOf?: Date,
): Promise<TaskLetterView[]> {
  const { rows } = await db.query<{
    id: string;
    rule_id: string;
    level: number;
    kind: string;
    sent_at: Date;
    acknowledged_at: Date | null;
    acknowledged_by: string | null;
  }>(
    `SELECT id, rule_id, level, kind, sent_at, acknowledged_at, acknowledged_by FROM rm_notifications
      WHERE task_ids @> ARRAY[$1::uuid] AND status = 'sent' AND sent_at IS NOT NULL AND ($2::timestamptz IS NULL OR sent_at <= $2)
      ORDER BY sent_at, id`,
    [taskId, asOf ?? null],
  );
  return rows.map((r) => {
    const acknowledged = r.acknowledged_at !== null && (asOf === undefined || new Date(r.acknowledged_at) <= asOf);
    return {
      noticeId: r.id,
      ruleId: r.rule_id,
      level: r.level,
      kind: r.kind,
      sentAt: formatInstant(new Date(r.sent_at)),
      acknowledgedAt: acknowledged ? formatInstant(new Date(r.acknowledged_at!)) : null,
      acknowledgedBy: acknowledged ? r.acknowledged_by : null,
    };
  });
}
