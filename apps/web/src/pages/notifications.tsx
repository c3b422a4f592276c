import { useState } from 'preact/hooks';
import { useApp } from '../context';
import { fmtDateTime, recipientLabel } from '../format';
import { navigate, taskHref, type Route } from '../router';
import { loadNotices } from '../notices';
import { NOTICE_STATUSES, noticeStatusOrUndefined } from '../types';
import { LoadError, Loading, NoticeBadge, onText, useLoad } from '../ui';

export function NotificationsPage({ route }: { route: Route }) {
  const { t, lang, api, can } = useApp();
  const q = route.query;
  const filters = { status: q.get('status') ?? '', taskId: q.get('taskId') ?? '', recipient: q.get('recipient') ?? '' };
  const set = (changes: Partial<typeof filters>) => navigate('/notifications', { ...filters, ...changes }, true);
  const [task, setTask] = useState(filters.taskId);
  const [recipient, setRecipient] = useState(filters.recipient);
  const list = useLoad(
    (signal) => loadNotices(api, { ...filters, status: noticeStatusOrUndefined(filters.status) }, signal),
    [filters.status, filters.taskId, filters.recipient],
  );
  const notices = list.data?.items;
  const counts = NOTICE_STATUSES.map((s) => [s, (notices ?? []).filter((n) => n.status === s).length] as const);

  return (
    <div class="page">
      <div class="page-head">
        <h1>{t('notices.title')}</h1>
        <p class="muted">{can.readAll ? t('notices.intro') : t('notices.introAgency')}</p>
      </div>
      <form
        noValidate
        class="filters"
        aria-label={t('common.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          set({ taskId: task.trim(), recipient: recipient.trim() });
        }}
      >
        <div class="field">
          <label for="n-status">{t('tasks.status')}</label>
          <select id="n-status" value={filters.status} onChange={onText((v) => set({ status: v }))}>
            <option value="">{t('common.all')}</option>
            {NOTICE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`notice.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="n-task">{t('notices.task')}</label>
          <input id="n-task" value={task} onInput={onText(setTask)} placeholder="NQ71-012" />
        </div>
        <div class="field">
          <label for="n-recipient">{t('notices.recipient')}</label>
          <input id="n-recipient" type="email" value={recipient} onInput={onText(setRecipient)} />
        </div>
        <div class="field field-inline">
          <button type="submit">{t('common.apply')}</button>
        </div>
      </form>
      {list.error && <LoadError error={list.error} />}
      {!list.data && !list.error && <Loading />}
      {list.data && (
        <>
          <p class="counts" role="status">
            {counts.map(([s, n]) => (
              <span key={s} class="count">
                <NoticeBadge status={s} /> {n}
              </span>
            ))}
            {list.data.truncated && ` ${t('tasks.truncated')}`}
          </p>
          <div class="table-wrap" tabIndex={0}>
            <table class="notices-table">
              <thead>
                <tr>
                  <th scope="col">{t('tasks.status')}</th>
                  <th scope="col">{t('notices.fireAt')}</th>
                  <th scope="col">{t('notices.tasks')}</th>
                  <th scope="col">{t('notices.rule')}</th>
                  <th scope="col">{t('notices.recipients')}</th>
                  <th scope="col" class="num">
                    {t('notices.attempts')}
                  </th>
                  <th scope="col">{t('notices.sentAt')}</th>
                  <th scope="col">{t('notices.messageIdOrError')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.length === 0 && (
                  <tr>
                    <td colSpan={8} class="muted">
                      {t('notices.none')}
                    </td>
                  </tr>
                )}
                {list.data.items.map((n) => (
                  <tr key={n.id} class={n.status === 'failed' ? 'row-failed' : ''} data-notice={n.id} data-status={n.status}>
                    <td>
                      <NoticeBadge status={n.status} />
                    </td>
                    <td>{fmtDateTime(n.fireAt, lang)}</td>
                    <td>
                      {(n.taskCodes ?? n.taskIds).map((c, i) => (
                        <span key={c}>
                          {i > 0 && ', '}
                          <a href={taskHref(c)}>{c}</a>
                        </span>
                      ))}
                      {n.digest && <div class="sub">{t('notices.digest')}</div>}
                    </td>
                    <td>
                      <code>{n.ruleId}</code>
                      <div class="sub">
                        {t('notices.level')} {n.level}
                        {n.kind
                          ? ` · ${n.kind === 'reminder' ? t('notices.reminder') : n.kind === 'report' ? t('notices.report') : n.kind === 'workflow' ? t('notices.workflow') : t('notices.escalation')}`
                          : ''}
                      </div>
                    </td>
                    <td class="recipients">
                      {n.recipients.map((r) => (
                        <div key={r.email}>{recipientLabel(r, t)}</div>
                      ))}
                    </td>
                    <td class="num">{n.attempts}</td>
                    <td>
                      {fmtDateTime(n.sentAt, lang)}
                      {n.acknowledgedAt ? (
                        <div class="sub" title={n.acknowledgedBy ?? undefined}>
                          {t('notices.acknowledgedAt')} {fmtDateTime(n.acknowledgedAt, lang)}
                        </div>
                      ) : null}
                    </td>
                    <td class="mono msgid">
                      {n.mergedInto ? (
                        <div class="sub">
                          {t('notices.mergedInto')} <code>{n.mergedInto}</code>
                        </div>
                      ) : (
                        (n.messageId ??
                        (n.lastError ? (
                          <div class="error-text" title={n.lastError}>
                            {shortError(n.lastError)}
                          </div>
                        ) : (
                          '—'
                        )))
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}

/** The transport's reason, without the "sending <id> via <url> failed:" preamble (kept in the tooltip). */
function shortError(error: string): string {
  const i = error.lastIndexOf(' failed: ');
  return i >= 0 ? error.slice(i + ' failed: '.length) : error;
}
