import { ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { PostgresEventStore } from '@app/event-store';
import { Projector } from '@app/projections';
import { allReadModels } from '@app/runtime';
import { BenchContext } from './lib/context';
import { freshTaskStore } from './lib/generate';
import { BenchResult, log, machine, median, now, openDb, round, schemaFor, sleep, withSchema } from './lib/harness';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- autocannon ships no types
const autocannon = require('autocannon');

const TOKEN = 'bench-api-admin-token-0001';

interface Stats {
  p50: number;
  p99: number;
  rps: number;
  errors: number;
  non2xx: number;
}

/**
 * api: p50/p99 and req/s of GET /tasks/{id} and GET /reports/summary over 100,000 tasks,
 * 50 connections (autocannon), against GET /health in the same run. The API runs alone (no
 * worker) in a child process; autocannon runs here. Goal: summary p99 < 10 × health p99.
 * When /reports/summary is not served (404), GET /tasks?limit=50 stands in and the row says so.
 */
export async function run(ctx: BenchContext): Promise<BenchResult> {
  const name = 'api';
  const schema = schemaFor(name);
  const tasks = ctx.quick ? 10_000 : 100_000;
  const seconds = ctx.quick ? 2 : 5;
  const repetitions = ctx.quick ? 1 : 3;
  const connections = 50;
  const started = now();
  const m = await machine();
  const result: BenchResult = await withSchema(schema, async () => {
    const db = openDb(schema, 4);
    let codes: string[] = [];
    try {
      const gen = await freshTaskStore(db, schema, { tasks, eventsPerTask: 2 });
      // project them (data set-up, not measured)
      const t0 = now();
      const applied = await new Projector(new PostgresEventStore(db, { notify: false }), db, allReadModels()).catchUp();
      log(
        `api: ${gen.events} events generated in ${gen.seconds.toFixed(1)} s, ${applied} projected in ${((now() - t0) / 1000).toFixed(1)} s`,
      );
      await db.query('ANALYZE');
      const { rows } = await db.query<{ code: string }>(`SELECT code FROM rm_tasks ORDER BY random() LIMIT 2000`);
      codes = rows.map((r) => r.code);
    } finally {
      await db.close();
    }

    const server = startServer(schema);
    try {
      const base = await serverBase(server);
      const probe = await fetch(`${base}/api/v1/reports/summary`, { headers: auth });
      const summaryServed = probe.status === 200;
      const reportPath = summaryServed ? '/api/v1/reports/summary' : '/api/v1/tasks?limit=50';
      const reportName = summaryServed ? 'GET /reports/summary' : 'GET /tasks?limit=50 (summary not served)';
      log(`api: /reports/summary answered ${probe.status}; measuring ${reportPath}`);
      const endpoints = [
        { key: 'health', label: 'GET /health', requests: [{ method: 'GET', path: '/health' }] },
        {
          key: 'task',
          label: 'GET /tasks/{id}',
          requests: [
            {
              method: 'GET',
              setupRequest: (req: any) => ({
                ...req,
                path: `/api/v1/tasks/${encodeURIComponent(codes[Math.floor(Math.random() * codes.length)])}`,
              }),
            },
          ],
        },
        { key: 'report', label: reportName, requests: [{ method: 'GET', path: reportPath }] },
        {
          // a past list, as auditors ask it: mid-way through the generated history, so most tasks
          // stand unchanged since (read from rm_tasks) and the ones changed since are replayed
          key: 'past',
          label: 'GET /tasks as of a past date (50, by deadline)',
          requests: [{ method: 'GET', path: `/api/v1/tasks?limit=50&sort=due&asOf=${encodeURIComponent('2025-06-03T12:00:00+07:00')}` }],
        },
        ...(summaryServed
          ? [
              {
                // the summary is cached while the read models do not move (report-cache.ts): a
                // distinct `from` instant per request (before every assignment, so the same
                // figures) makes each one a full aggregate, as after every projected write
                key: 'uncached',
                label: 'GET /reports/summary, cache defeated',
                requests: [uncachedSummary],
              },
            ]
          : []),
      ];
      const cannon = (e: (typeof endpoints)[number], duration: number) => cannonAt(base, connections, e.requests, duration);
      const drain = () => drainAt(base);
      for (const e of endpoints) {
        await cannon(e, 1); // warm-up
        await drain();
      }
      const runs: Record<string, Stats[]> = { health: [], task: [], report: [], uncached: [], past: [] };
      const measured = endpoints.filter((e) => e.key !== 'uncached');
      for (let rep = 0; rep < repetitions; rep++) {
        // the cache-defeated summary runs last in each round: its backlog is the longest
        const order = [...measured.map((_, i) => measured[(i + rep) % measured.length]), ...endpoints.filter((e) => e.key === 'uncached')];
        for (const e of order) {
          await drain();
          const s = await cannon(e, seconds);
          runs[e.key].push(s);
          log(
            `api: ${e.label} p50 ${s.p50} ms p99 ${s.p99} ms ${Math.round(s.rps)} req/s${s.non2xx || s.errors ? ` (${s.non2xx} non-2xx, ${s.errors} errors)` : ''}`,
          );
        }
      }
      const med = (key: string) => ({
        p50: median(runs[key].map((s) => s.p50)),
        p99: median(runs[key].map((s) => s.p99)),
        rps: round(median(runs[key].map((s) => s.rps)), 0),
        non2xx: runs[key].reduce((a, s) => a + s.non2xx, 0),
        errors: runs[key].reduce((a, s) => a + s.errors, 0),
      });
      // the goal rows must be all 2xx; the worst-case rows say how many were not (the cache-defeated goal is then missed)
      const REPORTED_ONLY = new Set(['uncached', 'past']);
      const bad = Object.entries(runs)
        .filter(([k]) => !REPORTED_ONLY.has(k))
        .flatMap(([k, list]) => list.filter((s) => s.non2xx + s.errors > 0).map((s) => `${k}: ${s.non2xx} non-2xx, ${s.errors} errors`));
      if (bad.length) throw new Error(`api: answers other than 2xx, figures would be meaningless (${bad.join('; ')})`);
      const health = med('health');
      const task = med('task');
      const report = med('report');
      const uncached = summaryServed ? med('uncached') : null;
      const past = med('past');
      const ratio = report.p99 / health.p99;
      const row = (what: string, s: ReturnType<typeof med>, goal: string, met: boolean | null) => ({
        bench: name,
        what: `${what}: p99 (p50 ${s.p50} ms, ${s.rps} req/s${s.non2xx || s.errors ? `; ${s.non2xx} answers not 2xx, ${s.errors} errors` : ''})`,
        figure: s.p99,
        unit: 'ms p99',
        baseline: health.p99,
        baselineWhat: `GET /health p99 (p50 ${health.p50} ms, ${health.rps} req/s)`,
        ratio: round(s.p99 / health.p99, 2),
        goal,
        met,
      });
      return {
        name,
        date: new Date().toISOString(),
        seconds: round((now() - started) / 1000, 1),
        machine: m,
        params: { tasks, eventsPerTask: 2, connections, seconds, repetitions, reportPath, summaryServed },
        rows: [
          row('GET /tasks/{id}', task, '(reported)', null),
          row('GET /tasks as of a past date (50 rows by deadline)', past, '(reported)', null),
          row(
            reportName,
            report,
            summaryServed ? 'p99 < 10× health p99' : 'p99 < 10× health p99 (stand-in)',
            summaryServed ? ratio < 10 : null,
          ),
          // the worst case (no two requests share a cache key), a goal since the reports count from the tally (issue 17);
          // met only with every answer 2xx
          ...(uncached
            ? [
                row(
                  'GET /reports/summary, cache defeated',
                  uncached,
                  'p99 < 10× health p99',
                  uncached.p99 / health.p99 < 10 && uncached.non2xx + uncached.errors === 0,
                ),
              ]
            : []),
        ],
        data: { health, task, report, uncached, past, runs },
        notes: summaryServed ? [] : ['GET /reports/summary answered 404 in this build: GET /tasks?limit=50 was measured instead.'],
      };
    } finally {
      await stopServer(server);
    }
  });
  if (result.rows.some((r) => r.what.startsWith('GET /reports/summary, cache defeated'))) {
    // the same worst case at ten times the tasks, in a store of its own
    const large = await atTenTimes(tasks * 10, connections, seconds, repetitions);
    const { health, uncached } = large;
    const ratio = uncached.p99 / health.p99;
    result.rows.push({
      bench: name,
      what: `GET /reports/summary, cache defeated, ${(tasks * 10).toLocaleString('en-US')} tasks: p99 (p50 ${uncached.p50} ms, ${uncached.rps} req/s${uncached.non2xx || uncached.errors ? `; ${uncached.non2xx} answers not 2xx, ${uncached.errors} errors` : ''})`,
      figure: uncached.p99,
      unit: 'ms p99',
      baseline: health.p99,
      baselineWhat: `GET /health p99 of the same server (p50 ${health.p50} ms, ${health.rps} req/s)`,
      ratio: round(ratio, 2),
      goal: 'p99 < 10× health p99',
      met: ratio < 10 && uncached.non2xx + uncached.errors === 0,
    });
    result.data.large = large;
    result.seconds = round((now() - started) / 1000, 1);
  }
  return result;
}

const auth = { authorization: `Bearer ${TOKEN}` };

/** The API alone (no worker) over the bench schema, in a child process. */
function startServer(schema: string): ChildProcess {
  return fork(path.join(__dirname, 'api-server.js'), [], {
    env: { ...process.env, BENCH_SCHEMA: schema, BENCH_TOKEN: TOKEN },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
}

async function serverBase(server: ChildProcess): Promise<string> {
  const port = await new Promise<number>((resolve, reject) => {
    server.once('message', (msg: { port: number }) => resolve(msg.port));
    server.once('exit', (code) => reject(new Error(`api server exited with ${code}`)));
  });
  return `http://127.0.0.1:${port}`;
}

async function stopServer(server: ChildProcess): Promise<void> {
  server.send({ stop: true });
  await new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.kill('SIGKILL');
      resolve(null);
    }, 5000);
    server.once('exit', () => {
      clearTimeout(timer);
      resolve(null);
    });
  });
}

function cannonAt(base: string, connections: number, requests: unknown[], duration: number): Promise<Stats> {
  return new Promise((resolve, reject) => {
    autocannon({ url: base, connections, duration, headers: auth, requests }, (error: Error | null, r: any) => {
      if (error) return reject(error);
      resolve({ p50: r.latency.p50, p99: r.latency.p99, rps: r.requests.average, errors: r.errors + r.timeouts, non2xx: r.non2xx });
    });
  });
}

/**
 * autocannon stops sending at the end of a run, but requests queued in the server go on: wait
 * until a lone /health is quick again so no run pays for the previous one's backlog.
 */
async function drainAt(base: string): Promise<void> {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    const t = Date.now();
    const res = await fetch(`${base}/health`).catch(() => null);
    if (res?.status === 200 && Date.now() - t < 100) return;
    await sleep(200);
  }
}

/** A distinct `from` per request (before every assignment: the same figures), so no two share a cache entry. */
const uncachedSummary = {
  method: 'GET',
  setupRequest: (req: any) => ({
    ...req,
    path: `/api/v1/reports/summary?from=${encodeURIComponent(new Date(Date.parse('2025-01-01T00:00:00Z') + Math.floor(Math.random() * 1e9)).toISOString())}`,
  }),
};

/**
 * The cache-defeated summary at ten times the tasks (issue 17), against /health of the same
 * server, alternating, medians of `repetitions` runs.
 */
async function atTenTimes(tasks: number, connections: number, seconds: number, repetitions: number) {
  const schema = `${schemaFor('api')}_large`;
  return withSchema(schema, async () => {
    const db = openDb(schema, 4);
    try {
      const gen = await freshTaskStore(db, schema, { tasks, eventsPerTask: 2 });
      const t0 = now();
      const applied = await new Projector(new PostgresEventStore(db, { notify: false }), db, allReadModels(), {
        catchUpBatchSize: 20_000,
      }).catchUp();
      log(`api: ${tasks} tasks, ${gen.events} events generated, ${applied} projected in ${((now() - t0) / 1000).toFixed(1)} s`);
      await db.query('VACUUM (ANALYZE)');
    } finally {
      await db.close();
    }
    const server = startServer(schema);
    try {
      const base = await serverBase(server);
      const kinds = { health: [{ method: 'GET', path: '/health' }], uncached: [uncachedSummary] };
      const runs: Record<keyof typeof kinds, Stats[]> = { health: [], uncached: [] };
      for (const key of Object.keys(kinds) as (keyof typeof kinds)[]) {
        await cannonAt(base, connections, kinds[key], 1); // warm-up
        await drainAt(base);
      }
      for (let rep = 0; rep < repetitions; rep++) {
        for (const key of Object.keys(kinds) as (keyof typeof kinds)[]) {
          await drainAt(base);
          const s = await cannonAt(base, connections, kinds[key], seconds);
          runs[key].push(s);
          log(
            `api ${tasks} tasks: ${key} p50 ${s.p50} ms p99 ${s.p99} ms ${Math.round(s.rps)} req/s${s.non2xx || s.errors ? ` (${s.non2xx} non-2xx, ${s.errors} errors)` : ''}`,
          );
        }
      }
      const med = (key: keyof typeof kinds) => ({
        p50: median(runs[key].map((s) => s.p50)),
        p99: median(runs[key].map((s) => s.p99)),
        rps: round(median(runs[key].map((s) => s.rps)), 0),
        non2xx: runs[key].reduce((a, s) => a + s.non2xx, 0),
        errors: runs[key].reduce((a, s) => a + s.errors, 0),
      });
      return { tasks, health: med('health'), uncached: med('uncached'), runs };
    } finally {
      await stopServer(server);
    }
  });
}

export const apiServerBuilt = () => existsSync(path.join(__dirname, 'api-server.js'));
