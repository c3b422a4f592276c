import type { EventStore, SqlDatabase } from '@app/event-store';
import { loadCheckpoint, reached } from '@app/projections';

export class ReadModelLagError extends Error {
  constructor(readonly position: number) {
    super(`read models have not reached position ${position} yet`);
  }
}

/**
 * Read-your-writes on request: a query with minPosition waits, bounded, until the projector
 * (in this process or another) has applied the event at that position.
 */
export class ReadModelWaiter {
  constructor(
    private readonly store: EventStore,
    private readonly db: SqlDatabase,
    private readonly timeoutMs: number,
  ) {}

  async waitFor(position: number | undefined): Promise<void> {
    if (!position || position <= 0) return;
    const deadline = Date.now() + this.timeoutMs;
    for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
      const target = await this.store.cursorOf(position);
      if (target && reached((await loadCheckpoint(this.db)).cursor, target)) return;
      if (Date.now() >= deadline) throw new ReadModelLagError(position);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}
