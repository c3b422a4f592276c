import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CLOCK, Clock } from '@app/domain';
import { LeaderLock } from '@app/escalation';
import { SqlDatabase } from '@app/event-store';
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

  constructor(
    private readonly anchoring: Anchoring,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SQL_DATABASE) db: SqlDatabase,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
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
  }

  private schedule(): void {
    const newest = this.anchoring.list().at(-1);
    const age = newest ? this.clock.now().getTime() - Date.parse(newest.createdAt) : Infinity;
    const first = Math.max(0, this.intervalMs - age);
    this.timer = setTimeout(() => void this.tick(), Math.min(first, 2 ** 31 - 1));
    this.timer.unref();
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
