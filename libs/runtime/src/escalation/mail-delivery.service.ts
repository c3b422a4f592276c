import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Worker } from 'bullmq';
import { CLOCK, Clock } from '@app/domain';
import {
  AdminAlerts,
  MailTransport,
  NoticeClaims,
  NoticeDeliverer,
  NoticeQueue,
  WebhookRoutes,
  acknowledgementSecret,
  createMailTransport,
  requeuePendingNotices,
  startMailWorker,
} from '@app/escalation';
import { EVENT_STORE, EventStore, SqlDatabase } from '@app/event-store';
import { APP_CONFIG, AppConfig, SQL_DATABASE, issuingOffice } from '@app/platform';
import { EVENTS_APPENDED } from '../projector/projector.service';
import { EscalationTuning } from './escalation-tuning';

/**
 * The mail processor of this worker process: a BullMQ worker that delivers notices (and the
 * alerts about failed ones) with nodemailer over SMTP_URL, or into DATA_DIR/outbox without it.
 * Every worker process runs one; BullMQ spreads the jobs. At start, every notice the history
 * says is undelivered is enqueued again (same job id: nothing doubles), so a flushed Redis
 * loses nothing. Shutdown lets jobs in flight finish, then closes the queue and the SMTP pool.
 */
@Injectable()
export class MailDeliveryService implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(MailDeliveryService.name);
  readonly transport: MailTransport;
  readonly deliverer: NoticeDeliverer;
  readonly alerts: AdminAlerts;
  private worker: Worker | null = null;

  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queue: NoticeQueue,
    private readonly tuning: EscalationTuning,
    emitter: EventEmitter2,
  ) {
    this.transport = createMailTransport({ smtpUrl: config.SMTP_URL, outboxDir: path.join(config.DATA_DIR, 'outbox') });
    const onAppended = (position: number) => emitter.emit(EVENTS_APPENDED, position);
    this.deliverer = new NoticeDeliverer(
      {
        store,
        db,
        transport: this.transport,
        clock,
        queue,
        onAppended,
        claims: new NoticeClaims(db, claimOwner(), tuning.claimLeaseMs),
        webhooks: new WebhookRoutes(config.NOTICE_WEBHOOKS, process.env, { now: () => clock.now(), backoffMs: tuning.webhookBackoffMs }),
      },
      {
        mailFrom: config.MAIL_FROM,
        publicUrl: config.PUBLIC_URL,
        timeZone: config.DEADLINE_TIMEZONE,
        dueSoonDays: config.DUE_SOON_DAYS,
        office: issuingOffice(config),
        acknowledgements: { secret: acknowledgementSecret(config), ttlDays: config.ACK_TTL_DAYS },
      },
    );
    this.alerts = new AdminAlerts({ store, db, transport: this.transport }, { mailFrom: config.MAIL_FROM, publicUrl: config.PUBLIC_URL });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.logger.log(`mail via ${this.transport.kind} ${this.transport.target}`);
    this.worker = startMailWorker(
      {
        redisUrl: this.config.REDIS_URL,
        prefix: this.config.QUEUE_PREFIX,
        concurrency: this.tuning.concurrency,
        lockDurationMs: this.tuning.lockDurationMs,
        stalledIntervalMs: this.tuning.stalledIntervalMs,
        now: () => this.clock.now(),
      },
      {
        deliver: (noticeId, attempt) => this.deliverer.deliver(noticeId, attempt),
        alert: (noticeId) => this.alerts.send(noticeId),
      },
    );
    try {
      const added = await requeuePendingNotices(this.db, this.queue);
      if (added > 0) this.logger.log(`re-enqueued ${added} undelivered notice(s) from the event history`);
    } catch (error) {
      this.logger.warn(`re-enqueue at start failed (the scanner retries it): ${(error as Error).message}`);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    this.worker = null;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close().catch(() => undefined);
    await this.transport.close();
  }
}

/** Names this process in the claim rows (host and pid for the operator, a random part for uniqueness). */
function claimOwner(): string {
  return `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}
