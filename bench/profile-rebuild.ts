/**
 * Profiling aid (not part of `npm run bench`): where a rebuild spends its time, per read model.
 *   [BATCH=<catch-up batch size>] [PROFILE_KEEP=1] [UNTIMED=1] [CPU_PROFILE=file.cpuprofile]
 *   node dist-bench/bench/profile-rebuild.js [tasks]
 * Generates `tasks` × 10 events into bench_profile, rebuilds with each projection's apply()
 * timed, prints the split, and drops the schema. PROFILE_KEEP=1 keeps the schema and reuses its
 * events next time; UNTIMED=1 rebuilds without the timing wrappers; CPU_PROFILE profiles only the
 * rebuild (not the load).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { PostgresEventStore, migrate } from '@app/event-store';
import { Projector, migrateReadModels } from '@app/projections';
import { allReadModels } from '@app/runtime';
import { startCpuProfile } from './lib/cpu-profile';
import { generateTasks, seedReferenceData } from './lib/generate';
import { timedProjections } from './lib/timed-projections';
import { DATABASE_URL, log, now, openDb, withKeptSchema } from './lib/harness';

async function main(): Promise<void> {
  const tasks = Number(process.argv[2] ?? 5000);
  const schema = 'bench_profile';
  await withKeptSchema(schema, async (reused) => {
    const db = openDb(schema, 4);
    try {
      await migrate(db);
      const projections = allReadModels();
      await migrateReadModels(db, projections);
      if (!reused) {
        await seedReferenceData(db, 60, new Date('2025-06-01T02:00:00Z'));
        await generateTasks(db, { connectionString: DATABASE_URL, schema }, { tasks, eventsPerTask: 10 });
      }
      const spent = new Map<string, number>();
      const timed = process.env.UNTIMED === '1' ? projections : timedProjections(projections, spent, { statements: true });
      const store = new PostgresEventStore(db, { notify: false });
      const origRead = store.readFeed.bind(store);
      store.readFeed = async (o) => {
        const t0 = now();
        const page = await origRead(o);
        spent.set('(readFeed)', (spent.get('(readFeed)') ?? 0) + now() - t0);
        return page;
      };
      const profiling = process.env.CPU_PROFILE ? await startCpuProfile() : null;
      const cpu0 = process.cpuUsage();
      const pg0 = postgresCpuSeconds();
      const t0 = now();
      const applied = await new Projector(
        store,
        db,
        timed,
        process.env.BATCH ? { catchUpBatchSize: Number(process.env.BATCH) } : {},
      ).rebuild();
      const total = now() - t0;
      if (profiling) await profiling.stopInto(process.env.CPU_PROFILE!);
      log(`${applied} events in ${(total / 1000).toFixed(1)} s (${Math.round(applied / (total / 1000))}/s)`);
      const cpu = process.cpuUsage(cpu0);
      log(
        `CPU: Node ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, PostgreSQL ${(postgresCpuSeconds() - pg0).toFixed(1)} s (all its processes on this machine)`,
      );
      const size = await db.query(
        `SELECT avg(pg_column_size(state))::int AS stored, avg(length(state::text))::int AS text FROM rm_task_state`,
      );
      log(`task state: ${JSON.stringify(size.rows[0])} bytes on average`);
      for (const [name, ms] of spent) log(`  ${name.padEnd(18)} ${(ms / 1000).toFixed(2)} s  ${((100 * ms) / total).toFixed(0)} %`);
    } finally {
      await db.close();
    }
  });
}

/** CPU seconds used so far by the postgres processes running now (and their reaped children) */
function postgresCpuSeconds(): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    } catch {
      // gone meanwhile
    }
  }
  return ticks / 100;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
