import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { LeaderLock } from '@app/escalation';
import { EVENT_STORE, EventStore, SqlDatabase } from '@app/event-store';
import { APP_CONFIG, AppConfig, SQL_DATABASE } from '@app/platform';
import { Projector } from '@app/projections';
import { allReadModels } from '../read-models';

export const EVENTS_APPENDED = 'events.appended';
export const READ_MODELS_UPDATED = 'read-models.updated';

/**
 * Keeps the read models current; in-process listeners hear about each applied batch. One
 * projector is active per store: the holder of the `projector` advisory lock; other worker
 * processes stand by and take over when it dies (the checkpoint's compare-and-set keeps a brief
 * overlap harmless).
 */
@Injectable()
export class ProjectorService implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(ProjectorService.name);
  readonly projector: Projector;
  readonly leader: LeaderLock;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(SQL_DATABASE) db: SqlDatabase,
    emitter: EventEmitter2,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.projector = new Projector(store, db, allReadModels(config.DEADLINE_TIMEZONE), {
      onApplied: (events, cursor) => emitter.emit(READ_MODELS_UPDATED, { events, cursor }),
    });
    this.leader = new LeaderLock(db, 'projector', {
      onElected: async () => {
        await this.projector.start();
        this.logger.log('projector started');
      },
      onDeposed: () => this.projector.stop(),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!(await this.leader.start())) this.logger.log('projector on stand-by: another process holds the projector lock');
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.leader.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.projector.stop();
  }

  @OnEvent(EVENTS_APPENDED)
  onAppended(): void {
    this.projector.wake();
  }
}
