import { useApp } from '../../context';
import type { TaskDetail } from '../../types';
import { Card } from '../../ui';

type Risk = NonNullable<TaskDetail['risk']>;

/** The level as a chip, for the task's head and the lists. */
export function RiskChip({ risk }: { risk: Risk | null | undefined }) {
  const { t } = useApp();
  if (!risk || risk.level === 'low') return null;
  return <span class={`chip chip-risk-${risk.level}`}>{t(`risk.${risk.level}` as 'risk.high')}</span>;
}

/** Early warning: how likely the task is to end late, and why (docs/risk.md). */
export function RiskCard({ task }: { task: TaskDetail }) {
  const { t } = useApp();
  const risk = task.risk;
  if (!risk) return null;
  return (
    <Card title={t('risk.title')} id="risk">
      <p>
        <span class={`badge risk-${risk.level}`}>{t(`risk.${risk.level}` as 'risk.high')}</span>{' '}
        <span class="muted">{t('risk.points', { n: risk.points })}</span>
      </p>
      {risk.reasons.length === 0 ? (
        <p class="muted">{t('risk.none')}</p>
      ) : (
        <ul class="risk-reasons">
          {risk.reasons.map((r) => (
            <li key={r.code}>{r.text}</li>
          ))}
        </ul>
      )}
      <p class="muted small">{t('risk.how')}</p>
    </Card>
  );
}
