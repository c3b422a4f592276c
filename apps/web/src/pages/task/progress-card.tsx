import { useApp } from '../../context';
import { fmtDate, fmtDateTime } from '../../format';
import type { TaskDetail } from '../../types';
import { Card, Progress } from '../../ui';
/** The last progress report and the blockers, open and resolved. */
export function ProgressCard({ task }: { task: TaskDetail }) {
  const { t, lang } = useApp();
  return (
    <Card title={t('task.progress')} id="progress">
      <Progress percent={task.progress?.percent} />
      {task.progress && (
        <p>
          {task.progress.note ?? ''} <span class="muted">({fmtDateTime(task.progress.at, lang)})</span>
        </p>
      )}
      <h3>{t('task.blockers')}</h3>
      {task.blockers.length === 0 ? (
        <p class="muted">{t('task.noBlockers')}</p>
      ) : (
        <ul class="blockers">
          {task.blockers.map((b) => (
            <li key={b.blockerId} class={b.resolvedAt ? 'resolved' : 'open'}>
              <span class={`badge ${b.resolvedAt ? 'blocker-resolved' : 'blocker-open'}`}>
                {t(b.resolvedAt ? 'task.blockerResolved' : 'task.blockerOpen')}
              </span>{' '}
              {b.description}{' '}
              <span class="muted">
                ({fmtDate(b.raisedAt, lang)}
                {b.resolvedAt ? ` → ${fmtDate(b.resolvedAt, lang)}` : ''})
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
