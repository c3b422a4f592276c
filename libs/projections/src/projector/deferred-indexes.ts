import type { SqlDatabase } from '@app/event-store';

/** An index dropped for a bulk load, with the statement that builds it again. */
export interface DeferredIndex {
  name: string;
  definition: string;
}

/**
 * Drops the indexes of `schema` that only readers use: neither a constraint's (primary keys and
 * unique keys decide the projections' upserts) nor one named in `keep` (those apply() reads).
 * Returns their definitions for buildDeferredIndexes.
 */
export async function dropReaderIndexes(db: SqlDatabase, schema: string, keep: readonly string[]): Promise<DeferredIndex[]> {
  const { rows } = await db.query<{ name: string; definition: string }>(
    `SELECT i.indexname AS name, i.indexdef AS definition FROM pg_indexes i
      WHERE i.schemaname = $1 AND NOT (i.indexname = ANY($2::text[]))
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                         WHERE c.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)
      ORDER BY i.indexname`,
    [schema, [...keep]],
  );
  for (const index of rows) await db.exec(`DROP INDEX ${quoteIdent(schema)}.${quoteIdent(index.name)}`);
  return rows;
}

/** Builds the dropped indexes again, one sort each (pg_indexes' definitions name their schema). */
export async function buildDeferredIndexes(db: SqlDatabase, indexes: readonly DeferredIndex[]): Promise<void> {
  if (indexes.length === 0) return;
  await db.transaction(async (tx) => {
    // an index over ten million history rows takes longer than the API's statement_timeout allows
    // a statement; a rebuild the worker starts must not fail on it at every start
    await tx.exec(`SET LOCAL maintenance_work_mem = '256MB'; SET LOCAL statement_timeout = 0`);
    for (const index of indexes) await tx.exec(index.definition);
  });
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
