import { SingleBar } from 'cli-progress';
import type { EventStore, SqlDatabase } from '@app/event-store';
import { Projector } from '@app/projections';
import type { Output } from './cli-error';
import { allReadModels } from '@app/runtime';

export interface RebuildOptions {
  /** where the progress bar goes (it draws only on a terminal); defaults to `output` */
  progress?: Output;
  batchSize?: number;
  /** empty the serving read models instead of building beside them */
  inPlace?: boolean;
  /** DEADLINE_TIMEZONE: the task tally counts days late in it */
  timeZone?: string;
}

export interface RebuildResult {
  /** events in the store when the rebuild started */
  total: number;
  applied: number;
  seconds: number;
  eventsPerSecond: number;
}

/**
 * `rebuild`: replays the whole history through the projections the worker uses into a new set
 * of read models beside the serving one, then switches (Projector.rebuild); `--in-place` empties
 * the serving set and replays into it.
 */
export async function rebuildReadModels(
  db: SqlDatabase,
  store: EventStore,
  output: Output,
  options: RebuildOptions = {},
): Promise<RebuildResult> {
  const total = (await store.counts()).events;
  const bar = new SingleBar({
    stream: options.progress ?? output,
    format: 'rebuilding read models [{bar}] {percentage}% | {value}/{total} events | {eta_formatted} left',
    hideCursor: true,
    clearOnComplete: false,
    etaBuffer: 50,
  });
  const projector = new Projector(store, db, allReadModels(options.timeZone), { catchUpBatchSize: options.batchSize });
  const started = process.hrtime.bigint();
  bar.start(total, 0);
  let applied: number;
  try {
    const onProgress = (done: number) => {
      if (done > bar.getTotal()) bar.setTotal(done); // appended since the count
      bar.update(done);
    };
    applied = options.inPlace ? await projector.rebuildInPlace(onProgress) : await projector.rebuild(onProgress);
  } finally {
    bar.stop();
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const eventsPerSecond = applied / Math.max(seconds, 1e-3);
  output.write(`rebuilt read models: ${applied} events applied in ${seconds.toFixed(2)} s (${Math.round(eventsPerSecond)} events/s)\n`);
  return { total, applied, seconds, eventsPerSecond };
}
