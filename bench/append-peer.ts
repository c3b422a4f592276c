import { runAppendLoad } from './lib/append-load';
import { BenchContext } from './lib/context';
import { BenchResult, machine, now, round, schemaFor, withSchema } from './lib/harness';

/**
 * append-peer: the same load as `append` through @event-driven-io/emmett-postgresql's event
 * store (appendToStream with the expected stream version) on the same database and concurrency,
 * side by side with this store and the raw INSERT. Goal: ≥ 1.5 × the peer (at 8 writers).
 */
export async function run(ctx: BenchContext): Promise<BenchResult> {
  const name = 'append-peer';
  const started = now();
  const m = await machine();
  const params = { writers: [1, 8, 32], seconds: ctx.quick ? 1 : 2, repetitions: ctx.quick ? 1 : 7 };
  const levels = await withSchema(schemaFor(name), () =>
    runAppendLoad({ schema: schemaFor(name), systems: ['peer', 'store', 'raw'], ...params }),
  );
  const at8 = levels.find((l) => l.writers === 8)!;
  const ratio = at8.median.store / at8.median.peer;
  return {
    name,
    date: new Date().toISOString(),
    seconds: round((now() - started) / 1000, 1),
    machine: m,
    params: { ...params, peer: '@event-driven-io/emmett-postgresql 0.42.0' },
    rows: levels.map((l) => ({
      bench: name,
      what: `append vs emmett-postgresql, ${l.writers} writer${l.writers > 1 ? 's' : ''}`,
      figure: l.median.store,
      unit: 'events/s',
      baseline: l.median.peer,
      baselineWhat: `emmett-postgresql (${round(l.median.peer / l.median.raw, 2)}× raw)`,
      ratio: round(l.median.store / l.median.peer, 3),
      goal: l.writers === 8 ? '≥ 1.5× peer' : '(reported)',
      met: l.writers === 8 ? ratio >= 1.5 : null,
    })),
    data: { levels },
    notes: [],
  };
}
