import type { SqlDatabase, StoredEvent } from '@app/event-store';
import { NOTICE_EVENT_TYPES, NoticeItem, NoticeRecipient } from '@app/domain';
import type { Projection } from '@app/projections';
import { NoticeState, NoticeStatus, evolveNotice, initialNoticeState } from './notice-state';

export const NOTIFICATIONS_TABLE = 'rm_notifications';

const DDL = `
CREATE TABLE IF NOT EXISTS rm_notifications (
  id text PRIMARY KEY,
  task_ids uuid[] NOT NULL,
  task_codes text[] NOT NULL,
  rule_id text NOT NULL,
  level int NOT NULL,
  kind text NOT NULL,
  digest boolean NOT NULL,
  catch_up boolean NOT NULL,
  items jsonb NOT NULL,
  recipients jsonb NOT NULL,
  recipient_emails text[] NOT NULL,
  status text NOT NULL,
  attempts int NOT NULL,
  fire_at timestamptz NOT NULL,
  issued_at timestamptz NOT NULL,
  sent_at timestamptz,
  message_id text,
  last_error text,
  version int NOT NULL
);
-- merged notices: the letter that carried them (added after the first release)
ALTER TABLE rm_notifications ADD COLUMN IF NOT EXISTS merged_into text;
ALTER TABLE rm_notifications ADD COLUMN IF NOT EXISTS merged text[];
-- acknowledgements through the letter's signed link (issue 12): every one, and the first one's time and address
ALTER TABLE rm_notifications ADD COLUMN IF NOT EXISTS acknowledgements jsonb NOT NULL DEFAULT '[]';
ALTER TABLE rm_notifications ADD COLUMN IF NOT EXISTS acknowledged_at timestamptz;
ALTER TABLE rm_notifications ADD COLUMN IF NOT EXISTS acknowledged_by text;
CREATE INDEX IF NOT EXISTS rm_notifications_pending_idx ON rm_notifications (issued_at) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS rm_notifications_fire_idx ON rm_notifications (fire_at DESC, id);
CREATE INDEX IF NOT EXISTS rm_notifications_tasks_idx ON rm_notifications USING gin (task_ids);
CREATE INDEX IF NOT EXISTS rm_notifications_recipients_idx ON rm_notifications USING gin (recipient_emails);
`;

const NOTICE_STREAM = 'notice-';
const TYPES = new Set<string>(NOTICE_EVENT_TYPES);

/**
 * rm_notifications: one row per notice with its delivery status (api.md "Notifications"). Like
 * the task read model, a batch costs two statements whatever its size: load the rows it
 * touches, fold the events in memory, write them back.
 */
export class NotificationProjection implements Projection {
  readonly name = 'notifications';
  readonly tables = [NOTIFICATIONS_TABLE];

  readonly ddl = DDL;

  async apply(tx: SqlDatabase, events: StoredEvent[]): Promise<void> {
    const notices = events.filter((e) => e.streamId.startsWith(NOTICE_STREAM) && TYPES.has(e.type));
    if (notices.length === 0) return;
    const ids = [...new Set(notices.map(noticeIdOf))];
    const states = await loadStates(tx, ids);
    for (const event of notices) {
      const id = noticeIdOf(event);
      const state = states.get(id) ?? initialNoticeState();
      // Exactly-once is the projector's job; a version at or below what we hold is a replay.
      if (event.version <= state.version) continue;
      states.set(id, evolveNotice(state, event, event.occurredAt));
    }
    const rows = [...states.entries()].filter(([, s]) => s.issued !== null).map(([id, s]) => toRow(id, s));
    if (rows.length === 0) return;
    await tx.query(
      `INSERT INTO rm_notifications AS n (${COLUMNS.join(', ')})
       SELECT ${COLUMNS.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS x(${COLUMN_TYPES})
       ON CONFLICT (id) DO UPDATE SET ${COLUMNS.filter((c) => c !== 'id')
         .map((c) => `${c} = EXCLUDED.${c}`)
         .join(', ')}`,
      [JSON.stringify(rows)],
    );
  }
}

const noticeIdOf = (event: StoredEvent): string => event.streamId.slice(NOTICE_STREAM.length);

const COLUMN_DEFS: [string, string][] = [
  ['id', 'text'],
  ['task_ids', 'uuid[]'],
  ['task_codes', 'text[]'],
  ['rule_id', 'text'],
  ['level', 'int'],
  ['kind', 'text'],
  ['digest', 'boolean'],
  ['catch_up', 'boolean'],
  ['items', 'jsonb'],
  ['recipients', 'jsonb'],
  ['recipient_emails', 'text[]'],
  ['status', 'text'],
  ['attempts', 'int'],
  ['fire_at', 'timestamptz'],
  ['issued_at', 'timestamptz'],
  ['sent_at', 'timestamptz'],
  ['message_id', 'text'],
  ['last_error', 'text'],
  ['version', 'int'],
  ['merged_into', 'text'],
  ['merged', 'text[]'],
  ['acknowledgements', 'jsonb'],
  ['acknowledged_at', 'timestamptz'],
  ['acknowledged_by', 'text'],
];
const COLUMNS = COLUMN_DEFS.map(([name]) => name);
const COLUMN_TYPES = COLUMN_DEFS.map(([name, type]) => `${name} ${type}`).join(', ');

interface NotificationRow {
  id: string;
  rule_id: string;
  level: number;
  kind: string;
  digest: boolean;
  catch_up: boolean;
  items: NoticeItem[];
  recipients: NoticeRecipient[];
  status: NoticeStatus;
  attempts: number;
  fire_at: Date;
  issued_at: Date;
  sent_at: Date | null;
  message_id: string | null;
  last_error: string | null;
  version: number;
  merged_into: string | null;
  merged: string[] | null;
  acknowledgements: NoticeState['acknowledgements'] | null;
}

async function loadStates(tx: SqlDatabase, ids: string[]): Promise<Map<string, NoticeState>> {
  const { rows } = await tx.query<NotificationRow>(
    `SELECT id, rule_id, level, kind, digest, catch_up, items, recipients, status, attempts, fire_at,
            issued_at, sent_at, message_id, last_error, version, merged_into, merged, acknowledgements
       FROM rm_notifications WHERE id = ANY($1::text[])`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, fromRow(r)]));
}

/** A stored row continues as the state it was written from. */
function fromRow(r: NotificationRow): NoticeState {
  return {
    issued: {
      noticeId: r.id,
      kind: r.kind as 'reminder' | 'escalation' | 'report' | 'workflow',
      ruleId: r.rule_id,
      level: r.level,
      digest: r.digest,
      items: r.items,
      recipients: r.recipients,
      fireAt: new Date(r.fire_at).toISOString(),
      catchUp: r.catch_up,
      ...(r.merged_into ? { mergedInto: r.merged_into } : {}),
      ...(r.merged ? { merged: r.merged } : {}),
    },
    status: r.status,
    attempts: r.attempts,
    issuedAt: new Date(r.issued_at).toISOString(),
    sentAt: r.sent_at ? new Date(r.sent_at).toISOString() : null,
    messageId: r.message_id,
    lastError: r.last_error,
    acknowledgements: r.acknowledgements ?? [],
    version: r.version,
  };
}

function toRow(id: string, s: NoticeState): Record<string, unknown> {
  const issued = s.issued!;
  return {
    id,
    task_ids: [...new Set(issued.items.map((i) => i.taskId))],
    task_codes: [...new Set(issued.items.map((i) => i.taskCode))],
    rule_id: issued.ruleId,
    level: issued.level,
    kind: issued.kind,
    digest: issued.digest,
    catch_up: issued.catchUp,
    items: issued.items,
    recipients: issued.recipients,
    recipient_emails: [...new Set(issued.recipients.map((r) => r.email.trim().toLowerCase()))],
    status: s.status,
    attempts: s.attempts,
    fire_at: issued.fireAt,
    issued_at: s.issuedAt,
    sent_at: s.sentAt,
    message_id: s.messageId,
    last_error: s.lastError,
    version: s.version,
    merged_into: issued.mergedInto ?? null,
    merged: issued.merged ?? null,
    acknowledgements: s.acknowledgements,
    acknowledged_at: s.acknowledgements[0]?.at ?? null,
    acknowledged_by: s.acknowledgements[0]?.recipient ?? null,
  };
}
