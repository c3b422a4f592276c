import { useApp } from '../../context';
import { fmtDate, fmtDateTime } from '../../format';
import type { TaskDetail } from '../../types';
import { Card, ClarityList } from '../../ui';
import { Prop } from './prop';

/** Who leads it, from which document, who answers for it, and its "6 rõ". */
export function DetailsCard({ task }: { task: TaskDetail }) {
  const { t, lang } = useApp();
  return (
    <Card title={t('task.details')} id="details">
      <dl class="props">
        <Prop label={t('tasks.agency')}>{task.leadAgency}</Prop>
        <Prop label={t('task.coordinating')}>{task.coordinatingAgencies.length ? task.coordinatingAgencies.join(', ') : '—'}</Prop>
        <Prop label={t('tasks.source')}>
          {task.source ? `${task.source.ref}${task.source.issuedOn ? ` (${fmtDate(task.source.issuedOn, lang)})` : ''}` : '—'}
        </Prop>
        <Prop label={t('task.assignee')}>
          {task.assignee ? `${task.assignee.name}${task.assignee.email ? ` <${task.assignee.email}>` : ''}` : '—'}
        </Prop>
        <Prop label={t('task.deliverable')}>{task.deliverable ?? '—'}</Prop>
        <Prop label={t('task.approver')}>{task.approver ?? '—'}</Prop>
        <Prop label={t('task.assignedAt')}>{fmtDateTime(task.assignedAt, lang)}</Prop>
        {task.completedAt && <Prop label={t('task.completedAt')}>{fmtDateTime(task.completedAt, lang)}</Prop>}
        {task.completion?.deliverableRef && (
          <Prop label={t('task.deliverableRef')}>
            {task.completion.deliverableRef}
            {task.completion.deliverableIssuedOn
              ? ` ${t('task.issuedOnDay', { day: fmtDate(task.completion.deliverableIssuedOn, lang) })}`
              : ''}
          </Prop>
        )}
        {task.cancelled && <Prop label={t('task.cancelledBecause')}>{task.cancelled.reason}</Prop>}
      </dl>
      {task.description && <p class="description">{task.description}</p>}
      {task.clarity && (
        <>
          <h3>
            {t('clarity.title')}{' '}
            {task.clarity.missing.length > 0 && <span class="gap-flag">⚠ {t('clarity.gaps', { n: task.clarity.missing.length })}</span>}
          </h3>
          <ClarityList clarity={task.clarity} />
        </>
      )}
    </Card>
  );
}
