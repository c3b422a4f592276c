/**
 * Profiling aid (not part of `npm run bench`): where one scanner pass with 1,000 notices due
 * spends its time, at a given number of tasks.   node dist-bench/bench/profile-scan.js 1000000
 */
import { ManualClock } from '@app/domain';
import { PostgresEventStore, migrate, type SqlDatabase } from '@app/event-store';
import { Projector, migrateReadModels } from '@app/projections';
import { NoticeQueue, NoticeScanner } from '@app/escalation';
import { Logger } from '@nestjs/common';
import { allReadModels } from '@app/runtime';
import { seedReferenceData } from './lib/generate';
import { REDIS_URL, log, now, openDb, withSchema } from './lib/harness';
import { NOW, addTasks, resetDue } from './scan';

async function main(): Promise<void> {
  Logger.overrideLogger(['error']);
  const sizes = process.argv.slice(2).map(Number);
  const schema = 'bench_profile_scan';
  const queue = new NoticeQueue({ redisUrl: REDIS_URL, prefix: 'bench-profile-scan' });
  await withSchema(schema, async () => {
    const db = openDb(schema, 4);
    try {
      await migrate(db);
      await migrateReadModels(db, allReadModels());
      await seedReferenceData(db, 60, new Date('2025-06-01T02:00:00Z'));
      await new Projector(new PostgresEventStore(db, { notify: false }), db, allReadModels()).catchUp();
      await db.query(`DELETE FROM rm_pending_notices`);
      let have = 0;
      let round = 0;
      for (const size of sizes) {
        await addTasks(db, have + 1, size);
        have = size;
        await db.query('ANALYZE');
        const spent = new Map<string, number>();
        const add = (k: string, ms: number) => spent.set(k, (spent.get(k) ?? 0) + ms);
        const proxy: SqlDatabase = Object.create(db);
        proxy.query = async (sql: string, params?: unknown[], o?: any) => {
          const t = now();
          try {
            return await db.query(sql, params, o);
          } finally {
            add(`sql ${sql.replace(/\s+/g, ' ').trim().slice(0, 70)}`, now() - t);
          }
        };
        const store = new PostgresEventStore(proxy, { notify: false });
        const timedQueue = {
          enqueueDeliveries: async (ids: string[]) => {
            const t = now();
            try {
              await queue.enqueueDeliveries(ids);
            } finally {
              add('bullmq addBulk', now() - t);
            }
          },
        };
        const scanner = new NoticeScanner(
          { db: proxy, store, queue: timedQueue, clock: new ManualClock(NOW) },
          { timeZone: 'Asia/Ho_Chi_Minh' },
        );
        for (let i = 0; i < 3; i++) {
          await resetDue(db, size, ++round);
          spent.clear();
          const t = now();
          await scanner.scanOnce(NOW);
          const total = now() - t;
          log(`${size} tasks: pass ${total.toFixed(0)} ms`);
          for (const [k, ms] of [...spent].sort((a, b) => b[1] - a[1]).slice(0, 8)) log(`   ${ms.toFixed(0).padStart(6)} ms  ${k}`);
        }
      }
    } finally {
      await db.close();
    }
  });
  await queue.queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
