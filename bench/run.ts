/**
 * `npm run bench` — every benchmark of quality.md, in order; `npm run bench -- scan api` for some.
 * Each writes bench/results/<name>.json; then docs/benchmarks.md and docs/bench-*.svg are
 * regenerated from every result present and the table is printed. BENCH_QUICK=1 shrinks the
 * data for developing the harness (its results are marked and must not go into the doc).
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), BENCH_REDIS_URL.
 */
import { Logger } from '@nestjs/common';
import { BenchContext } from './lib/context';
import { BenchResult, QUICK_RESULTS_DIR, gitRevision, log, machine, now, readResult, round, writeResult } from './lib/harness';
import { narrative } from './lib/narrative';
import { ORDER, consoleTable, loadAll, writeCharts, writeDoc } from './lib/report';

const BENCHES: Record<string, () => Promise<{ run(ctx: BenchContext): Promise<BenchResult> }>> = {
  append: () => import('./append'),
  'append-peer': () => import('./append-peer'),
  rebuild: () => import('./rebuild'),
  scan: () => import('./scan'),
  deliver: () => import('./deliver'),
  api: () => import('./api'),
  'past-report': () => import('./past-report'),
};

async function main(): Promise<void> {
  Logger.overrideLogger(['error']);
  const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = asked.filter((a) => !BENCHES[a]);
  if (unknown.length) {
    console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${ORDER.join(', ')}`);
    process.exit(2);
  }
  const names = asked.length ? ORDER.filter((n) => asked.includes(n)) : ORDER;
  const ctx: BenchContext = { quick: process.env.BENCH_QUICK === '1' };
  const started = now();
  const revision = gitRevision();
  const failed: string[] = [];
  for (const name of names) {
    log(`=== ${name}`);
    const t0 = now();
    try {
      const result = await (await BENCHES[name]()).run(ctx);
      result.params = { ...result.params, revision, quick: ctx.quick };
      writeResult(result, ctx.quick);
      log(`=== ${name} done in ${round((now() - t0) / 1000, 1)} s`);
    } catch (error) {
      failed.push(name);
      log(`=== ${name} FAILED: ${(error as Error).stack ?? error}`);
      // recorded as failed, so the doc never shows an older run's figures as this run's
      writeResult(
        {
          name,
          date: new Date().toISOString(),
          seconds: round((now() - t0) / 1000, 1),
          machine: await machine(),
          params: { revision, quick: ctx.quick },
          rows: [],
          data: {},
          notes: [],
          failed: String((error as Error).message ?? error),
        },
        ctx.quick,
      );
    }
  }
  const all = loadAll();
  if (!ctx.quick) {
    writeDoc(all, narrative);
    const charts = writeCharts(all);
    log(`wrote docs/benchmarks.md${charts.length ? `, ${charts.join(', ')}` : ''}`);
  } else {
    log('BENCH_QUICK=1: docs/benchmarks.md and charts left alone');
  }
  const shown = ctx.quick
    ? names.map((n) => readResult(n, QUICK_RESULTS_DIR)).filter((r): r is BenchResult => !!r)
    : [...all.values()].filter((r) => names.includes(r.name));
  process.stdout.write(`\n${consoleTable(shown)}\n\n`);
  log(`total ${round((now() - started) / 1000, 1)} s${failed.length ? `; FAILED: ${failed.join(', ')}` : ''}`);
  // pg pools, BullMQ and autocannon may keep handles open
  process.exit(failed.length ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
