/**
 * Profiling aid (not part of `npm run bench`): the plan and buffer use of the scanner's due-rows
 * query at a given size (cold, then warm).   node dist-bench/bench/profile-scan-plan.js 1000000
 */
import { migrate } from '@app/event-store';
import { DUE_PAGE_SQL } from '@app/escalation/scanner/due-items';
import { migrateReadModels } from '@app/projections';
import { allReadModels } from '@app/runtime';
import { seedReferenceData } from './lib/generate';
import { log, openDb, withSchema } from './lib/harness';
import { NOW, addTasks, resetDue } from './scan';

async function main(): Promise<void> {
  const size = Number(process.argv[2] ?? 1_000_000);
  await withSchema('bench_profile_scan_plan', async () => {
    const db = openDb('bench_profile_scan_plan', 2);
    try {
      await migrate(db);
      await migrateReadModels(db, allReadModels());
      await seedReferenceData(db, 60, new Date('2025-06-01T02:00:00Z'));
      await addTasks(db, 1, size);
      await db.query('VACUUM (ANALYZE) rm_tasks');
      await db.query('VACUUM (ANALYZE) rm_pending_notices');
      await resetDue(db, size, 1);
      const { rows: sizes } =
        await db.query(`SELECT pg_size_pretty(pg_relation_size('rm_tasks')) AS tasks, pg_size_pretty(pg_relation_size('rm_tasks_pkey')) AS pkey,
        pg_size_pretty(pg_relation_size('rm_pending_notices')) AS pending`);
      log(JSON.stringify(sizes[0]));
      for (const label of ['first', 'second', 'third']) {
        const { rows } = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${DUE_PAGE_SQL}`, [NOW, new Date(0), '', 500]);
        log(`${label}:\n${rows.map((r: any) => r['QUERY PLAN']).join('\n')}`);
      }
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
