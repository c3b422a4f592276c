import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CLOCK, Clock } from '@app/domain';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { seedDefaultRules } from './seed-default-rules';

/** Worker start (and single-node start): create the shipped default rules once. */
@Injectable()
export class DefaultRulesSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('DefaultRules');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { created } = await seedDefaultRules(this.store, this.clock);
    if (created.length > 0) this.logger.log(`created default reminder rules: ${created.join(', ')}`);
  }
}
