import type { EventStore, FeedCursor, SqlDatabase, StoredEvent } from '@app/event-store';
import { Logger } from '@nestjs/common';
import { READ_MODEL_VERSION, truncateReadModels } from '../schema/read-model-schema';
import { advanceCheckpoint, loadCheckpoint, resetCheckpoint } from './checkpoint';
import type { Projection } from './projection';

export interface ProjectorOptions {
  batchSize?: number;
  pollIntervalMs?: number;
  /** called after each committed batch (in-process listeners: planner, scanner, waiting queries) */
  onApplied?(events: StoredEvent[], cursor: FeedCursor): void;
}

export class CheckpointMovedError extends Error {
  constructor() {
    super('the read-model checkpoint was moved by another projector');
  }
}

/**
 * Follows the global feed and applies each batch to every read model in one transaction with
 * the checkpoint. A batch that fails is retried from the stored checkpoint, never skipped.
 */
export class Projector {
  private readonly logger = new Logger(Projector.name);
  private cursor: FeedCursor | null = null;
  private running = false;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly db: SqlDatabase,
    private readonly projections: Projection[],
    private readonly options: ProjectorOptions = {},
  ) {}

  get position(): FeedCursor | null {
    return this.cursor;
  }

  async start(): Promise<void> {
    if (this.running) return;
    const checkpoint = await loadCheckpoint(this.db);
    if (checkpoint.modelVersion !== READ_MODEL_VERSION) {
      this.logger.log(`read models are version ${checkpoint.modelVersion}, code wants ${READ_MODEL_VERSION}: rebuilding`);
      await this.reset();
    }
    this.running = true;
    this.loop = this.follow();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
    this.loop = null;
  }

  /** Ask for an immediate poll (an append just happened in this process). */
  wake(): void {
    this.wakeUp?.();
  }

  /** Applies everything visible now; returns how many events were applied. */
  async catchUp(onProgress?: (applied: number, cursor: FeedCursor) => void): Promise<number> {
    let applied = 0;
    for (;;) {
      const count = await this.applyNextBatch();
      if (count === 0) return applied;
      applied += count;
      onProgress?.(applied, this.cursor!);
    }
  }

  /** Empties the read models and replays the whole history (`npm run cli -- rebuild`). */
  async rebuild(onProgress?: (applied: number, cursor: FeedCursor) => void): Promise<number> {
    const wasRunning = this.running;
    if (wasRunning) await this.stop();
    await this.reset();
    const applied = await this.catchUp(onProgress);
    if (wasRunning) await this.start();
    return applied;
  }

  private async reset(): Promise<void> {
    for (const projection of this.projections) await projection.migrate?.(this.db);
    await this.db.transaction(async (tx) => {
      await truncateReadModels(tx, this.projections);
      await resetCheckpoint(tx);
    });
    this.cursor = null;
  }

  private async follow(): Promise<void> {
    while (this.running) {
      let applied = 0;
      try {
        applied = await this.applyNextBatch();
      } catch (error) {
        this.cursor = null; // reload from the database: the batch is retried, never skipped
        this.logger.error(`projection batch failed, retrying: ${(error as Error).message}`);
        await this.sleep(1000);
        continue;
      }
      if (applied === 0) await this.sleep(this.options.pollIntervalMs ?? 100);
    }
  }

  private async applyNextBatch(): Promise<number> {
    if (!this.cursor) this.cursor = (await loadCheckpoint(this.db)).cursor;
    const from = this.cursor;
    const page = await this.store.readFeed({ after: from, limit: this.options.batchSize ?? 500 });
    if (page.events.length === 0) return 0;
    await this.db.transaction(async (tx) => {
      for (const projection of this.projections) await projection.apply(tx, page.events);
      if (!(await advanceCheckpoint(tx, from, page.cursor))) throw new CheckpointMovedError();
    });
    this.cursor = page.cursor;
    this.options.onApplied?.(page.events, page.cursor);
    return page.events.length;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }
}
