import { useApp } from '../../context';
import { fmtDateTime } from '../../format';
import { Card, LoadError, useLoad } from '../../ui';

/** "Kế hoạch nhắc việc": what the engine will send about this task next, to whom and why. */
export function NoticePlanCard({ taskId }: { taskId: string }) {
  const { t, lang, api } = useApp();
  const plan = useLoad((signal) => api.get('/tasks/{id}/notice-plan', { params: { path: { id: taskId } }, signal }), [taskId]);
  const planned = plan.data?.planned ?? [];
  return (
    <Card title={`${t('plan.title')} (${planned.length})`} id="notice-plan">
      {plan.error && <LoadError error={plan.error} />}
      {plan.data && planned.length === 0 && <p class="muted">{t('plan.none')}</p>}
      {planned.length > 0 && (
        <ul class="plan-list">
          {planned.map((p) => (
            <li key={`${p.ruleId}-${p.occurrence}`} data-kind={p.kind}>
              <strong>{fmtDateTime(p.fireAt, lang)}</strong> · {p.kind === 'escalation' ? t('plan.escalation') : t('plan.reminder')}
              <div>{lang === 'en' ? p.because.en : p.because.vi}</div>
              <div class="muted">
                {p.recipients.map((r) => `${[r.title, r.name].filter(Boolean).join(' ') || r.email} — ${r.why}`).join('; ') ||
                  t('plan.noRecipient')}
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
