import { Logger } from '@nestjs/common';
import { Job, JobsOptions, Queue } from 'bullmq';
import type { RedisOptions } from 'bullmq';

/**
 * The durable mail queue (BullMQ on Redis). A job carries a notice id only and uses it as its
 * job id, so adding the same notice twice (a retried scan, a second scanner, the re-enqueue at
 * start) leaves one job (architecture.md "Each notice exactly once"). Redis holds nothing the
 * event history cannot rebuild: see requeuePendingNotices.
 */
export const NOTICE_QUEUE_NAME = 'notices';
export const DELIVER_JOB = 'deliver';
export const ALERT_JOB = 'alert';

/**
 * A custom job id dedups only while a record with that id exists, so finished jobs are kept on
 * purpose: completed a day (a late re-add of a delivered notice stays a no-op; if it did run,
 * the processor would re-read the notice and do nothing), failed a week (for operators).
 */
export const KEEP_COMPLETED_JOBS = { age: 24 * 60 * 60, count: 100_000 };
export const KEEP_FAILED_JOBS = { age: 7 * 24 * 60 * 60, count: 100_000 };

export interface RetryPolicy {
  /** total tries of one notice, the first included */
  attempts: number;
  /** first retry delay; each next one doubles (BullMQ exponential backoff) */
  backoffMs: number;
}

/** 10 tries over about 85 minutes: 10 s, 20 s, 40 s … 43 min between them. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 10, backoffMs: 10_000 };

export interface DeliverJobData {
  noticeId: string;
}

export interface NoticeQueueOptions {
  redisUrl: string;
  /** QUEUE_PREFIX: several engines can share one Redis */
  prefix: string;
  retry?: RetryPolicy;
}

/** BullMQ refuses ':' in custom job ids; notice and digest ids are hex with a prefix. */
export function assertJobId(id: string): string {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(id)) throw new Error(`not a usable job id: ${JSON.stringify(id)}`);
  return id;
}

export const alertJobId = (noticeId: string): string => `alert-${noticeId}`;

/** The producer side, used by the scanner, the re-enqueue and the failure alerts. */
export class NoticeQueue {
  private readonly logger = new Logger(NoticeQueue.name);
  readonly queue: Queue;
  /** read at every add, so a test may shorten the backoff before it issues notices */
  retry: RetryPolicy;

  constructor(opts: NoticeQueueOptions) {
    this.retry = opts.retry ?? DEFAULT_RETRY_POLICY;
    const connection: RedisOptions = {
      url: opts.redisUrl,
      // A producer fails fast while Redis is away instead of buffering without bound; the notice
      // is already an event, and the re-enqueue sweep adds it once Redis is back.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 5000,
    };
    this.queue = new Queue(NOTICE_QUEUE_NAME, { connection, prefix: opts.prefix });
    this.queue.on('error', (error) => this.logger.warn(`queue: ${error.message}`));
  }

  async enqueueDelivery(noticeId: string): Promise<void> {
    await this.queue.add(DELIVER_JOB, { noticeId } satisfies DeliverJobData, this.jobOptions(assertJobId(noticeId)));
  }

  /** Several notices in one Redis round trip (a scanner chunk); ids already queued stay single. */
  async enqueueDeliveries(noticeIds: string[]): Promise<void> {
    if (noticeIds.length === 0) return;
    await this.queue.addBulk(
      noticeIds.map((id) => ({
        name: DELIVER_JOB,
        data: { noticeId: id } satisfies DeliverJobData,
        opts: this.jobOptions(assertJobId(id)),
      })),
    );
  }

  /** One alert to the admins per failed notice (its own job id, so never two). */
  async enqueueAlert(noticeId: string): Promise<void> {
    await this.queue.add(ALERT_JOB, { noticeId } satisfies DeliverJobData, this.jobOptions(assertJobId(alertJobId(noticeId))));
  }

  /**
   * Makes sure a notice the history says is undelivered has a live job. A missing job (Redis
   * flushed, the scanner died between issue and enqueue) is added; a finished one (stalled
   * past its limit, or a record left from before a restore) is replaced: the processor re-reads
   * the notice, so a needless run does nothing. Waiting, delayed and active jobs are left alone.
   * Returns true when a job was added.
   */
  async ensureDelivery(noticeId: string): Promise<boolean> {
    const state = await this.queue.getJobState(noticeId);
    if (state === 'completed' || state === 'failed') {
      const job = await Job.fromId(this.queue, noticeId);
      await job?.remove().catch(() => undefined);
    } else if (state !== 'unknown') {
      return false;
    }
    await this.enqueueDelivery(noticeId);
    return true;
  }

  async close(): Promise<void> {
    await this.queue.close();
  }

  private jobOptions(jobId: string): JobsOptions {
    return {
      jobId,
      attempts: this.retry.attempts,
      backoff: { type: 'exponential', delay: this.retry.backoffMs },
      removeOnComplete: KEEP_COMPLETED_JOBS,
      removeOnFail: KEEP_FAILED_JOBS,
    };
  }
}
