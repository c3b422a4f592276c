import { runAppendLoad } from './lib/append-load';
import { BenchContext } from './lib/context';
import { BenchResult, machine, now, round, schemaFor, withSchema } from './lib/harness';

/**
 * append: events/s appending one event per command with the expected version, 1/8/32
 * concurrent writers on distinct streams, against a raw INSERT of rows of the same size
 * (same columns and payloads, a plain table with only a primary key) through the same pool at
 * the same concurrency. Goal: ≥ 0.6 × raw at 8 writers.
 */
export async function run(ctx: BenchContext): Promise<BenchResult> {
  const name = 'append';
  const started = now();
  const m = await machine();
  const params = { writers: [1, 8, 32], seconds: ctx.quick ? 1 : 2, repetitions: ctx.quick ? 1 : 7 };
  const levels = await withSchema(schemaFor(name), () => runAppendLoad({ schema: schemaFor(name), systems: ['raw', 'store'], ...params }));
  const at8 = levels.find((l) => l.writers === 8)!;
  const ratio = at8.median.store / at8.median.raw;
  return {
    name,
    date: new Date().toISOString(),
    seconds: round((now() - started) / 1000, 1),
    machine: m,
    params,
    rows: levels.map((l) => ({
      bench: name,
      what: `append, ${l.writers} writer${l.writers > 1 ? 's' : ''}`,
      figure: l.median.store,
      unit: 'events/s',
      baseline: l.median.raw,
      baselineWhat: 'raw INSERT, same pool',
      ratio: round(l.median.store / l.median.raw, 3),
      goal: l.writers === 8 ? '≥ 0.6× raw' : '(reported)',
      met: l.writers === 8 ? ratio >= 0.6 : null,
    })),
    data: { levels },
    notes: [],
  };
}
