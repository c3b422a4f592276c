import type { SqlDatabase, StoredEvent } from '@app/event-store';
import type { Projection, ReplayProjection } from '@app/projections';
import { now } from './harness';

/**
 * The projections as shipped (their replay variants, finish and the indexes apply reads kept),
 * with the time each one spends added to `spent` under its name; with `statements`, also per
 * SQL statement (its first 60 characters).
 */
export function timedProjections(
  projections: Projection[],
  spent: Map<string, number>,
  options: { statements?: boolean } = {},
): Projection[] {
  const add = (key: string, ms: number) => spent.set(key, (spent.get(key) ?? 0) + ms);
  const timedTx = (name: string, tx: SqlDatabase): SqlDatabase => {
    if (!options.statements) return tx;
    const proxy: SqlDatabase = Object.create(tx);
    proxy.query = async (sql: string, params?: unknown[], o?: any) => {
      const q0 = now();
      try {
        return await tx.query(sql, params, o);
      } finally {
        add(`  ${name}: ${sql.replace(/\s+/g, ' ').trim().slice(0, 60)}`, now() - q0);
      }
    };
    return proxy;
  };
  const wrap = (p: Projection): Projection => ({
    name: p.name,
    tables: p.tables,
    ddl: p.ddl,
    applyIndexes: p.applyIndexes,
    reads: p.reads,
    apply: async (tx: SqlDatabase, events: StoredEvent[]) => {
      const t0 = now();
      try {
        await p.apply(timedTx(p.name, tx), events);
      } finally {
        add(p.name, now() - t0);
      }
    },
    forReplay: p.forReplay && (() => wrapReplay(p.forReplay!())),
  });
  const wrapReplay = (r: ReplayProjection): ReplayProjection => ({
    ...wrap(r),
    forReplay: undefined,
    finish: async (tx: SqlDatabase) => {
      const t0 = now();
      try {
        await r.finish(timedTx(r.name, tx));
      } finally {
        add(r.name, now() - t0);
      }
    },
  });
  return projections.map(wrap);
}
