import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CLOCK, Clock } from '@app/domain';
import * as path from 'node:path';
import { LeaderLock, MailTransport, createMailTransport, renderAnchorMail } from '@app/escalation';
import { Anchor, SqlDatabase } from '@app/event-store';
import { APP_CONFIG, AnchorError, Anchoring, AppConfig, SQL_DATABASE } from '@app/platform';

const HOUR_MS = 3_600_000;

/**
 * Anchors the history every ANCHOR_INTERVAL_HOURS (daily by default) when an anchor key is set:
 * one process does it (the `anchorer` lock), and at start it catches up when the newest anchor in
 * the file is older than the interval.
 */
@Injectable()
export class AnchorSchedulerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Anchors');
  private readonly leader: LeaderLock;
  private timer: NodeJS.Timeout | null = null;
  /** ANCHOR_EMAILS: each anchor also goes to the auditors' mailboxes (through SMTP_URL, or the outbox) */
  private readonly mail: MailTransport | null;

  constructor(
    private readonly anchoring: Anchoring,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SQL_DATABASE) db: SqlDatabase,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.mail =
      config.ANCHOR_EMAILS.length > 0
        ? createMailTransport({ smtpUrl: config.SMTP_URL, outboxDir: path.join(config.DATA_DIR, 'outbox') })
        : null;
    this.leader = new LeaderLock(db, 'anchorer', {
      onElected: () => this.schedule(),
      onDeposed: () => this.unschedule(),
    });
  }

  private get intervalMs(): number {
    return this.config.ANCHOR_INTERVAL_HOURS * HOUR_MS;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.anchoring.canSign || this.intervalMs === 0 || this.config.EVENT_STORE !== 'postgres') return;
    await this.leader.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.unschedule();
    await this.leader.stop();
    await this.mail?.close().catch(() => undefined);
  }

  private schedule(): void {
    const newest = this.anchoring.list().at(-1);
    const age = newest ? this.clock.now().getTime() - Date.parse(newest.createdAt) : Infinity;
    const first = Math.max(0, this.intervalMs - age);
    this.timer = setTimeout(() => void this.tick(), Math.min(first, 2 ** 31 - 1));
    this.timer.unref();
  }

  /** A failed email costs nothing the file does not keep: it is logged, and the next anchor is sent again. */
  private async email(anchor: Anchor): Promise<void> {
    if (!this.mail) return;
    const to = this.config.ANCHOR_EMAILS;
    try {
      await this.mail.send(
        renderAnchorMail(anchor, {
          mailFrom: this.config.MAIL_FROM,
          to,
          publicUrl: this.config.PUBLIC_URL,
          timeZone: this.config.DEADLINE_TIMEZONE,
        }),
      );
      this.logger.log(`anchor ${anchor.root.slice(0, 12)} emailed to ${to.length} auditor address(es)`);
    } catch (error) {
      this.logger.error(`anchor ${anchor.root.slice(0, 12)} not emailed: ${(error as Error).message}`);
    }
  }

  private unschedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async tick(): Promise<void> {
    try {
      const anchor = await this.anchoring.create();
      this.logger.log(
        `anchored ${anchor.events} events in ${anchor.streams} streams up to position ${anchor.feed.position} (${this.anchoring.file})`,
      );
      await this.email(anchor);
    } catch (error) {
      const message = error instanceof AnchorError ? error.message : `anchoring failed: ${(error as Error).message}`;
      this.logger.error(message);
    }
    if (this.leader.isLeader) {
      this.timer = setTimeout(() => void this.tick(), Math.min(this.intervalMs, 2 ** 31 - 1));
      this.timer.unref();
    }
  }
}
