import type { SqlDatabase, StoredEvent } from '@app/event-store';
import type { SettingsEvent } from '@app/domain';
import type { Projection } from '../projector/projection';

/** rm_settings: the latest value of each admin setting (holiday years, coordinators, report schedules, letter templates). */
export class SettingsProjection implements Projection {
  readonly name = 'settings';

  async apply(tx: SqlDatabase, events: StoredEvent[]): Promise<void> {
    for (const stored of events) {
      const event = stored as unknown as SettingsEvent & StoredEvent;
      const key =
        event.type === 'HolidaysSet'
          ? `holidays/${event.data.year}`
          : event.type === 'CoordinatorsSet'
            ? 'coordinators'
            : event.type === 'ReportSchedulesSet'
              ? 'report-schedules'
              : event.type === 'NoticeTemplateSet'
                ? `template/${event.data.name}`
                : null;
      if (!key) continue;
      if (event.type === 'NoticeTemplateSet' && event.data.body === null) {
        await tx.query(`DELETE FROM rm_settings WHERE key = $1`, [key]); // back to the shipped file
        continue;
      }
      await tx.query(
        `INSERT INTO rm_settings (key, value, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`,
        [key, JSON.stringify(event.data), stored.recordedAt],
      );
    }
  }
}
