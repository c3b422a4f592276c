import type { EventStore, FeedCursor, FeedPage, SqlDatabase, StoredEvent } from '@app/event-store';
import { Logger } from '@nestjs/common';
import { READ_MODEL_VERSION, migrateReadModels, truncateReadModels } from '../schema/read-model-schema';
import { CheckpointMovedError, advanceCheckpoint, loadCheckpoint, resetCheckpoint } from './checkpoint';
import type { Projection } from './projection';
import { BATCH_LOCK_SQL } from './batch-lock';
import { type RebuildBesideOptions, rebuildBeside } from './rebuild-beside';

export interface ProjectorOptions {
  /** events per transaction while following the live feed (default 500) */
  batchSize?: number;
  /**
   * events per transaction while catching up: a rebuild, or a feed that filled the last batch
   * (default 20,000). A read model folds each task once per batch, so larger batches do less
   * work per event; memory is bounded by one batch.
   */
  catchUpBatchSize?: number;
  pollIntervalMs?: number;
  /** called after each committed batch (in-process listeners: planner, scanner, waiting queries) */
  onApplied?(events: StoredEvent[], cursor: FeedCursor): void;
}

const DEFAULT_BATCH_SIZE = 500;
export const DEFAULT_CATCH_UP_BATCH_SIZE = 20_000;

/**
 * Follows the global feed and applies each batch to every read model in one transaction with
 * the checkpoint. A batch that fails is retried from the stored checkpoint, never skipped.
 */
export class Projector {
  private readonly logger = new Logger(Projector.name);
  private cursor: FeedCursor | null = null;
  private running = false;
  /** the last live batch was full: read catch-up batches until the feed runs dry */
  private behind = false;
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
      this.logger.log(
        `read models are version ${checkpoint.modelVersion}, code wants ${READ_MODEL_VERSION}: rebuilding beside the serving ones`,
      );
      await rebuildBeside(this.db, this.store, this.projections, { batchSize: this.catchUpBatchSize });
      this.cursor = null;
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

  /**
   * Applies everything visible now, in catch-up batches; returns how many events were applied.
   * The next page is read (on another connection) while the current one is applied.
   */
  async catchUp(onProgress?: (applied: number, cursor: FeedCursor) => void): Promise<number> {
    let applied = 0;
    if (!this.cursor) this.cursor = (await loadCheckpoint(this.db)).cursor;
    let page = await this.read(this.cursor, this.catchUpBatchSize);
    while (page.events.length > 0) {
      const ahead = this.read(page.cursor, this.catchUpBatchSize);
      ahead.catch(() => undefined); // awaited below; a failed apply must not leave it unhandled
      await this.applyPage(page);
      applied += page.events.length;
      onProgress?.(applied, this.cursor!);
      page = await ahead;
      // read while our own transaction was open, the page stops at it: ask again to be sure
      if (page.events.length === 0) page = await this.read(this.cursor!, this.catchUpBatchSize);
    }
    return applied;
  }

  /**
   * Replays the whole history into a new read-model set beside the serving one and switches to
   * it (`npm run cli -- rebuild`): queries keep answering from the old set until the switch.
   */
  async rebuild(
    onProgress?: (applied: number, cursor: FeedCursor) => void,
    options: Pick<RebuildBesideOptions, 'beforeSwitch'> = {},
  ): Promise<number> {
    const result = await rebuildBeside(this.db, this.store, this.projections, {
      batchSize: this.catchUpBatchSize,
      onProgress,
      beforeSwitch: options.beforeSwitch,
    });
    this.cursor = null; // a live loop here reloads the switched checkpoint
    return result.applied;
  }

  /** Empties the read models and replays the whole history in place (`rebuild --in-place`): faster, but reports are empty meanwhile. */
  async rebuildInPlace(onProgress?: (applied: number, cursor: FeedCursor) => void): Promise<number> {
    const wasRunning = this.running;
    if (wasRunning) await this.stop();
    await this.reset();
    const applied = await this.catchUp(onProgress);
    if (wasRunning) await this.start();
    return applied;
  }

  private async reset(): Promise<void> {
    await migrateReadModels(this.db, this.projections);
    await this.db.transaction(async (tx) => {
      await truncateReadModels(tx, this.projections);
      await resetCheckpoint(tx);
    });
    this.cursor = null;
  }

  private async follow(): Promise<void> {
    while (this.running) {
      let applied: number;
      try {
        applied = await this.applyNextBatch();
      } catch (error) {
        this.cursor = null; // reload from the database: the batch is retried, never skipped
        if (error instanceof CheckpointMovedError) {
          // a rebuild switched the read models (or another projector moved on): continue from the stored checkpoint
          this.logger.log(`${error.message}: continuing from the stored checkpoint`);
          continue;
        }
        this.logger.error(`projection batch failed, retrying: ${(error as Error).message}`);
        await this.sleep(1000);
        continue;
      }
      if (applied === 0) await this.sleep(this.options.pollIntervalMs ?? 100);
    }
  }

  private async applyNextBatch(): Promise<number> {
    if (!this.cursor) this.cursor = (await loadCheckpoint(this.db)).cursor;
    const page = await this.read(this.cursor, this.behind ? this.catchUpBatchSize : (this.options.batchSize ?? DEFAULT_BATCH_SIZE));
    if (page.events.length === 0) {
      this.behind = false;
      return 0;
    }
    await this.applyPage(page);
    this.behind = page.events.length >= (this.options.batchSize ?? DEFAULT_BATCH_SIZE);
    return page.events.length;
  }

  private read(after: FeedCursor, limit: number): Promise<FeedPage> {
    return this.store.readFeed({ after, limit });
  }

  /** One transaction: the checkpoint moved from where the page starts, then every read model. */
  private async applyPage(page: FeedPage): Promise<void> {
    const from = this.cursor!;
    await this.db.transaction(async (tx) => {
      await tx.query(BATCH_LOCK_SQL);
      // The compare-and-set first: a batch read before a switch (or by a second projector) stops
      // here, before touching a table, and the row lock orders concurrent projectors.
      if (!(await advanceCheckpoint(tx, from, page.cursor))) throw new CheckpointMovedError();
      for (const projection of this.projections) await projection.apply(tx, page.events);
    });
    this.cursor = page.cursor;
    this.options.onApplied?.(page.events, page.cursor);
  }

  private get catchUpBatchSize(): number {
    return this.options.catchUpBatchSize ?? DEFAULT_CATCH_UP_BATCH_SIZE;
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
