import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Queue } from 'bullmq';
import { NOTICE_QUEUE_NAME } from '@app/escalation';
import { APP_CONFIG, AppConfig, registerScrapeSource } from '@app/platform';

export interface QueueFailure {
  id: string | undefined;
  name: string;
  attemptsMade: number;
  failedReason: string;
  finishedAt: string | null;
}

export interface QueueView {
  name: string;
  prefix: string;
  paused: boolean;
  /** waiting + delayed + prioritized + active: what `dle_queue_depth` reports */
  depth: number;
  counts: Record<string, number>;
  recentFailures: QueueFailure[];
}

const STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'completed', 'failed'] as const;

/**
 * Read-only view of the BullMQ queues for admins and /metrics. It opens its own producer-style
 * connection (no offline queue, one retry), so an API replica without a worker can still show
 * the queues, and a Redis outage answers fast instead of hanging.
 */
@Injectable()
export class QueueInspector implements OnModuleInit, OnApplicationShutdown {
  private queue: Queue | null = null;
  private unregister: (() => void) | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  onModuleInit(): void {
    this.unregister = registerScrapeSource('queue', async () => ({ queueDepth: { [NOTICE_QUEUE_NAME]: (await this.view(0)).depth } }));
  }

  async onApplicationShutdown(): Promise<void> {
    this.unregister?.();
    await this.queue?.close().catch(() => undefined);
    this.queue = null;
  }

  /** The notice queue's counts and its latest failures (up to `failures`). */
  async view(failures = 10): Promise<QueueView> {
    const queue = this.open();
    const [counts, paused, failed] = await Promise.all([
      queue.getJobCounts(...STATES),
      queue.isPaused(),
      failures > 0 ? queue.getFailed(0, failures - 1) : Promise.resolve([]),
    ]);
    return {
      name: NOTICE_QUEUE_NAME,
      prefix: this.config.QUEUE_PREFIX,
      paused,
      depth: (counts.waiting ?? 0) + (counts.delayed ?? 0) + (counts.prioritized ?? 0) + (counts.active ?? 0),
      counts,
      recentFailures: failed.map((job) => ({
        id: job.id,
        name: job.name,
        attemptsMade: job.attemptsMade,
        failedReason: (job.failedReason ?? '').slice(0, 500),
        finishedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
      })),
    };
  }

  private open(): Queue {
    if (!this.queue) {
      this.queue = new Queue(NOTICE_QUEUE_NAME, {
        connection: { url: this.config.REDIS_URL, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000 },
        prefix: this.config.QUEUE_PREFIX,
      });
      this.queue.on('error', () => undefined);
    }
    return this.queue;
  }
}
