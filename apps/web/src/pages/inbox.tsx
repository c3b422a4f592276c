import { useApp } from '../context';
import { fmtDate, fmtDateTime } from '../format';
import { taskHref, type Route } from '../router';
import { LoadError, Loading, useLoad } from '../ui';

type Item = {
  kind: string;
  since: string | null;
  taskCode: string;
  taskTitle: string;
  leadAgency: string;
  proposedDeadline?: string;
  reason?: string | null;
  completedAt?: string | null;
  backdated?: boolean;
  description?: string;
  due?: string | null;
  status?: string;
  refusalReason?: string | null;
  decisionRef?: string | null;
};

const KIND_KEYS = {
  extension_request: 'inbox.extension_request',
  completion_to_confirm: 'inbox.completion_to_confirm',
  open_blocker: 'inbox.open_blocker',
  due_soon: 'inbox.due_soon',
  overdue: 'inbox.overdue',
  at_risk: 'inbox.at_risk',
  completion_returned: 'inbox.completion_returned',
  extension_decided: 'inbox.extension_decided',
} as const;

/** "Việc cần xử lý": what waits for the signed-in person, each item linking to its task. */
export function InboxPage({ route }: { route: Route }) {
  const { t, lang, api } = useApp();
  // minPosition (a link made right after a command) waits for the read model to include it
  const minPosition = Number(route.query.get('minPosition')) || undefined;
  const inbox = useLoad((signal) => api.get('/inbox', { params: { query: { minPosition } }, signal }), [minPosition]);
  const items = (inbox.data?.items ?? []) as Item[];
  const detail = (i: Item): string => {
    switch (i.kind) {
      case 'extension_request':
        return `${t('task.proposed')}: ${i.proposedDeadline ?? ''} — ${i.reason ?? ''}`;
      case 'completion_to_confirm':
        return `${i.completedAt ? fmtDateTime(i.completedAt, lang) : ''}${i.backdated ? ` — ${t('task.backdated')}` : ''}`;
      case 'open_blocker':
        return i.description ?? '';
      case 'due_soon':
      case 'overdue':
      case 'at_risk':
        return `${t('task.due')}: ${i.due ? fmtDate(i.due, lang) : '—'}`;
      case 'completion_returned':
        return i.reason ?? '';
      case 'extension_decided':
        return i.status === 'refused'
          ? `${t('task.requestRefused')}: ${i.refusalReason ?? ''}`
          : `${t('task.requestApproved')} ${i.decisionRef ?? ''}`;
      default:
        return '';
    }
  };
  return (
    <div class="page">
      <div class="page-head">
        <h1>{t('inbox.title')}</h1>
      </div>
      {inbox.error && <LoadError error={inbox.error} />}
      {inbox.loading && !inbox.data && <Loading />}
      {inbox.data && items.length === 0 && <p class="muted">{t('inbox.empty')}</p>}
      {items.length > 0 && (
        <ul class="inbox-list">
          {items.map((i) => (
            <li key={`${i.kind}-${i.taskCode}-${i.since ?? ''}`} class={`inbox-item inbox-${i.kind}`} data-kind={i.kind}>
              <span class={`badge inbox-kind inbox-kind-${i.kind}`}>{t(KIND_KEYS[i.kind as keyof typeof KIND_KEYS] ?? 'inbox.title')}</span>
              <a href={taskHref(i.taskCode)}>
                <span class="code">{i.taskCode}</span> {i.taskTitle}
              </a>
              <span class="muted">
                {i.leadAgency}
                {i.since ? ` · ${fmtDateTime(i.since, lang)}` : ''}
              </span>
              <span class="inbox-detail">{detail(i)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
