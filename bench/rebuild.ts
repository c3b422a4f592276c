import { PostgresEventStore, START_OF_FEED, migrate, type FeedCursor } from '@app/event-store';
import { Projector, migrateReadModels } from '@app/projections';
import { allReadModels } from '@app/runtime';
import { generateTasks, seedReferenceData } from './lib/generate';
import { timedProjections } from './lib/timed-projections';
import { FixedFeedStore, checkFeed } from './lib/feed-fix';
import { BenchContext } from './lib/context';
import { BenchResult, DATABASE_URL, MemorySampler, log, machine, median, now, openDb, round, schemaFor, withSchema } from './lib/harness';

/**
 * rebuild: events/s of rebuilding every read model (the worker's allReadModels(), as
 * `npm run cli -- rebuild` does: Projector.rebuild, catch-up batches of 20,000) from 1,000,000
 * events, against a plain ordered read of the same events (readFeed pages of 500 in feed
 * order, as the live projector reads). Memory (RSS, heap) sampled every 250 ms.
 */
export async function run(ctx: BenchContext): Promise<BenchResult> {
  const name = 'rebuild';
  const schema = schemaFor(name);
  const tasks = ctx.quick ? 10_000 : 100_000;
  const eventsPerTask = 10;
  const started = now();
  const m = await machine();
  return withSchema(schema, async () => {
    const db = openDb(schema, 4);
    try {
      await migrate(db);
      const projections = allReadModels();
      await migrateReadModels(db, projections);
      await seedReferenceData(db, 60, new Date('2025-06-01T02:00:00Z'));
      const gen = await generateTasks(db, { connectionString: DATABASE_URL, schema }, { tasks, eventsPerTask });
      log(
        `rebuild: generated ${gen.events} events for ${tasks} tasks in ${gen.seconds.toFixed(1)} s (${Math.round(gen.eventsPerSecond)}/s)`,
      );
      const feed = await checkFeed(db);
      const store = feed.needsFix ? new FixedFeedStore(db) : new PostgresEventStore(db, { notify: false });
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
      const total = rows[0].n;

      const readRuns: number[] = [];
      const readCurve: [number, number][] = [];
      const plainRead = async (curve: boolean) => {
        const t0 = now();
        let after: FeedCursor = START_OF_FEED;
        let n = 0;
        for (;;) {
          const page = await store.readFeed({ after, limit: 500 });
          if (page.events.length === 0) break;
          n += page.events.length;
          after = page.cursor;
          if (curve && n % 5_000 < 500) readCurve.push([n, (now() - t0) / 1000]);
        }
        const seconds = (now() - t0) / 1000;
        readRuns.push(n / seconds);
        log(`rebuild: plain ordered read of ${n} events in ${seconds.toFixed(1)} s (${Math.round(n / seconds)}/s)`);
      };
      await plainRead(true);

      // the rebuild itself, exactly as shipped (Projector defaults: catch-up batches of 20,000)
      const rebuildOnce = async () => {
        const sampler = new MemorySampler();
        const curve: [number, number][] = [];
        // each read model's apply() timed, to show where a rebuild spends its time
        const spent = new Map<string, number>();
        const timed = timedProjections(projections, spent);
        const projector = new Projector(store, db, timed);
        global.gc?.();
        sampler.start(250);
        const t0 = now();
        let lastMark = 0;
        const applied = await projector.rebuild((done) => {
          sampler.progress = done / total;
          if (done - lastMark >= total / 40) {
            lastMark = done;
            curve.push([done, (now() - t0) / 1000]);
          }
        });
        const seconds = (now() - t0) / 1000;
        sampler.stop();
        curve.push([applied, seconds]);
        log(
          `rebuild: ${applied} events in ${seconds.toFixed(1)} s (${Math.round(applied / seconds)}/s), heap ${sampler.summary().heapAt10}→${sampler.summary().heapAt100} MiB, RSS max ${sampler.summary().rssMaxMiB} MiB`,
        );
        const split = Object.fromEntries([...spent].map(([k, ms]) => [k, round(ms / 1000 / seconds, 3)]));
        log(`rebuild: share of time per read model ${JSON.stringify(split)}`);
        return { applied, seconds, rate: applied / seconds, curve, memory: sampler.summary(), samples: thin(sampler.samples, 120), split };
      };
      const shipped = await rebuildOnce();
      await plainRead(false);
      const rebuildRate = shipped.rate;
      const rebuildSeconds = shipped.seconds;
      const applied = shipped.applied;
      const sampler = { summary: () => shipped.memory, samples: shipped.samples };
      const curve = shipped.curve;

      const counts = await db.query<{ tasks: number; history: number; pending: number }>(
        `SELECT (SELECT count(*)::int FROM rm_tasks) AS tasks, (SELECT count(*)::int FROM rm_task_history) AS history,
                (SELECT count(*)::int FROM rm_pending_notices) AS pending`,
      );
      const readRate = median(readRuns);
      const ratio = rebuildRate / readRate;
      const mem = sampler.summary();
      const heapGrowth = mem.heapAt100 - mem.heapAt10;
      return {
        name,
        date: new Date().toISOString(),
        seconds: round((now() - started) / 1000, 1),
        machine: m,
        params: {
          tasks,
          eventsPerTask,
          events: total,
          batchSize: 20_000,
          readModels: projections.map((p) => p.name),
          plainReadRuns: readRuns.length,
          rebuildRuns: 1,
          feedFixApplied: feed.needsFix,
        },
        rows: [
          ...(feed.needsFix
            ? [
                {
                  bench: name,
                  what: `rebuild as shipped (read-feed ORDER BY bug): upper bound from its read speed`,
                  figure: round(500 / (feed.shippedMsPerPage / 1000), 0),
                  unit: 'events/s',
                  baseline: round(readRate, 0),
                  baselineWhat: 'plain ordered read with the fix',
                  ratio: round(500 / (feed.shippedMsPerPage / 1000) / readRate, 4),
                  goal: '≥ 0.3× plain read',
                  met: false,
                },
              ]
            : []),
          {
            bench: name,
            what: `rebuild all read models, ${Math.round(total / 1000)}k events${feed.needsFix ? ' (with the read-feed fix)' : ''}`,
            figure: round(rebuildRate, 0),
            unit: 'events/s',
            baseline: round(readRate, 0),
            baselineWhat: 'plain ordered read (readFeed, 500/page)',
            ratio: round(ratio, 3),
            goal: '≥ 0.3× plain read, memory flat',
            met: ratio >= 0.3 && heapGrowth < 100,
          },
        ],
        data: {
          shippedSplit: shipped.split,
          generate: gen,
          feed,
          plainReadEventsPerSecond: readRuns.map((r) => round(r, 0)),
          rebuildEventsPerSecond: round(rebuildRate, 0),
          rebuildSeconds: round(rebuildSeconds, 1),
          applied,
          readModelRows: counts.rows[0],
          memory: mem,
          memorySamples: thin(sampler.samples, 120),
          rebuildCurve: curve.map(([e, s]) => [e, round(s, 2)]),
          readCurve: readCurve.map(([e, s]) => [e, round(s, 2)]),
          tasksPerEvent: tasks / total,
        },
        notes: [],
      };
    } finally {
      await db.close();
    }
  });
}

function thin<T>(values: T[], max: number): T[] {
  if (values.length <= max) return values;
  const step = values.length / max;
  return Array.from({ length: max }, (_, i) => values[Math.floor(i * step)]).concat([values[values.length - 1]]);
}
