import { useState } from 'preact/hooks';
import { useApp } from '../../context';
import type { TaskDetail } from '../../types';
import { Card } from '../../ui';
import { CompleteForm } from './complete-form';
import { CompletionDecision } from './completion-decision';
import { RequestForm, ExtendForm, RefuseForm } from './deadline-forms';
import { ProgressForm, BlockerForm, ResolveBlockers } from './progress-forms';
import { ReasonForm } from './reason-form';
import { ReassignForm } from './reassign-form';

export type ActionName = 'progress' | 'blocker' | 'complete' | 'request' | 'extend' | 'reassign' | 'cancel' | 'reopen';

export function Actions({ task, onDone }: { task: TaskDetail; onDone(): void }) {
  const { t, can, session } = useApp();
  const [open, setOpen] = useState<ActionName | null>(null);
  const [approve, setApprove] = useState<{ requestId: string; proposed: string } | null>(null);
  const [refuse, setRefuse] = useState<string | null>(null);
  const completed = task.status === 'completed_on_time' || task.status === 'completed_late';
  const cancelled = task.status === 'cancelled';
  const active = !completed && !cancelled;
  const report = can.report(task.leadAgency) && active;
  const available: ActionName[] = [];
  // While a completion report awaits confirmation the officer does not report it again.
  if (report) available.push('progress', 'blocker', ...(task.awaitingConfirmation ? [] : (['complete'] as const)), 'request');
  if (can.coordinate && active) available.push('extend', 'reassign', 'cancel');
  if (can.coordinate && completed) available.push('reopen');
  const pending = task.extensionRequests.filter((r) => r.status === 'pending');
  const openBlockers = task.blockers.filter((b) => !b.resolvedAt);
  const done = (message: string) => {
    setOpen(null);
    setApprove(null);
    setRefuse(null);
    onDone();
    return message;
  };

  if (available.length === 0) {
    return (
      <Card title={t('task.actions')} id="actions">
        <p class="muted">
          {session.role === 'auditor' ? t('task.readOnlyAuditor') : !active ? t('task.closed') : t('task.readOnlyAgency')}
        </p>
      </Card>
    );
  }

  return (
    <Card title={t('task.actions')} id="actions">
      <div class="action-buttons" role="group" aria-label={t('task.actions')}>
        {available.map((a) => (
          <button
            key={a}
            type="button"
            class={open === a ? 'active' : 'secondary'}
            aria-expanded={open === a}
            onClick={() => {
              setApprove(null);
              setRefuse(null);
              setOpen(open === a ? null : a);
            }}
          >
            {t(`action.${a}`)}
          </button>
        ))}
      </div>
      {can.coordinate && active && pending.length > 0 && (
        <div class="pending-requests">
          <h3>{t('task.pendingRequests')}</h3>
          {pending.map((r) => (
            <div key={r.requestId} class="pending-request">
              <span>
                {r.proposedExpression} — {r.reason}
              </span>
              <button
                type="button"
                onClick={() => {
                  setRefuse(null);
                  setApprove({ requestId: r.requestId, proposed: r.proposedExpression });
                  setOpen('extend');
                }}
              >
                {t('action.approve')}
              </button>
              <button
                type="button"
                class="secondary"
                aria-expanded={refuse === r.requestId}
                onClick={() => {
                  setApprove(null);
                  setOpen(null);
                  setRefuse(r.requestId);
                }}
              >
                {t('action.refuse')}
              </button>
            </div>
          ))}
        </div>
      )}
      {task.completion?.status === 'returned' && (
        <p class="returned-completion" role="status">
          {t('task.returned')}: {task.completion.returnReason}
        </p>
      )}
      {can.coordinate && task.awaitingConfirmation && <CompletionDecision task={task} onDone={done} />}
      {report && openBlockers.length > 0 && <ResolveBlockers task={task} onDone={() => done('')} />}
      {open === 'progress' && <ProgressForm task={task} onDone={done} />}
      {open === 'blocker' && <BlockerForm task={task} onDone={done} />}
      {open === 'complete' && <CompleteForm task={task} onDone={done} />}
      {open === 'request' && <RequestForm task={task} onDone={done} />}
      {open === 'extend' && <ExtendForm key={approve?.requestId ?? 'direct'} task={task} approve={approve} onDone={done} />}
      {refuse && <RefuseForm key={refuse} task={task} requestId={refuse} onDone={done} />}
      {open === 'reassign' && <ReassignForm task={task} onDone={done} />}
      {open === 'cancel' && <ReasonForm task={task} action="cancel" path="cancellation" onDone={done} />}
      {open === 'reopen' && <ReasonForm task={task} action="reopen" path="reopening" onDone={done} />}
    </Card>
  );
}
