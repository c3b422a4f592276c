import type { SqlDatabase, StoredEvent } from '@app/event-store';
import type { AgencyEvent } from '@app/domain';
import type { Projection } from '../projector/projection';

/** rm_agencies: each agency with its current head (the head in force when a notice fires). */
export class AgencyProjection implements Projection {
  readonly name = 'agencies';

  async apply(tx: SqlDatabase, events: StoredEvent[]): Promise<void> {
    for (const stored of events) {
      const event = stored as unknown as AgencyEvent & StoredEvent;
      if (event.type === 'AgencyRegistered') {
        const { code, name, kind, head } = event.data;
        await tx.query(
          `INSERT INTO rm_agencies (code, name, kind, head_name, head_title, head_email, head_since, registered_at, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8)`,
          [code, name, kind, head.name, head.title, head.email, stored.occurredAt, stored.version],
        );
      } else if (event.type === 'AgencyHeadChanged') {
        const { code, head } = event.data;
        await tx.query(
          `UPDATE rm_agencies SET head_name = $2, head_title = $3, head_email = $4, head_since = $5, version = $6
            WHERE code = $1`,
          [code, head.name, head.title, head.email, stored.occurredAt, stored.version],
        );
      } else if (event.type === 'AgencyActingHeadSet') {
        const { code, actingHead, from, to } = event.data;
        await tx.query(
          `UPDATE rm_agencies SET acting_name = $2, acting_title = $3, acting_email = $4, acting_from = $5, acting_to = $6, version = $7
            WHERE code = $1`,
          [code, actingHead.name, actingHead.title, actingHead.email, from, to, stored.version],
        );
      }
    }
  }
}
