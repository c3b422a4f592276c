/**
 * Every live projector batch holds this lock shared for its transaction; a read-model switch
 * (rebuildBeside) takes it exclusively, so it waits for a batch in flight and holds the next one
 * back at its very start, before that batch touches a table (no lock-order deadlock with the
 * tables being moved). Keyed by schema, like the leader locks.
 */
const KEY = `hashtextextended(current_schema() || '/read-model-batch', 0)`;
export const BATCH_LOCK_SQL = `SELECT pg_advisory_xact_lock_shared(${KEY})`;
export const SWITCH_LOCK_SQL = `SELECT pg_advisory_xact_lock(${KEY})`;
