import { useApp } from '../../context';
import { fmtDateTime, recipientLabel } from '../../format';
import type { Notice } from '../../types';
import { Card, NoticeBadge } from '../../ui';
/** The reminders and escalations about this task, with their delivery. */
export function NoticesCard({ notices }: { notices: Notice[] }) {
  const { t, lang } = useApp();
  return (
    <Card title={`${t('task.notices')} (${notices.length})`} id="notices">
      {notices.length === 0 ? (
        <p class="muted">{t('task.noNotices')}</p>
      ) : (
        <div class="table-wrap" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('notices.fireAt')}</th>
                <th scope="col">{t('notices.kindHeader')}</th>
                <th scope="col">{t('notices.level')}</th>
                <th scope="col">{t('notices.recipients')}</th>
                <th scope="col">{t('tasks.status')}</th>
                <th scope="col">{t('notices.sentAt')}</th>
              </tr>
            </thead>
            <tbody>
              {notices.map((n) => (
                <tr key={n.id} class={n.status === 'failed' ? 'row-failed' : ''}>
                  <td>{fmtDateTime(n.fireAt, lang)}</td>
                  <td title={n.ruleId}>{kindLabel(n.kind, t)}</td>
                  <td>{n.level}</td>
                  <td>{n.recipients.map((r) => recipientLabel(r, t)).join('; ')}</td>
                  <td>
                    <NoticeBadge status={n.status} />
                    {n.attempts > 0 && <div class="sub">{t('notices.attemptsN', { n: n.attempts })}</div>}
                  </td>
                  <td>
                    {fmtDateTime(n.sentAt, lang)}
                    {n.acknowledgedAt && (
                      <div class="sub">
                        {t('notices.acknowledgedAt')} {fmtDateTime(n.acknowledgedAt, lang)}
                      </div>
                    )}
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

/** What kind of letter, in words (rule ids such as default-assignee-3wd are for admins, in the ledger). */
function kindLabel(kind: string | undefined, t: ReturnType<typeof useApp>['t']): string {
  if (kind === 'reminder') return t('plan.reminder');
  if (kind === 'escalation') return t('plan.escalation');
  if (kind === 'workflow') return t('notices.workflow');
  if (kind === 'report') return t('notices.report');
  return '—';
}
