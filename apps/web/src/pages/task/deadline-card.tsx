import { useApp } from '../../context';
import { fmtDate } from '../../format';
import type { TaskDetail } from '../../types';
import { Card } from '../../ui';
import { Prop } from './prop';

const REQUEST_STATUS = { pending: 'task.requestPending', approved: 'task.requestApproved', refused: 'task.requestRefused' } as const;

/** The deadline in force and as first set, its extensions and the requests for one. */
export function DeadlineCard({ task }: { task: TaskDetail }) {
  const { t, lang } = useApp();
  const d = task.deadline;
  return (
    <Card title={t('task.deadline')} id="deadline">
      <dl class="props">
        <Prop label={t('task.due')}>
          <strong>{d.due ? fmtDate(d.due, lang) : t('deadline.ongoing')}</strong> <span class="muted">({d.expression})</span>
          {d.adjusted && <div class="hint">{t('task.adjusted', { day: fmtDate(d.lastDay, lang) })}</div>}
        </Prop>
        <Prop label={t('task.original')}>
          {d.original ? fmtDate(d.original, lang) : t('deadline.ongoing')} <span class="muted">({d.originalExpression})</span>
        </Prop>
        <Prop label={t('task.extensions')}>{d.extensions}</Prop>
      </dl>
      {d.history.length > 0 && (
        <div class="table-wrap" tabIndex={0}>
          <table>
            <caption>{t('task.extensionHistory')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('task.when')}</th>
                <th scope="col">{t('task.from')}</th>
                <th scope="col">{t('task.to')}</th>
                <th scope="col">{t('task.reason')}</th>
                <th scope="col">{t('task.decisionRef')}</th>
              </tr>
            </thead>
            <tbody>
              {d.history.map((h, i) => (
                <tr key={i}>
                  <td>{fmtDate(h.at, lang)}</td>
                  <td>{fmtDate(h.from, lang)}</td>
                  <td>
                    {fmtDate(h.to, lang)} <span class="muted">({h.expression})</span>
                  </td>
                  <td>{h.reason}</td>
                  <td>{h.decisionRef ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {task.extensionRequests.length > 0 && (
        <div class="table-wrap" tabIndex={0}>
          <table>
            <caption>{t('task.extensionRequests')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('task.when')}</th>
                <th scope="col">{t('task.proposed')}</th>
                <th scope="col">{t('task.reason')}</th>
                <th scope="col">{t('tasks.status')}</th>
              </tr>
            </thead>
            <tbody>
              {task.extensionRequests.map((r) => (
                <tr key={r.requestId}>
                  <td>{fmtDate(r.at, lang)}</td>
                  <td>
                    {fmtDate(r.proposed, lang)} <span class="muted">({r.proposedExpression})</span>
                  </td>
                  <td>{r.reason}</td>
                  <td>
                    <span class={`badge request-${r.status}`}>{t(REQUEST_STATUS[r.status])}</span>
                    {(r.refusalReason ?? r.decisionRef) && <span class="muted"> {r.refusalReason ?? r.decisionRef}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
