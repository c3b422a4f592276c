import { useApp } from '../context';
import { fmtDate, fmtDateTime, offsetWords } from '../format';
import type { HistoryEvent } from '../types';

/** One line saying what an event changed, in the reader's language (the raw data stays one click away). */
export function EventSummary({ event: e }: { event: HistoryEvent }) {
  const { t, lang } = useApp();
  const d = e.data ?? {};
  const dl = (x: { due?: string | null; expression?: string } | null | undefined) =>
    x ? `${x.due ? fmtDate(x.due, lang) : t('deadline.ongoing')}${x.expression ? ` (${x.expression})` : ''}` : '—';
  let text: string | null = null;
  switch (e.type) {
    case 'TaskAssigned':
      text = `${d.code ?? ''} → ${d.leadAgency ?? ''}; ${t('task.due')}: ${dl(d.deadline)}`;
      break;
    case 'ProgressReported':
      text = `${d.percent}%${d.note ? ` — ${d.note}` : ''}`;
      break;
    case 'ExtensionRequested':
      text = `${t('task.proposed')}: ${dl(d.proposed)} — ${d.reason ?? ''}`;
      break;
    case 'DeadlineExtended':
      text = `${dl(d.previous)} → ${dl(d.deadline)} — ${d.reason ?? ''}${d.decisionRef ? ` (${d.decisionRef})` : ''}`;
      break;
    case 'BlockerRaised':
      text = String(d.description ?? '');
      break;
    case 'BlockerResolved':
      text = String(d.note ?? '');
      break;
    case 'TaskCompleted':
      text = `${fmtDateTime(d.completedAt, lang)}${d.onTime === true ? ` — ${t('status.completed_on_time')}` : d.onTime === false ? ` — ${t('status.completed_late')}` : ''}${d.deliverableRef ? ` — ${d.deliverableRef}` : ''}`;
      break;
    case 'TaskReassigned':
      text = `${d.fromAgency} → ${d.leadAgency} — ${d.reason ?? ''}`;
      break;
    case 'TaskCancelled':
    case 'TaskReopened':
      text = String(d.reason ?? '');
      break;
    case 'ReminderRuleCreated':
    case 'ReminderRuleUpdated':
      text = d.rule
        ? `${d.rule.id}: ${d.rule.offset ? offsetWords(d.rule.offset, t) : ''}${d.rule.enabled === false ? ` (${t('rules.disabled')})` : ''}`
        : null;
      break;
    case 'ReminderRuleDeleted':
      text = String(d.ruleId ?? '');
      break;
    case 'NoticeIssued':
      text = `${(Array.isArray(d.items) ? d.items.map((i: { taskCode?: string }) => i.taskCode) : []).join(', ')} · ${d.ruleId ?? ''} · ${(
        d.recipients ?? []
      )
        .map((r: { email: string }) => r.email)
        .join(', ')}`;
      break;
    case 'NoticeDelivered':
      text = `${d.messageId ?? ''} → ${(d.accepted ?? []).join(', ')}`;
      break;
    case 'NoticeFailed':
    case 'NoticeDeliveryAttemptFailed':
      text = String(d.error ?? d.reason ?? '');
      break;
    case 'AgencyRegistered':
      text = `${d.code ?? ''} — ${d.name ?? ''}`;
      break;
    case 'AgencyHeadChanged':
      text = `${d.head?.name ?? d.name ?? ''}`;
      break;
    case 'CoordinatorsSet':
      text = (d.emails ?? []).join(', ');
      break;
    case 'HolidaysSet':
      text = `${d.year}: ${(d.days ?? []).length} ${t('settings.daysOff').toLowerCase()}`;
      break;
  }
  return text ? <div class="event-summary">{text}</div> : null;
}
