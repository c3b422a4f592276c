import { useApp } from '../../context';
import { fmtDateTime, roleWords } from '../../format';
import { isKey } from '../../i18n';
import type { HistoryEvent } from '../../types';
import { Card } from '../../ui';
import { EventSummary } from '../event-summary';

/** One event: what, when in business and record time (backdating shows), who, and its data. */
export function TimelineItem({ event: e }: { event: HistoryEvent }) {
  const { t, lang } = useApp();
  const key = `event.${e.type}`;
  const late = e.occurredAt.slice(0, 16) !== e.recordedAt.slice(0, 16);
  return (
    <li class={`event event-${e.type}`} data-event={e.type}>
      <div class="event-head">
        <strong>{isKey(key) ? t(key) : e.type}</strong>
        <span class="muted">
          {' '}
          · v{e.version} · #{e.position}
        </span>
      </div>
      <div class="event-times">
        <span>
          {t('timeline.business')}: <time dateTime={e.occurredAt}>{fmtDateTime(e.occurredAt, lang)}</time>
        </span>
        <span class={late ? 'recorded-late' : ''}>
          {t('timeline.recorded')}: <time dateTime={e.recordedAt}>{fmtDateTime(e.recordedAt, lang)}</time>
          {late && ` (${t('timeline.backdated')})`}
        </span>
      </div>
      <div class="event-actor">
        {t('timeline.actor')}:{' '}
        {e.actor ? `${e.actor.name} — ${roleWords(e.actor.role, t)}${e.actor.agency ? ` ${e.actor.agency}` : ''}` : '—'}
      </div>
      <EventSummary event={e} />
      <details>
        <summary>{t('timeline.data')}</summary>
        <pre>{JSON.stringify(e.data, null, 2)}</pre>
      </details>
    </li>
  );
}

/** Every event of the task, in order. */
export function TimelineCard({ events }: { events: HistoryEvent[] }) {
  const { t } = useApp();
  return (
    <Card title={`${t('task.timeline')} (${events.length})`} id="timeline">
      <ol class="timeline">
        {events.map((e) => (
          <TimelineItem key={e.position} event={e} />
        ))}
      </ol>
    </Card>
  );
}
