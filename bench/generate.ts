/**
 * Stand-alone data generator:
 *   node dist-bench/bench/generate.js --tasks 1000000 --events-per-task 10 --schema bench_data [--drop]
 * Creates (replaces) the bench_* schema, migrates the event store and read models, appends
 * agencies and default rules through the store, then bulk-writes the task histories. The
 * schema is kept for manual runs (`npm run cli -- rebuild` with DATABASE_SCHEMA) unless --drop.
 */
import { migrate } from '@app/event-store';
import { migrateReadModels } from '@app/projections';
import { allReadModels } from '@app/runtime';
import { generateTasks, seedReferenceData } from './lib/generate';
import { DATABASE_URL, adminQuery, dropSchema, log, openDb } from './lib/harness';

function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const tasks = Number(arg('tasks', '100000'));
  const eventsPerTask = Number(arg('events-per-task', '10'));
  const schema = arg('schema', 'bench_data')!;
  if (!/^bench_[a-z0-9_]+$/.test(schema)) throw new Error('--schema must start with bench_');
  await dropSchema(schema);
  await adminQuery(`CREATE SCHEMA ${schema}`);
  const db = openDb(schema, 2);
  try {
    await migrate(db);
    await migrateReadModels(db, allReadModels());
    await seedReferenceData(db, 60, new Date('2025-06-01T02:00:00Z'));
    let last = 0;
    const result = await generateTasks(
      db,
      { connectionString: DATABASE_URL, schema },
      {
        tasks,
        eventsPerTask,
        onProgress: (n) => {
          if (n - last >= 500_000) {
            last = n;
            log(`${n} events`);
          }
        },
      },
    );
    log(
      `${result.tasks} tasks, ${result.events} events in ${result.seconds.toFixed(1)} s (${Math.round(result.eventsPerSecond)} events/s, of which indexes ${result.indexSeconds.toFixed(1)} s) into ${schema}`,
    );
  } finally {
    await db.close();
    if (process.argv.includes('--drop')) await dropSchema(schema);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
