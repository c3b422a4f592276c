import { useApp } from '../../context';
import { fmtDateTime, recipientLabel } from '../../format';
import { taskHref } from '../../router';
import type { SimulatedNotice } from '../../types';

/** The dry run as a table: one row per notice, in sending order. */
export function PreviewTable({ notices }: { notices: SimulatedNotice[] }) {
  const { t, lang } = useApp();
  if (notices.length === 0) return <p class="muted">{t('preview.none')}</p>;
  return (
    <div class="table-wrap" tabIndex={0}>
      <table class="preview-table">
        <thead>
          <tr>
            <th scope="col">{t('notices.fireAt')}</th>
            <th scope="col">{t('tasks.code')}</th>
            <th scope="col">{t('notices.rule')}</th>
            <th scope="col">{t('notices.level')}</th>
            <th scope="col">{t('notices.recipients')}</th>
          </tr>
        </thead>
        <tbody>
          {notices.map((n, i) => (
            <tr key={`${n.taskId}-${n.ruleId}-${n.fireAt}-${i}`}>
              <td>
                {fmtDateTime(n.fireAt, lang)}
                {n.catchUp && <div class="sub">{t('preview.catchUp')}</div>}
              </td>
              <td>
                <a href={taskHref(n.taskCode)}>{n.taskCode}</a>
              </td>
              <td>
                <code>{n.ruleId}</code>
              </td>
              <td>
                <span class={`level level-${Math.min(n.level, 4)}`}>{n.level}</span>
              </td>
              <td>{n.recipients.map((r) => recipientLabel(r, t)).join('; ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
