import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { EVENT_STORE, EventStore, SqlDatabase } from '@app/event-store';
import { SQL_DATABASE } from '@app/platform';
import { Projector } from '@app/projections';
import { allReadModels } from '../read-models';

export const EVENTS_APPENDED = 'events.appended';
export const READ_MODELS_UPDATED = 'read-models.updated';

/** Keeps the read models current; in-process listeners hear about each applied batch. */
@Injectable()
export class ProjectorService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ProjectorService.name);
  readonly projector: Projector;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(SQL_DATABASE) db: SqlDatabase,
    emitter: EventEmitter2,
  ) {
    this.projector = new Projector(store, db, allReadModels(), {
      onApplied: (events, cursor) => emitter.emit(READ_MODELS_UPDATED, { events, cursor }),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.projector.start();
    this.logger.log('projector started');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.projector.stop();
  }

  @OnEvent(EVENTS_APPENDED)
  onAppended(): void {
    this.projector.wake();
  }
}
