import { useApp } from '../context';
import { isKnownEvent } from '../events';
import { fmtDate, fmtDateTime, offsetWords } from '../format';
import type { HistoryEvent } from '../types';

type Deadline = { due: string | null; expression: string };

/** One line saying what an event changed, in the reader's language (the raw data stays one click away). */
export function EventSummary({ event }: { event: HistoryEvent }) {
  const { t, lang } = useApp();
  if (!isKnownEvent(event)) return null;
  const dl = (x: Deadline | null) => (x ? `${x.due ? fmtDate(x.due, lang) : t('deadline.ongoing')} (${x.expression})` : '—');
  let text: string | null = null;
  switch (event.type) {
    case 'TaskAssigned':
      text = `${event.data.code} → ${event.data.leadAgency}; ${t('task.due')}: ${dl(event.data.deadline)}`;
      break;
    case 'ProgressReported':
      text = `${event.data.percent}%${event.data.note ? ` — ${event.data.note}` : ''}`;
      break;
    case 'ExtensionRequested':
      text = `${t('task.proposed')}: ${dl(event.data.proposed)} — ${event.data.reason}`;
      break;
    case 'ExtensionRefused':
      text = event.data.reason;
      break;
    case 'DeadlineExtended': {
      const d = event.data;
      text = `${dl(d.previous)} → ${dl(d.deadline)} — ${d.reason}${d.decisionRef ? ` (${d.decisionRef})` : ''}`;
      break;
    }
    case 'BlockerRaised':
      text = event.data.description;
      break;
    case 'BlockerResolved':
      text = event.data.note;
      break;
    case 'TaskCompleted': {
      const d = event.data;
      const verdict = d.onTime === true ? t('status.completed_on_time') : d.onTime === false ? t('status.completed_late') : null;
      text = [fmtDateTime(d.completedAt, lang), verdict, d.deliverableRef].filter(Boolean).join(' — ');
      break;
    }
    case 'CompletionReported': {
      const d = event.data;
      const mark = d.backdated ? t('task.backdated') : null;
      text = [fmtDateTime(d.completedAt, lang), mark, d.deliverableRef].filter(Boolean).join(' — ');
      break;
    }
    case 'CompletionReturned':
      text = event.data.reason;
      break;
    case 'CommentAdded':
      text = event.data.text;
      break;
    case 'AttachmentAdded':
      text = event.data.name;
      break;
    case 'TaskReassigned':
      text = `${event.data.fromAgency} → ${event.data.leadAgency} — ${event.data.reason}`;
      break;
    case 'TaskCancelled':
    case 'TaskReopened':
    case 'NoticeCancelled':
      text = event.data.reason;
      break;
    case 'ReminderRuleCreated':
    case 'ReminderRuleUpdated': {
      const rule = event.data.rule;
      text = `${rule.id}: ${offsetWords(rule.offset, t)}${rule.enabled === false ? ` (${t('rules.disabled')})` : ''}`;
      break;
    }
    case 'ReminderRuleDeleted':
      text = event.data.ruleId;
      break;
    case 'NoticeIssued': {
      const d = event.data;
      text = `${d.items.map((i) => i.taskCode).join(', ')} · ${d.ruleId} · ${d.recipients.map((r) => r.email).join(', ')}`;
      break;
    }
    case 'NoticeDelivered':
      text = `${event.data.messageId} → ${event.data.accepted.join(', ')}`;
      break;
    case 'NoticeFailed':
    case 'NoticeDeliveryAttemptFailed':
      text = event.data.error;
      break;
    case 'NoticeWebhookDelivered':
      text = `${event.data.target} — ${event.data.response ?? ''}`;
      break;
    case 'NoticeWebhookFailed':
      text = `${event.data.target} — ${event.data.error}`;
      break;
    case 'AgencyRegistered':
      text = `${event.data.code} — ${event.data.name}`;
      break;
    case 'AgencyHeadChanged':
      text = event.data.head.name;
      break;
    case 'AgencyActingHeadSet':
      text = `${event.data.actingHead.title} ${event.data.actingHead.name} (${event.data.from} – ${event.data.to})`;
      break;
    case 'CoordinatorsSet':
      text = event.data.emails.join(', ');
      break;
    case 'NoticeTemplateSet':
      text = event.data.body === null ? `${event.data.name} (mặc định / default)` : event.data.name;
      break;
    case 'HolidaysSet':
      text = `${event.data.year}: ${event.data.days.length} ${t('settings.daysOff').toLowerCase()}`;
      break;
  }
  return text ? <div class="event-summary">{text}</div> : null;
}
