import { type SqlDatabase, applySchemaPart } from '@app/event-store';
import type { Projection } from '../projector/projection';
import { sortKeySql } from '../tasks/task-list-order';

/**
 * Read models: disposable, rebuilt from events at any time (architecture.md). Bump
 * READ_MODEL_VERSION when a table's meaning changes: the projector then rebuilds on start.
 */
export const READ_MODEL_VERSION = 7;

export const READ_MODEL_TABLES = ['rm_tasks', 'rm_task_state', 'rm_task_history', 'rm_blockers', 'rm_agencies', 'rm_settings'];

const DDL = `
CREATE TABLE IF NOT EXISTS projection_checkpoints (
  name text PRIMARY KEY,
  transaction_id xid8 NOT NULL DEFAULT '0',
  position bigint NOT NULL DEFAULT 0,
  model_version int NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS rm_tasks (
  task_id uuid PRIMARY KEY,
  code text NOT NULL UNIQUE,
  title text NOT NULL,
  description text,
  source_kind text,
  source_ref text,
  source_issued_on text,
  lead_agency text NOT NULL,
  coordinating_agencies text[] NOT NULL DEFAULT '{}',
  assignee_name text,
  assignee_email text,
  deliverable text,
  approver text,
  priority text NOT NULL,
  deadline_expression text NOT NULL,
  last_day text,
  due timestamptz,
  adjusted boolean NOT NULL DEFAULT false,
  original_expression text NOT NULL,
  original_due timestamptz,
  extension_count int NOT NULL DEFAULT 0,
  progress_percent int,
  progress_note text,
  completed_at timestamptz,
  on_time boolean,
  cancelled_at timestamptz,
  open_blockers int NOT NULL DEFAULT 0,
  clarity jsonb NOT NULL,
  assigned_at timestamptz NOT NULL,
  version int NOT NULL,
  last_position bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS rm_tasks_lead_idx ON rm_tasks (lead_agency);
CREATE INDEX IF NOT EXISTS rm_tasks_due_idx ON rm_tasks (due) WHERE completed_at IS NULL AND cancelled_at IS NULL;
CREATE INDEX IF NOT EXISTS rm_tasks_source_idx ON rm_tasks (source_ref);
CREATE INDEX IF NOT EXISTS rm_tasks_coord_idx ON rm_tasks USING gin (coordinating_agencies);
-- the list by deadline (the default order of the console and of past lists) walks this index: a page costs its rows, not a sort of every task
CREATE INDEX IF NOT EXISTS rm_tasks_due_order_idx ON rm_tasks ((${sortKeySql('due', '').sql}), code);

-- The folded domain state, so the projector continues a task from where the last batch left it.
-- json, not jsonb: the state is only ever read back whole by the projector, and storing text
-- costs the server a third of building jsonb; lz4 where the server has it (pglz otherwise)
CREATE TABLE IF NOT EXISTS rm_task_state (
  task_id uuid PRIMARY KEY,
  state json NOT NULL
);
DO $$
BEGIN
  IF (SELECT atttypid = 'jsonb'::regtype FROM pg_attribute
       WHERE attrelid = 'rm_task_state'::regclass AND attname = 'state') THEN
    ALTER TABLE rm_task_state ALTER COLUMN state TYPE json USING state::json;
  END IF;
  IF (SELECT attcompression <> 'l' FROM pg_attribute WHERE attrelid = 'rm_task_state'::regclass AND attname = 'state') THEN
    BEGIN
      ALTER TABLE rm_task_state ALTER COLUMN state SET COMPRESSION lz4;
    EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
      NULL; -- built without lz4 (PGlite): pglz
    END;
  END IF;
END $$;

CREATE TABLE IF NOT EXISTS rm_task_history (
  position bigint PRIMARY KEY,
  task_id uuid NOT NULL,
  version int NOT NULL,
  type text NOT NULL,
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL
);
-- a task's events with both times: a past report finds where a changed task stood by this index alone
CREATE INDEX IF NOT EXISTS rm_task_history_task_times_idx ON rm_task_history (task_id, version) INCLUDE (occurred_at, recorded_at);
DROP INDEX IF EXISTS rm_task_history_task_idx;
-- the tasks changed since a date and which of their versions came late, by these alone (a past
-- report's first step; a heap visit per row would cost more than the rest of it)
CREATE INDEX IF NOT EXISTS rm_task_history_occurred_version_idx ON rm_task_history (occurred_at) INCLUDE (task_id, version);
CREATE INDEX IF NOT EXISTS rm_task_history_recorded_version_idx ON rm_task_history (recorded_at) INCLUDE (task_id, version);
DROP INDEX IF EXISTS rm_task_history_occurred_idx;
DROP INDEX IF EXISTS rm_task_history_recorded_idx;
DROP INDEX IF EXISTS rm_task_history_occurred_task_idx;
DROP INDEX IF EXISTS rm_task_history_recorded_task_idx;

CREATE TABLE IF NOT EXISTS rm_blockers (
  blocker_id text PRIMARY KEY,
  task_id uuid NOT NULL,
  description text NOT NULL,
  raised_at timestamptz NOT NULL,
  resolved_at timestamptz,
  resolution_note text
);
CREATE INDEX IF NOT EXISTS rm_blockers_open_idx ON rm_blockers (task_id) WHERE resolved_at IS NULL;

CREATE TABLE IF NOT EXISTS rm_agencies (
  code text PRIMARY KEY,
  name text NOT NULL,
  kind text NOT NULL,
  head_name text NOT NULL,
  head_title text NOT NULL,
  head_email text NOT NULL,
  head_since timestamptz NOT NULL,
  registered_at timestamptz NOT NULL,
  version int NOT NULL
);

-- who acts for the head, over calendar days (inclusive); added after the first release
ALTER TABLE rm_agencies ADD COLUMN IF NOT EXISTS acting_name text;
ALTER TABLE rm_agencies ADD COLUMN IF NOT EXISTS acting_title text;
ALTER TABLE rm_agencies ADD COLUMN IF NOT EXISTS acting_email text;
ALTER TABLE rm_agencies ADD COLUMN IF NOT EXISTS acting_from text;
ALTER TABLE rm_agencies ADD COLUMN IF NOT EXISTS acting_to text;
-- version 3: what the early-warning formula reads (libs/domain/src/status/task-risk.ts)
ALTER TABLE rm_tasks ADD COLUMN IF NOT EXISTS last_report_at timestamptz;
ALTER TABLE rm_tasks ADD COLUMN IF NOT EXISTS awaiting_confirmation boolean NOT NULL DEFAULT false;
-- version 7: the task's report images (its tally entry, tasks/task-images.ts) before and after
-- each event, and the previous event's times on a row that came out of order, read by past reports
ALTER TABLE rm_task_history DROP COLUMN IF EXISTS image;
ALTER TABLE rm_task_history ADD COLUMN IF NOT EXISTS image_before text;
ALTER TABLE rm_task_history ADD COLUMN IF NOT EXISTS image_after text;
ALTER TABLE rm_task_history ADD COLUMN IF NOT EXISTS previous_occurred_at timestamptz;
ALTER TABLE rm_task_history ADD COLUMN IF NOT EXISTS previous_recorded_at timestamptz;
-- the rows out of order, by the previous event's times: which changed tasks a past report must fold
CREATE INDEX IF NOT EXISTS rm_task_history_out_of_order_occurred_idx ON rm_task_history (previous_occurred_at)
  INCLUDE (task_id, occurred_at, recorded_at) WHERE previous_occurred_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS rm_task_history_out_of_order_recorded_idx ON rm_task_history (previous_recorded_at)
  INCLUDE (task_id, occurred_at, recorded_at) WHERE previous_recorded_at IS NOT NULL;

CREATE TABLE IF NOT EXISTS rm_settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL
);
`;

/** which read-model DDL ran, kept by the engine's own role beside the read models */
export const READ_MODEL_SCHEMA_LEDGER = 'rm_schema_parts';

/** The core tables, then those of every projection given (escalation, reports…). */
export async function migrateReadModels(db: SqlDatabase, projections: Projection[] = []): Promise<void> {
  const ddl = [DDL, ...projections.map((p) => p.ddl ?? '')].join(';\n');
  await applySchemaPart(db, { part: 'read-models', ddl, ledger: READ_MODEL_SCHEMA_LEDGER });
}

/** Empties every read model; the caller resets the checkpoint in the same transaction. */
export async function truncateReadModels(tx: SqlDatabase, projections: Projection[] = []): Promise<void> {
  const tables = [...READ_MODEL_TABLES, ...projections.flatMap((p) => p.tables ?? [])];
  await tx.exec(`TRUNCATE ${[...new Set(tables)].join(', ')}`);
}
