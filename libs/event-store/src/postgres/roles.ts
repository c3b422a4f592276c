import { IMMUTABLE_SQLSTATE, STORE_SCHEMA_LEDGER } from './schema';
import { applySchemaPart } from './schema-parts';
import { assertPlainIdentifier, type SqlDatabase } from './sql-database';

/**
 * Least privilege for the event store on PostgreSQL.
 *
 * Two roles: an owner that runs the migrations and owns `events`, `streams`, their triggers and
 * functions; and the engine's role, which the running engine connects as. The engine may read
 * events and append them (INSERT, the stream head moving forward), write its own read models
 * (it creates and owns them), and nothing else on the event tables: no UPDATE or DELETE of
 * events, no DELETE or TRUNCATE, no ALTER, no trigger control (only an owner or a superuser can
 * disable a trigger). A deferred constraint trigger checks at commit that every stream head names
 * its last stored event, so even the UPDATE on `streams` that appending needs cannot move a
 * stream's version or hash to wedge or fake a chain.
 *
 * What it cannot protect: an owner or superuser can still rewrite history; anchors outside the
 * database (see anchors/) are what detects that. PGlite has a single user: everything runs as
 * its owner, so only the triggers and anchors stand there.
 */

/** The stream head must be its last event: checked at commit, after the append's own INSERT. */
const STREAM_HEAD_GUARD = `
CREATE OR REPLACE FUNCTION stream_head_matches_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM events e WHERE e.stream_id = NEW.id AND e.version = NEW.version
                                          AND e.hash IS NOT DISTINCT FROM NEW.last_hash)
     OR EXISTS (SELECT 1 FROM events e WHERE e.stream_id = NEW.id AND e.version > NEW.version) THEN
    RAISE EXCEPTION 'stream % head (version %) does not name its last event: refused', NEW.id, NEW.version
      USING ERRCODE = '${IMMUTABLE_SQLSTATE}', HINT = 'a stream head moves only by appending events';
  END IF;
  RETURN NULL;
END
$$;

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'streams_head_matches_events' AND tgrelid = 'streams'::regclass) THEN
    CREATE CONSTRAINT TRIGGER streams_head_matches_events
      AFTER INSERT OR UPDATE ON streams DEFERRABLE INITIALLY DEFERRED
      FOR EACH ROW EXECUTE FUNCTION stream_head_matches_events();
  END IF;
END
$$;
`;

/** Adds the stream-head guard; run by the owner after `migrate`. Idempotent. */
export async function migrateGuards(db: SqlDatabase): Promise<void> {
  await applySchemaPart(db, { part: 'event-store-guards', ddl: STREAM_HEAD_GUARD, ledger: STORE_SCHEMA_LEDGER });
}

export interface EngineRole {
  /** the role the engine connects as (the user of DATABASE_URL) */
  name: string;
  /** its password, to create the role when it is missing and the owner may create roles */
  password?: string;
}

/**
 * As the owner: creates the engine's role when it is missing (when the owner may), and grants it
 * exactly what the engine needs. Returns what could not be done, as lines for the operator.
 */
export async function grantEngineRole(owner: SqlDatabase, engine: EngineRole, schema: string): Promise<string[]> {
  const role = quoteIdent(engine.name);
  const s = assertPlainIdentifier(schema, 'schema');
  const problems: string[] = [];
  const exists = (await owner.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [engine.name])).rows.length > 0;
  if (!exists) {
    try {
      await owner.exec(`CREATE ROLE ${role} LOGIN${engine.password ? ` PASSWORD ${quoteLiteral(engine.password)}` : ''}`);
    } catch {
      problems.push(
        `the engine's role ${engine.name} does not exist and the owner may not create it: CREATE ROLE ${role} LOGIN PASSWORD '…'`,
      );
      return problems;
    }
  }
  const grants = [
    // its own schemas: the read models, and the one a rebuild builds beside them
    `GRANT CREATE ON DATABASE ${quoteIdent(await currentDatabase(owner))} TO ${role}`,
    `GRANT USAGE, CREATE ON SCHEMA ${s} TO ${role}`,
    `REVOKE ALL ON ${s}.events, ${s}.streams FROM ${role}`,
    `GRANT SELECT, INSERT ON ${s}.events TO ${role}`,
    `GRANT SELECT, INSERT, UPDATE (version, last_hash) ON ${s}.streams TO ${role}`,
    `GRANT USAGE ON SEQUENCE ${s}.events_position_seq TO ${role}`,
  ];
  for (const grant of grants) {
    try {
      await owner.exec(grant);
    } catch (error) {
      problems.push(`${grant} failed (${(error as Error).message})`);
    }
  }
  return problems;
}

/**
 * One line for the operator when the connected role can rewrite history (it owns the event
 * tables, is a superuser, or holds UPDATE, DELETE or TRUNCATE on them); null when it cannot.
 */
export async function privilegeWarning(db: SqlDatabase, schema: string): Promise<string | null> {
  if (db.kind !== 'pg') return null;
  const s = assertPlainIdentifier(schema, 'schema');
  const { rows } = await db.query<{ who: string; superuser: boolean; owns: boolean; rewrite: boolean }>(
    `SELECT current_user AS who,
            (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
            pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = $1::regclass), 'USAGE') AS owns,
            has_table_privilege($1, 'UPDATE') OR has_table_privilege($1, 'DELETE') OR has_table_privilege($1, 'TRUNCATE') AS rewrite`,
    [`${s}.events`],
  );
  const r = rows[0];
  if (!r.superuser && !r.owns && !r.rewrite) return null;
  const why = r.superuser ? 'is a superuser' : r.owns ? 'owns the events table' : 'may update, delete or truncate events';
  return (
    `the engine's database role ${r.who} ${why}, so it could rewrite history: set DATABASE_OWNER_URL to an owner role ` +
    `(migrations run as it and grant ${r.who} only what it needs), or as the owner run: ` +
    `ALTER TABLE ${s}.events OWNER TO <owner>; ALTER TABLE ${s}.streams OWNER TO <owner>; ` +
    `GRANT SELECT, INSERT ON ${s}.events TO ${r.who}; GRANT SELECT, INSERT, UPDATE (version, last_hash) ON ${s}.streams TO ${r.who}`
  );
}

async function currentDatabase(db: SqlDatabase): Promise<string> {
  return (await db.query<{ name: string }>('SELECT current_database() AS name')).rows[0].name;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
