import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CLOCK, Clock } from '@app/domain';
import { LeaderLock, NoticeQueue, NoticeScanner, ScanResult, WorkflowNoticeIssuer, requeuePendingNotices } from '@app/escalation';
import { EVENT_STORE, EventStore, SqlDatabase, StoredEvent } from '@app/event-store';
import { APP_CONFIG, AppConfig, ReadModelWaiter, SQL_DATABASE, observeScan, registerScanner } from '@app/platform';
import { ReportEvaluator } from '@app/projections';
import { ReportScheduleRunner, ScheduleRunResult } from '../reports/report-schedule-runner';
import { EVENTS_APPENDED, READ_MODELS_UPDATED } from '../projector/projector.service';
import { EscalationTuning } from './escalation-tuning';

export const SCAN_INTERVAL_NAME = 'deadline-scanner';

/**
 * The deadline scanner of this worker process: every SCAN_INTERVAL_MS (a @nestjs/schedule
 * interval, registered only in the worker), and early when the projector applied a batch that
 * made something due, the holder of the `scanner` advisory lock issues and enqueues what is due.
 * Stand-bys keep trying the lock and take over when the holder dies. Ticks only issue and
 * enqueue; sending is the mail processor's.
 */
@Injectable()
export class ScannerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ScannerService.name);
  readonly scanner: NoticeScanner;
  readonly leader: LeaderLock;
  /** scheduled reports ride the scanner's ticks and lock: one process publishes and mails each run */
  readonly reports: ReportScheduleRunner;
  /** workflow letters (assignments, requests, decisions) ride them too */
  readonly workflow: WorkflowNoticeIssuer;
  private ticking: Promise<void> | null = null;
  private wakeTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private unregister: (() => void) | null = null;
  private automatic = true;

  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queue: NoticeQueue,
    private readonly tuning: EscalationTuning,
    private readonly schedule: SchedulerRegistry,
    emitter: EventEmitter2,
    waiter: ReadModelWaiter,
  ) {
    this.scanner = new NoticeScanner(
      { db, store, queue, clock, onAppended: (position) => emitter.emit(EVENTS_APPENDED, position) },
      { timeZone: config.DEADLINE_TIMEZONE },
    );
    const rules = { dueSoonDays: config.DUE_SOON_DAYS, timeZone: config.DEADLINE_TIMEZONE };
    this.reports = new ReportScheduleRunner({
      db,
      store,
      evaluator: new ReportEvaluator(db, store, rules),
      rules,
      queue,
      readModelsAtHead: async () => waiter.waitFor(await store.headPosition()),
      onAppended: (position) => emitter.emit(EVENTS_APPENDED, position),
    });
    this.workflow = new WorkflowNoticeIssuer({ db, store, queue, onAppended: (position) => emitter.emit(EVENTS_APPENDED, position) });
    this.leader = new LeaderLock(db, 'scanner', {
      retryMs: tuning.leaderRetryMs,
      heartbeatMs: tuning.leaderHeartbeatMs,
      // A new scanner first makes sure every undelivered notice has a job: the one before may
      // have died between issuing and enqueueing.
      onElected: () => void this.requeue(undefined),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.leader.start();
    this.unregister = registerScanner({ intervalMs: this.config.SCAN_INTERVAL_MS, isLeader: () => this.leader.isLeader });
    this.schedule.addInterval(
      SCAN_INTERVAL_NAME,
      setInterval(() => void this.tick(), this.config.SCAN_INTERVAL_MS),
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    if (this.schedule.doesExist('interval', SCAN_INTERVAL_NAME)) this.schedule.deleteInterval(SCAN_INTERVAL_NAME);
    await this.ticking;
    await this.leader.stop();
    this.unregister?.();
  }

  /**
   * Scheduled ticks and projector wake-ups on or off. A test that drives passes itself with
   * `scanOnce` turns them off, so no pass of its own races one it did not ask for.
   */
  setAutomatic(enabled: boolean): void {
    this.automatic = enabled;
  }

  /** One pass now (or at `now`), whoever holds the lock: for tests and operators. */
  scanOnce(now: Date = this.clock.now()): Promise<ScanResult> {
    return this.scanner.scanOnce(now);
  }

  /** The scheduled reports due at `now`, whoever holds the lock: for tests and operators. */
  reportsOnce(now: Date = this.clock.now()): Promise<ScheduleRunResult> {
    return this.reports.runDue(now);
  }

  /** The workflow letters waiting in the outbox, whoever holds the lock: for tests and operators. */
  workflowOnce(now: Date = this.clock.now()): Promise<{ issued: number; skipped: number }> {
    return this.workflow.issueDue(now);
  }

  /** A scheduled tick: only the lock holder scans; a tick while one runs is dropped. */
  async tick(): Promise<void> {
    if (this.stopped || !this.automatic || !this.leader.isLeader || this.ticking) return;
    this.ticking = (async () => {
      try {
        const now = this.clock.now();
        await observeScan(() => this.scanner.scanOnce(now));
        await this.reports.runDue(now);
        await this.workflow.issueDue(now);
        await this.requeue(new Date(now.getTime() - this.tuning.requeueGraceMs));
      } catch (error) {
        this.logger.error(`scan failed: ${(error as Error).message}`);
      }
    })().finally(() => (this.ticking = null));
    await this.ticking;
  }

  /** The projector applied a batch: if it planned something already due, scan soon. */
  @OnEvent(READ_MODELS_UPDATED)
  onReadModelsUpdated(update: { events: StoredEvent[] }): void {
    if (this.stopped || !this.automatic || !this.leader.isLeader || this.wakeTimer) return;
    if (!update.events.some((e) => !e.streamId.startsWith('notice-'))) return;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = null;
      void this.somethingDue().then(
        (due) => (due ? this.tick() : undefined),
        () => undefined,
      );
    }, this.tuning.wakeDelayMs);
  }

  private async somethingDue(): Promise<boolean> {
    const { rows } = await this.db.query(`SELECT 1 FROM rm_pending_notices WHERE fire_at <= $1 LIMIT 1`, [this.clock.now()]);
    return rows.length > 0;
  }

  private async requeue(issuedBefore: Date | undefined): Promise<void> {
    try {
      const added = await requeuePendingNotices(this.db, this.queue, { issuedBefore });
      if (added > 0) this.logger.log(`re-enqueued ${added} undelivered notice(s)`);
    } catch (error) {
      this.logger.warn(`re-enqueue of undelivered notices failed: ${(error as Error).message}`);
    }
  }
}
