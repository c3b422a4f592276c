import { Logger } from '@nestjs/common';
import { Job, UnrecoverableError, Worker } from 'bullmq';
import { PermanentMailError } from '../mail/mail-errors';
import { ALERT_JOB, DELIVER_JOB, DeliverJobData, NOTICE_QUEUE_NAME } from '../queue/notice-queue';
import type { DeliveryAttempt } from './notice-deliverer';

export interface MailWorkerOptions {
  redisUrl: string;
  prefix: string;
  /** jobs in flight per process (default 5, the SMTP pool's connections) */
  concurrency?: number;
  /**
   * How long a job stays locked to a process that stopped renewing it (killed): after that the
   * stalled check hands it to another worker (BullMQ defaults: 30 s, checked every 30 s).
   */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** times a job may be recovered from a dead worker before it fails (default 5) */
  maxStalledCount?: number;
  /** "now" for the retry time recorded with a failed attempt */
  now(): Date;
}

export interface MailJobHandlers {
  deliver(noticeId: string, attempt: DeliveryAttempt): Promise<unknown>;
  alert(noticeId: string, attempt: DeliveryAttempt): Promise<unknown>;
}

/**
 * The BullMQ worker of the mail queue; it runs in worker processes only (Twenty's separate
 * queue-worker entry). Each job names a notice; the handlers re-read everything else. A
 * permanent mail failure becomes UnrecoverableError so BullMQ does not retry it.
 */
export function startMailWorker(opts: MailWorkerOptions, handlers: MailJobHandlers): Worker<DeliverJobData> {
  const logger = new Logger('MailWorker');
  const worker = new Worker<DeliverJobData>(
    NOTICE_QUEUE_NAME,
    async (job: Job<DeliverJobData>) => {
      const attempt = attemptOf(job, opts.now());
      try {
        if (job.name === DELIVER_JOB) return await handlers.deliver(job.data.noticeId, attempt);
        if (job.name === ALERT_JOB) return await handlers.alert(job.data.noticeId, attempt);
        throw new UnrecoverableError(`unknown job ${job.name}`);
      } catch (error) {
        if (error instanceof PermanentMailError) throw new UnrecoverableError(error.message);
        throw error;
      }
    },
    {
      // Blocking connections must retry forever (BullMQ requirement); the worker reconnects
      // by itself when Redis comes back.
      connection: { url: opts.redisUrl, maxRetriesPerRequest: null },
      prefix: opts.prefix,
      concurrency: opts.concurrency ?? 5,
      lockDuration: opts.lockDurationMs ?? 30_000,
      stalledInterval: opts.stalledIntervalMs ?? 30_000,
      maxStalledCount: opts.maxStalledCount ?? 5,
    },
  );
  worker.on('error', (error) => logger.warn(`mail worker: ${error.message}`));
  worker.on('failed', (job, error) => {
    if (job) logger.warn(`${job.name} ${job.id} attempt ${job.attemptsMade}: ${error.message}`);
  });
  return worker;
}

/** BullMQ counts failed tries in attemptsMade; the exponential delay doubles from `delay`. */
function attemptOf(job: Job, now: Date): DeliveryAttempt {
  const number = job.attemptsMade + 1;
  const attempts = job.opts.attempts ?? 1;
  const backoff = job.opts.backoff;
  const delay = typeof backoff === 'number' ? backoff : (backoff?.delay ?? 0);
  const last = number >= attempts;
  return { number, last, retryAt: last ? null : new Date(now.getTime() + delay * 2 ** (number - 1)) };
}
