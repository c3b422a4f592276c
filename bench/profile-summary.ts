/**
 * Profiling aid (not part of `npm run bench`): where a summary's time goes at a given size, now
 * with the cache defeated and as of a past date.
 *   node dist-bench/bench/profile-summary.js [tasks 100000] [changed 1000] [events per task 2]
 * PROFILE_KEEP=1 keeps the schema (bench_profile_summary) and reuses it on the next run.
 */
import { taskIdFromCode, taskStreamId } from '@app/domain';
import { PostgresEventStore, expect as expectVersion } from '@app/event-store';
import {
  Projector,
  ReportEvaluator,
  currentFiguresValidUntil,
  currentRiskCells,
  currentStatusCells,
  evaluationAt,
  listTasks,
  pastStatusCells,
  changedTaskIds,
  changedTaskFacts,
  foldedSince,
  pastTallyDeltaSql,
  readTasksAsOf,
  readModelStamp,
  registeredAgencies,
} from '@app/projections';
import { allReadModels } from '@app/runtime';
import { freshTaskStore } from './lib/generate';
import { log, now, openDb, withKeptSchema } from './lib/harness';

const RULES = { dueSoonDays: 7, timeZone: 'Asia/Ho_Chi_Minh' };

async function main(): Promise<void> {
  const size = Number(process.argv[2] ?? 100_000);
  const schema = 'bench_profile_summary';
  await withKeptSchema(schema, async (reused) => {
    const db = openDb(schema, 4);
    try {
      if (!reused) await freshTaskStore(db, schema, { tasks: size, eventsPerTask: Number(process.argv[4] ?? 2) });
      const store = new PostgresEventStore(db, { notify: false });
      // tasks changed since the past date: a progress report each, now
      const changedCount = reused ? 0 : Number(process.argv[3] ?? 1000);
      for (let n = 0; n < changedCount; n++) {
        const taskId = taskIdFromCode(`BENCH-${String(n * Math.floor(size / changedCount)).padStart(7, '0')}`);
        await store.append(
          taskStreamId(taskId),
          [{ type: 'ProgressReported', data: { taskId, percent: 80, note: 'Đang hoàn thiện' }, occurredAt: new Date() }],
          { expectedVersion: expectVersion.exists() },
        );
      }
      if (!reused) {
        await new Projector(store, db, allReadModels()).catchUp();
        await db.query('VACUUM (ANALYZE)'); // as past-report.ts, and autovacuum after a load
      }
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM rm_task_tally`);
      log(`tally rows: ${rows[0].n}`);
      const at = new Date();
      const time = async (label: string, fn: () => Promise<unknown>) => {
        const t0 = now();
        for (let i = 0; i < 5; i++) await fn();
        log(`${label}: ${((now() - t0) / 5).toFixed(1)} ms`);
      };
      const from = () => ({ assignedFrom: new Date(Date.parse('2025-01-01T00:00:00Z') + Math.floor(Math.random() * 1e9)) });
      await time('status cells (tally, from)', () => currentStatusCells(db, from(), at, RULES));
      await time('risk cells (from)', () => currentRiskCells(db, from(), at, RULES, []));
      await time('valid until', () => currentFiguresValidUntil(db, at, RULES.timeZone));
      await time('stamp', () => readModelStamp(db));
      await time('agencies', () => registeredAgencies(db));
      await time('evaluator summary (from, fresh evaluator)', () =>
        new ReportEvaluator(db, store, RULES).summary(evaluationAt(at), from()),
      );
      const asOf = new Date(at.getTime() - 90 * 86_400_000);
      await time('past status cells (90 days back)', () => pastStatusCells(db, store, { asOf }, {}, RULES));
      let ids: string[] = [];
      await time('changed task ids', async () => (ids = await changedTaskIds(db, { asOf })));
      const folded = await foldedSince(db, { asOf });
      log(`changed: ${ids.length}; folded ${folded.length}`);
      await time('tasks to fold (foldedSince)', () => foldedSince(db, { asOf }));
      const { rows: imaged } = await db.query(`SELECT count(*)::int AS rows, count(image_after)::int AS images FROM rm_task_history`);
      log(`history rows ${imaged[0].rows}, with images ${imaged[0].images}`);
      await time('past tally delta', () =>
        db.query(`SELECT count(*) FROM (${pastTallyDeltaSql('$1::timestamptz', '$2::timestamptz')}) x`, [asOf, null]),
      );
      const { rows: deltaPlan } = await db.query(
        `EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) FROM (${pastTallyDeltaSql('$1::timestamptz', '$2::timestamptz')}) x`,
        [asOf, null],
      );
      log(deltaPlan.map((r: any) => r['QUERY PLAN']).join('\n'));
      await time('read and fold the changed tasks', () => readTasksAsOf(store, ids, { asOf }));
      await time('changed task facts (the folded ones)', () => changedTaskFacts(store, { asOf }, folded, {}, RULES));
      await time('tally status cells at the past date, with the delta', () => currentStatusCells(db, {}, asOf, RULES, { asOf }));
      await time('tally risk cells at the past date, with the delta', () => currentRiskCells(db, {}, asOf, RULES, [], { asOf }));
      await time('tally status cells at the past date, without', () => currentStatusCells(db, {}, asOf, RULES));
      const listAsOf = new Date('2025-06-03T12:00:00+07:00');
      const list = (dir: 'asc' | 'desc') =>
        listTasks(
          db,
          { limit: 50, sort: 'due', dir, unchangedSince: { asOf: listAsOf } },
          { now: listAsOf, dueSoonDays: 7, timeZone: RULES.timeZone, poorAgencies: [], formatInstant: (d) => d.toISOString() },
        );
      await time('past list, unchanged half, by deadline', () => list('asc'));
      await time('past list, unchanged half, latest deadline first', () => list('desc'));
      const { rows: plan } = await db.query(
        `EXPLAIN ANALYZE SELECT code FROM rm_tasks WHERE assigned_at <= $1 AND NOT EXISTS (SELECT 1 FROM rm_task_history h WHERE h.task_id = rm_tasks.task_id AND h.occurred_at > $1)
          ORDER BY coalesce(due, '9999-12-31T23:59:59.999Z'::timestamptz), code LIMIT 51`,
        [listAsOf],
      );
      log(plan.map((r: any) => r['QUERY PLAN']).join('\n'));
      await time('evaluator past summary (fresh evaluator)', () =>
        new ReportEvaluator(db, store, RULES).summary(evaluationAt(at, asOf), {}),
      );
    } finally {
      await db.close();
    }
  });
}
main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
