import { taskIdFromCode, taskStreamId } from '@app/domain';
import { PostgresEventStore, type SqlDatabase, expect as expectVersion } from '@app/event-store';
import { Projector, ReportEvaluator, evaluationAt } from '@app/projections';
import { allReadModels } from '@app/runtime';
import { BenchContext } from './lib/context';
import { freshTaskStore } from './lib/generate';
import { BenchResult, log, machine, median, now, openDb, round, schemaFor, sleep, withSchema } from './lib/harness';

const RULES = { dueSoonDays: 7, timeZone: 'Asia/Ho_Chi_Minh' };
const DAY_MS = 86_400_000;

interface SizeResult {
  tasks: number;
  events: number;
  changed: number;
  pastMedianMs: number;
  pastRunsMs: number[];
  nowMedianMs: number;
  nowRunsMs: number[];
  overdueThen: number;
  overdueNow: number;
  /** seconds spent after the load waiting for the checkpoint and autovacuum (settle) */
  settleSeconds: number;
  /** the untimed first rounds on the pool's new connections */
  warmupPastMs: number[];
  warmupNowMs: number[];
}

const WARMUP_ROUNDS = 2;
/** longer than this, the wait for autovacuum gives up and says so */
const SETTLE_LIMIT_MS = 15 * 60_000;

/**
 * past-report: the summary as of 90 days back (the auditors' daily question), as the API's
 * evaluator answers it with no cache (a fresh evaluator per request), at growing numbers of
 * tasks with 10 events each and the same number of tasks changed since that date (1,000
 * progress reports appended now). Beside it, the current summary without cache in the same
 * store. Goals (issue 17): the past summary grows <= 1.5x for 10x tasks, and at 1,000,000 tasks
 * it is <= 3x the current summary without cache.
 */
export async function run(ctx: BenchContext): Promise<BenchResult> {
  const name = 'past-report';
  const sizes = ctx.quick ? [3_000, 30_000] : [30_000, 100_000, 1_000_000];
  const changed = ctx.quick ? 100 : 1_000;
  const repetitions = ctx.quick ? 3 : 9;
  const eventsPerTask = 10;
  const started = now();
  const m = await machine();
  const results: SizeResult[] = [];
  for (const tasks of sizes) results.push(await measure(name, tasks, eventsPerTask, changed, repetitions));

  const at = (n: number) => results.find((r) => r.tasks === n)!;
  const [small, large] = ctx.quick ? [at(3_000), at(30_000)] : [at(100_000), at(1_000_000)];
  const growth = large.pastMedianMs / small.pastMedianMs;
  const againstNow = large.pastMedianMs / large.nowMedianMs;
  const label = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`);
  return {
    name,
    date: new Date().toISOString(),
    seconds: round((now() - started) / 1000, 1),
    machine: m,
    params: { sizes, eventsPerTask, changedSince: changed, asOfDaysBack: 90, repetitions },
    rows: [
      {
        bench: name,
        what: `summary as of 90 days back at ${label(large.tasks)} tasks (${changed.toLocaleString('en-US')} changed since), median`,
        figure: round(large.pastMedianMs, 1),
        unit: 'ms',
        baseline: round(small.pastMedianMs, 1),
        baselineWhat: `the same at ${label(small.tasks)} tasks`,
        ratio: round(growth),
        goal: '<= 1.5x for 10x tasks',
        met: growth <= 1.5,
      },
      {
        bench: name,
        what: `summary as of 90 days back vs the current summary without cache, at ${label(large.tasks)} tasks`,
        figure: round(large.pastMedianMs, 1),
        unit: 'ms',
        baseline: round(large.nowMedianMs, 1),
        baselineWhat: 'current summary, cache defeated, same store',
        ratio: round(againstNow),
        goal: '<= 3x',
        met: againstNow <= 3,
      },
    ],
    data: { sizes: results },
    notes: [],
  };
}

async function measure(bench: string, tasks: number, eventsPerTask: number, changed: number, repetitions: number): Promise<SizeResult> {
  const schema = `${schemaFor(bench)}_${tasks}`;
  return withSchema(schema, async () => {
    const db = openDb(schema, 4);
    try {
      const gen = await freshTaskStore(db, schema, { tasks, eventsPerTask });
      const store = new PostgresEventStore(db, { notify: false });
      // the tasks changed since the report's date: a progress report each, now
      const reportedAt = new Date();
      for (let n = 0; n < changed; n++) {
        const taskId = taskIdFromCode(`BENCH-${String(n * Math.floor(tasks / changed)).padStart(7, '0')}`);
        await store.append(
          taskStreamId(taskId),
          [{ type: 'ProgressReported', data: { taskId, percent: 80, note: 'Đang hoàn thiện' }, occurredAt: reportedAt }],
          { expectedVersion: expectVersion.exists() },
        );
      }
      const t0 = now();
      const applied = await new Projector(store, db, allReadModels(), { catchUpBatchSize: 20_000 }).catchUp();
      log(
        `past-report: ${tasks} tasks, ${gen.events} events generated in ${gen.seconds.toFixed(1)} s, ${applied} projected in ${((now() - t0) / 1000).toFixed(1)} s`,
      );
      await db.query('VACUUM (ANALYZE)');
      const settleSeconds = await settle(db);

      const asOf = new Date(reportedAt.getTime() - 90 * DAY_MS);
      const timed = async (fn: () => Promise<unknown>) => {
        const t = now();
        await fn();
        return now() - t;
      };
      const pastRunsMs: number[] = [];
      const nowRunsMs: number[] = [];
      let overdueThen = 0;
      let overdueNow = 0;
      // a fresh evaluator each time: nothing comes from a cache
      const past = async () =>
        (overdueThen = (await new ReportEvaluator(db, store, RULES).summary(evaluationAt(new Date(), asOf), {})).overdue);
      const current = async () =>
        (overdueNow = (await new ReportEvaluator(db, store, RULES).summary(evaluationAt(new Date()), {})).overdue);
      // a server that has run a while has its connections open and its pages in memory: the
      // first rounds open the pool's connections and are kept apart (in the results, untimed)
      const warmupPastMs: number[] = [];
      const warmupNowMs: number[] = [];
      for (let i = 0; i < WARMUP_ROUNDS; i++) {
        warmupPastMs.push(round(await timed(past), 1));
        warmupNowMs.push(round(await timed(current), 1));
      }
      for (let i = 0; i < repetitions; i++) {
        pastRunsMs.push(await timed(past));
        nowRunsMs.push(await timed(current));
      }
      const result = {
        tasks,
        events: gen.events + changed,
        changed,
        pastMedianMs: median(pastRunsMs),
        pastRunsMs: pastRunsMs.map((v) => round(v, 1)),
        nowMedianMs: median(nowRunsMs),
        nowRunsMs: nowRunsMs.map((v) => round(v, 1)),
        overdueThen,
        overdueNow,
        settleSeconds,
        warmupPastMs,
        warmupNowMs,
      };
      log(
        `past-report: ${tasks} tasks: as of 90 days back ${result.pastMedianMs.toFixed(1)} ms (overdue then ${overdueThen}), now without cache ${result.nowMedianMs.toFixed(1)} ms (overdue now ${overdueNow})`,
      );
      return result;
    } finally {
      await db.close();
    }
  });
}

/**
 * After loading millions of rows the server writes them out and autovacuum visits the new
 * tables for minutes, on the same two cores as the queries: a checkpoint, then wait until no
 * autovacuum worker runs (or give up after SETTLE_LIMIT_MS and say so). Returns the seconds waited.
 */
async function settle(db: SqlDatabase): Promise<number> {
  const t0 = now();
  await db.query('CHECKPOINT');
  for (;;) {
    const { rows } = await db.query<{ workers: string }>(
      `SELECT count(*)::text AS workers FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'`,
    );
    if (Number(rows[0].workers) === 0) break;
    if (now() - t0 > SETTLE_LIMIT_MS) {
      log(`past-report: autovacuum still running after ${SETTLE_LIMIT_MS / 60_000} min; measuring anyway`);
      break;
    }
    await sleep(2_000);
  }
  const seconds = round((now() - t0) / 1000, 1);
  log(`past-report: checkpoint and autovacuum settled in ${seconds} s`);
  return seconds;
}
