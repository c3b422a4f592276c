import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { ApiPath } from '../api';
import { useApp } from '../context';
import { fmtDate, fmtDateTime, recipientLabel, roleWords } from '../format';
import { isKey } from '../i18n';
import { href, navigate, type Route } from '../router';
import type { HistoryEvent, Notice, TaskDetail } from '../types';
import { Card, ClarityList, ErrorSummary, Field, LoadError, Loading, NoticeBadge, Progress, StatusBadge, onText, useLoad } from '../ui';
import { EventSummary } from './event-summary';

const REQUEST_STATUS = { pending: 'task.requestPending', approved: 'task.requestApproved', refused: 'task.requestRefused' } as const;

export function TaskPage({ route }: { route: Route }) {
  const { t, lang, api } = useApp();
  const code = route.path[1] ?? '';
  const asOf = route.query.get('asOf') ?? '';
  const knownAt = route.query.get('knownAt') ?? '';
  const replay = Boolean(asOf || knownAt);
  const [asOfInput, setAsOf] = useState(asOf);
  const [knownAtInput, setKnownAt] = useState(knownAt);

  const data = useLoad(
    async (signal) => {
      const [task, history, notices] = await Promise.all([
        api.get('/tasks/{id}', { params: { path: { id: code }, query: { asOf, knownAt } }, signal }),
        api.get('/tasks/{id}/history', { params: { path: { id: code }, query: { knownAt } }, signal }),
        api.get('/notifications', { params: { query: { taskId: code, limit: 200 } }, signal }).catch((): Notice[] => []),
      ]);
      // Replaying to a business time: only the events that had occurred by then, and the notices
      // due by then (and issued by knownAt); their delivery status is today's.
      const events = asOf ? history.events.filter((e) => e.occurredAt.slice(0, 10) <= asOf) : history.events;
      const shown = notices.filter(
        (n) => (!asOf || n.fireAt.slice(0, 10) <= asOf) && (!knownAt || (n.issuedAt ?? n.fireAt).slice(0, 10) <= knownAt),
      );
      return { task, events, notices: shown };
    },
    [code, asOf, knownAt],
  );

  if (data.error) {
    return (
      <div class="page">
        <p>
          <a href="#/tasks">← {t('nav.tasks')}</a>
        </p>
        <LoadError error={data.error} />
      </div>
    );
  }
  if (!data.data) return <Loading />;
  const { task, events, notices } = data.data;
  const d = task.deadline;

  return (
    <div class="page">
      <p class="crumbs">
        <a href="#/tasks">← {t('nav.tasks')}</a>
      </p>
      <div class="page-head task-head">
        <h1>
          <span class="code">{task.code}</span> {task.title}
        </h1>
        <div class="head-badges">
          <StatusBadge status={task.status} />
          {task.priority !== 'normal' && (
            <span class={`chip chip-${task.priority}`}>{t(`priority.${task.priority}` as 'priority.high')}</span>
          )}
        </div>
      </div>

      <form
        noValidate
        class="filters replay-bar"
        aria-label={t('task.replay')}
        onSubmit={(e) => {
          e.preventDefault();
          navigate(`/tasks/${encodeURIComponent(code)}`, { asOf: asOfInput, knownAt: knownAtInput });
        }}
      >
        <div class="field">
          <label for="t-asof">{t('overview.asOf')}</label>
          <input id="t-asof" type="date" value={asOfInput} onInput={onText(setAsOf)} />
        </div>
        <div class="field">
          <label for="t-knownat">{t('overview.knownAt')}</label>
          <input id="t-knownat" type="date" value={knownAtInput} onInput={onText(setKnownAt)} />
        </div>
        <div class="field field-inline">
          <button type="submit">{t('task.replayButton')}</button>
          {replay && (
            <a class="btn-link" href={href(`/tasks/${encodeURIComponent(code)}`)}>
              {t('task.backToNow')}
            </a>
          )}
        </div>
      </form>
      {replay && (
        <div class="alert alert-info" role="status">
          {t('task.replaying', {
            asOf: asOf ? fmtDate(asOf, lang) : t('common.now'),
            knownAt: knownAt ? fmtDate(knownAt, lang) : t('common.now'),
          })}
        </div>
      )}

      <div class={`task-layout ${replay ? 'task-layout-full' : ''}`}>
        <div class="task-main">
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
              {task.completion?.deliverableRef && <Prop label={t('task.deliverableRef')}>{task.completion.deliverableRef}</Prop>}
              {task.cancelled && <Prop label={t('task.cancelledBecause')}>{task.cancelled.reason}</Prop>}
            </dl>
            {task.description && <p class="description">{task.description}</p>}
            {task.clarity && (
              <>
                <h3>
                  {t('clarity.title')}{' '}
                  {task.clarity.missing.length > 0 && (
                    <span class="gap-flag">⚠ {t('clarity.gaps', { n: task.clarity.missing.length })}</span>
                  )}
                </h3>
                <ClarityList clarity={task.clarity} />
              </>
            )}
          </Card>

          <Card title={t('task.deadline')} id="deadline">
            <dl class="props">
              <Prop label={t('task.due')}>
                <strong>{d.due ? fmtDate(d.due, lang) : t('deadline.ongoing')}</strong> <span class="muted">({d.expression})</span>
                {d.adjusted && <div class="hint">{t('task.adjusted', { day: fmtDate(d.lastDay, lang) })}</div>}
              </Prop>
              <Prop label={t('task.original')}>
                {d.original ? fmtDate(d.original, lang) : t('deadline.ongoing')} <span class="muted">({d.originalExpression})</span>
              </Prop>
              <Prop label={t('task.extensions')}>{d.extensions}</Prop>
            </dl>
            {d.history.length > 0 && (
              <div class="table-wrap">
                <table>
                  <caption>{t('task.extensionHistory')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('task.when')}</th>
                      <th scope="col">{t('task.from')}</th>
                      <th scope="col">{t('task.to')}</th>
                      <th scope="col">{t('task.reason')}</th>
                      <th scope="col">{t('task.decisionRef')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.history.map((h, i) => (
                      <tr key={i}>
                        <td>{fmtDate(h.at, lang)}</td>
                        <td>{fmtDate(h.from, lang)}</td>
                        <td>
                          {fmtDate(h.to, lang)} <span class="muted">({h.expression})</span>
                        </td>
                        <td>{h.reason}</td>
                        <td>{h.decisionRef ?? '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {task.extensionRequests.length > 0 && (
              <div class="table-wrap">
                <table>
                  <caption>{t('task.extensionRequests')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('task.when')}</th>
                      <th scope="col">{t('task.proposed')}</th>
                      <th scope="col">{t('task.reason')}</th>
                      <th scope="col">{t('tasks.status')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {task.extensionRequests.map((r) => (
                      <tr key={r.requestId}>
                        <td>{fmtDate(r.at, lang)}</td>
                        <td>
                          {fmtDate(r.proposed, lang)} <span class="muted">({r.proposedExpression})</span>
                        </td>
                        <td>{r.reason}</td>
                        <td>
                          <span class={`badge request-${r.status}`}>{t(REQUEST_STATUS[r.status])}</span>
                          {(r.refusalReason ?? r.decisionRef) && <span class="muted"> {r.refusalReason ?? r.decisionRef}</span>}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </Card>

          <Card title={t('task.progress')} id="progress">
            <Progress percent={task.progress?.percent} />
            {task.progress && (
              <p>
                {task.progress.note ?? ''} <span class="muted">({fmtDateTime(task.progress.at, lang)})</span>
              </p>
            )}
            <h3>{t('task.blockers')}</h3>
            {task.blockers.length === 0 ? (
              <p class="muted">{t('task.noBlockers')}</p>
            ) : (
              <ul class="blockers">
                {task.blockers.map((b) => (
                  <li key={b.blockerId} class={b.resolvedAt ? 'resolved' : 'open'}>
                    <span class={`badge ${b.resolvedAt ? 'blocker-resolved' : 'blocker-open'}`}>
                      {t(b.resolvedAt ? 'task.blockerResolved' : 'task.blockerOpen')}
                    </span>{' '}
                    {b.description}{' '}
                    <span class="muted">
                      ({fmtDate(b.raisedAt, lang)}
                      {b.resolvedAt ? ` → ${fmtDate(b.resolvedAt, lang)}` : ''})
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </Card>

          <Card title={`${t('task.notices')} (${notices.length})`} id="notices">
            {notices.length === 0 ? (
              <p class="muted">{t('task.noNotices')}</p>
            ) : (
              <div class="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('notices.fireAt')}</th>
                      <th scope="col">{t('notices.rule')}</th>
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
                        <td>
                          <code>{n.ruleId}</code>
                        </td>
                        <td>{n.level}</td>
                        <td>{n.recipients.map((r) => recipientLabel(r, t)).join('; ')}</td>
                        <td>
                          <NoticeBadge status={n.status} />
                          {n.attempts > 0 && <div class="sub">{t('notices.attemptsN', { n: n.attempts })}</div>}
                        </td>
                        <td>{fmtDateTime(n.sentAt, lang)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </Card>

          <Card title={`${t('task.timeline')} (${events.length})`} id="timeline">
            <ol class="timeline">
              {events.map((e) => (
                <TimelineItem key={e.position} event={e} />
              ))}
            </ol>
          </Card>
        </div>
        {!replay && (
          <aside class="task-aside" aria-label={t('task.actions')}>
            <Actions task={task} onDone={data.reload} />
          </aside>
        )}
      </div>
    </div>
  );
}

function Prop({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="prop">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function TimelineItem({ event: e }: { event: HistoryEvent }) {
  const { t, lang } = useApp();
  const key = `event.${e.type}`;
  const late = e.occurredAt.slice(0, 16) !== e.recordedAt.slice(0, 16);
  return (
    <li class={`event event-${e.type}`} data-event={e.type}>
      <div class="event-head">
        <strong>{isKey(key) ? t(key) : e.type}</strong>
        <span class="muted">
          {' '}
          · v{e.version} · #{e.position}
        </span>
      </div>
      <div class="event-times">
        <span>
          {t('timeline.business')}: <time dateTime={e.occurredAt}>{fmtDateTime(e.occurredAt, lang)}</time>
        </span>
        <span class={late ? 'recorded-late' : ''}>
          {t('timeline.recorded')}: <time dateTime={e.recordedAt}>{fmtDateTime(e.recordedAt, lang)}</time>
          {late && ` (${t('timeline.backdated')})`}
        </span>
      </div>
      <div class="event-actor">
        {t('timeline.actor')}:{' '}
        {e.actor ? `${e.actor.name} — ${roleWords(e.actor.role, t)}${e.actor.agency ? ` ${e.actor.agency}` : ''}` : '—'}
      </div>
      <EventSummary event={e} />
      <details>
        <summary>{t('timeline.data')}</summary>
        <pre>{JSON.stringify(e.data, null, 2)}</pre>
      </details>
    </li>
  );
}

/* ------------------------------------------------------------------ actions */

type ActionName = 'progress' | 'blocker' | 'complete' | 'request' | 'extend' | 'reassign' | 'cancel' | 'reopen';

function Actions({ task, onDone }: { task: TaskDetail; onDone(): void }) {
  const { t, can, session } = useApp();
  const [open, setOpen] = useState<ActionName | null>(null);
  const [approve, setApprove] = useState<{ requestId: string; proposed: string } | null>(null);
  const [refuse, setRefuse] = useState<string | null>(null);
  const completed = task.status === 'completed_on_time' || task.status === 'completed_late';
  const cancelled = task.status === 'cancelled';
  const active = !completed && !cancelled;
  const report = can.report(task.leadAgency) && active;
  const available: ActionName[] = [];
  if (report) available.push('progress', 'blocker', 'complete', 'request');
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

/** The task commands a form posts: `/tasks/{id}/<action>` of the API. */
type TaskAction =
  ApiPath<'post'> extends infer P ? (P extends `/tasks/{id}/${infer A}` ? (A extends `${string}/${string}` ? never : A) : never) : never;

/** Posts one command; on 4xx keeps the form open with the API's messages next to the fields. */
function useCommand(
  task: TaskDetail,
  path: TaskAction,
  onDone: (message: string) => void,
  okKey: Parameters<ReturnType<typeof useApp>['t']>[0],
) {
  const { api, notify, t } = useApp();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (body: Record<string, unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await api.postDraft(`/tasks/{id}/${path}`, { id: task.code }, body);
      notify(t(okKey, { code: task.code }));
      onDone('');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, submit };
}

const numberOrRaw = (value: string): unknown => (value.trim() === '' ? undefined : Number.isNaN(Number(value)) ? value : Number(value));
const textOrUndefined = (value: string): string | undefined => (value.trim() === '' ? undefined : value);

function ProgressForm({ task, onDone }: { task: TaskDetail; onDone(m: string): void }) {
  const { t } = useApp();
  const [percent, setPercent] = useState(String(task.progress?.percent ?? ''));
  const [note, setNote] = useState('');
  const cmd = useCommand(task, 'progress', onDone, 'done.progress');
  return (
    <form
      noValidate
      class="action-form"
      onSubmit={(e) => (e.preventDefault(), cmd.submit({ percent: numberOrRaw(percent), note: textOrUndefined(note) }))}
    >
      <h3>{t('action.progress')}</h3>
      <ErrorSummary error={cmd.error} fields={['percent', 'note']} />
      <Field id="a-percent" label={t('form.percent')} field="percent" error={cmd.error}>
        {(a) => <input {...a} type="number" min={0} max={100} step={1} value={percent} onInput={onText(setPercent)} />}
      </Field>
      <Field id="a-note" label={t('form.note')} field="note" error={cmd.error}>
        {(a) => <textarea {...a} rows={3} value={note} onInput={onText(setNote)} />}
      </Field>
      <button type="submit" disabled={cmd.busy}>
        {t('form.submit')}
      </button>
    </form>
  );
}

function BlockerForm({ task, onDone }: { task: TaskDetail; onDone(m: string): void }) {
  const { t } = useApp();
  const [description, setDescription] = useState('');
  const cmd = useCommand(task, 'blockers', onDone, 'done.blocker');
  return (
    <form noValidate class="action-form" onSubmit={(e) => (e.preventDefault(), cmd.submit({ description }))}>
      <h3>{t('action.blocker')}</h3>
      <ErrorSummary error={cmd.error} fields={['description']} />
      <Field id="a-description" label={t('form.blockerDescription')} field="description" error={cmd.error}>
        {(a) => <textarea {...a} rows={3} value={description} onInput={onText(setDescription)} />}
      </Field>
      <button type="submit" disabled={cmd.busy}>
        {t('form.submit')}
      </button>
    </form>
  );
}

function ResolveBlockers({ task, onDone }: { task: TaskDetail; onDone(): void }) {
  const { t, api, notify } = useApp();
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState('');
  const open = task.blockers.filter((b) => !b.resolvedAt);
  const resolve = async (blockerId: string) => {
    setError(null);
    try {
      await api.post('/tasks/{id}/blockers/{blockerId}/resolution', {
        params: { path: { id: task.code, blockerId } },
        body: { note: textOrUndefined(note) },
      });
      notify(t('done.resolved', { code: task.code }));
      onDone();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div class="resolve-blockers">
      <h3>{t('task.openBlockers')}</h3>
      <ErrorSummary error={error} fields={['note']} />
      <Field id="a-resolve-note" label={t('form.resolutionNote')} field="note" error={error}>
        {(a) => <input {...a} value={note} onInput={onText(setNote)} />}
      </Field>
      <ul>
        {open.map((b) => (
          <li key={b.blockerId}>
            {b.description}{' '}
            <button type="button" class="small" onClick={() => resolve(b.blockerId)}>
              {t('action.resolve')}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function CompleteForm({ task, onDone }: { task: TaskDetail; onDone(m: string): void }) {
  const { t, serverNow } = useApp();
  const [completedAt, setCompletedAt] = useState('');
  const [deliverableRef, setDeliverableRef] = useState('');
  const [note, setNote] = useState('');
  const cmd = useCommand(task, 'completion', onDone, 'done.complete');
  const offset = /([+-]\d{2}:\d{2}|Z)$/.exec(serverNow)?.[1] ?? '+07:00';
  return (
    <form
      noValidate
      class="action-form"
      onSubmit={(e) => {
        e.preventDefault();
        cmd.submit({
          completedAt: completedAt ? `${completedAt}:00${offset}` : undefined,
          deliverableRef: textOrUndefined(deliverableRef),
          note: textOrUndefined(note),
        });
      }}
    >
      <h3>{t('action.complete')}</h3>
      <ErrorSummary error={cmd.error} fields={['completedAt', 'deliverableRef', 'note']} />
      <Field
        id="a-completedat"
        label={t('form.completedAt')}
        field="completedAt"
        error={cmd.error}
        hint={t('form.completedAtHint', { offset })}
      >
        {(a) => <input {...a} type="datetime-local" value={completedAt} onInput={onText(setCompletedAt)} />}
      </Field>
      <Field id="a-deliverableref" label={t('form.deliverableRef')} field="deliverableRef" error={cmd.error}>
        {(a) => <input {...a} value={deliverableRef} onInput={onText(setDeliverableRef)} />}
      </Field>
      <Field id="a-cnote" label={t('form.note')} field="note" error={cmd.error}>
        {(a) => <textarea {...a} rows={2} value={note} onInput={onText(setNote)} />}
      </Field>
      <button type="submit" disabled={cmd.busy}>
        {t('action.complete')}
      </button>
    </form>
  );
}

const DEADLINE_HINT = 'form.deadlineHint';

function RequestForm({ task, onDone }: { task: TaskDetail; onDone(m: string): void }) {
  const { t } = useApp();
  const [proposedDeadline, setProposed] = useState('');
  const [reason, setReason] = useState('');
  const cmd = useCommand(task, 'extension-requests', onDone, 'done.request');
  return (
    <form noValidate class="action-form" onSubmit={(e) => (e.preventDefault(), cmd.submit({ proposedDeadline, reason }))}>
      <h3>{t('action.request')}</h3>
      <ErrorSummary error={cmd.error} fields={['proposedDeadline', 'reason']} />
      <Field id="a-proposed" label={t('form.proposedDeadline')} field="proposedDeadline" error={cmd.error} hint={t(DEADLINE_HINT)}>
        {(a) => <input {...a} value={proposedDeadline} onInput={onText(setProposed)} placeholder="2026-06-30" />}
      </Field>
      <Field id="a-reason" label={t('task.reason')} field="reason" error={cmd.error}>
        {(a) => <textarea {...a} rows={3} value={reason} onInput={onText(setReason)} />}
      </Field>
      <button type="submit" disabled={cmd.busy}>
        {t('form.submit')}
      </button>
    </form>
  );
}

function ExtendForm({
  task,
  approve,
  onDone,
}: {
  task: TaskDetail;
  approve: { requestId: string; proposed: string } | null;
  onDone(m: string): void;
}) {
  const { t } = useApp();
  const [newDeadline, setNewDeadline] = useState(approve?.proposed ?? '');
  const [reason, setReason] = useState(approve ? t('form.approveReason') : '');
  const [decisionRef, setDecisionRef] = useState('');
  const cmd = useCommand(task, 'extensions', onDone, approve ? 'done.approve' : 'done.extend');
  return (
    <form
      noValidate
      class="action-form"
      onSubmit={(e) => {
        e.preventDefault();
        cmd.submit({ newDeadline, reason, decisionRef: textOrUndefined(decisionRef), requestId: approve?.requestId });
      }}
    >
      <h3>{approve ? t('action.approve') : t('action.extend')}</h3>
      <ErrorSummary error={cmd.error} fields={['newDeadline', 'reason', 'decisionRef', 'requestId']} />
      <Field id="a-newdeadline" label={t('form.newDeadline')} field="newDeadline" error={cmd.error} hint={t(DEADLINE_HINT)}>
        {(a) => <input {...a} value={newDeadline} onInput={onText(setNewDeadline)} placeholder="2026-06-30" />}
      </Field>
      <Field id="a-ereason" label={t('task.reason')} field="reason" error={cmd.error}>
        {(a) => <textarea {...a} rows={2} value={reason} onInput={onText(setReason)} />}
      </Field>
      <Field id="a-decisionref" label={t('task.decisionRef')} field="decisionRef" error={cmd.error} hint={t('form.decisionRefHint')}>
        {(a) => <input {...a} value={decisionRef} onInput={onText(setDecisionRef)} placeholder="812/VPCP-KSTT" />}
      </Field>
      <button type="submit" disabled={cmd.busy}>
        {approve ? t('action.approve') : t('action.extend')}
      </button>
    </form>
  );
}

function ReassignForm({ task, onDone }: { task: TaskDetail; onDone(m: string): void }) {
  const { t, agencies } = useApp();
  const [leadAgency, setLead] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [reason, setReason] = useState('');
  const cmd = useCommand(task, 'reassignment', onDone, 'done.reassign');
  return (
    <form
      noValidate
      class="action-form"
      onSubmit={(e) => {
        e.preventDefault();
        const assignee = name || email ? { name, email: textOrUndefined(email) } : undefined;
        cmd.submit({ leadAgency, assignee, reason });
      }}
    >
      <h3>{t('action.reassign')}</h3>
      <ErrorSummary error={cmd.error} fields={['leadAgency', 'assignee', 'reason']} />
      <Field id="a-lead" label={t('form.newLead')} field="leadAgency" error={cmd.error}>
        {(a) => (
          <select {...a} value={leadAgency} onChange={onText(setLead)}>
            <option value="">—</option>
            {agencies
              .filter((ag) => ag.code !== task.leadAgency)
              .map((ag) => (
                <option key={ag.code} value={ag.code}>
                  {ag.code} — {ag.name}
                </option>
              ))}
          </select>
        )}
      </Field>
      <Field id="a-aname" label={t('form.assigneeName')} field="assignee.name" error={cmd.error}>
        {(a) => <input {...a} value={name} onInput={onText(setName)} />}
      </Field>
      <Field id="a-aemail" label={t('form.assigneeEmail')} field="assignee.email" error={cmd.error}>
        {(a) => <input {...a} type="email" value={email} onInput={onText(setEmail)} />}
      </Field>
      <Field id="a-rreason" label={t('task.reason')} field="reason" error={cmd.error}>
        {(a) => <textarea {...a} rows={2} value={reason} onInput={onText(setReason)} />}
      </Field>
      <button type="submit" disabled={cmd.busy}>
        {t('action.reassign')}
      </button>
    </form>
  );
}

/** Refuses one pending extension request; the reason is what the agency reads. */
function RefuseForm({ task, requestId, onDone }: { task: TaskDetail; requestId: string; onDone(m: string): void }) {
  const { api, notify, t } = useApp();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.postDraft('/tasks/{id}/extension-requests/{requestId}/refusal', { id: task.code, requestId }, { reason });
      notify(t('done.refuse', { code: task.code }));
      onDone('');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form noValidate class="action-form" onSubmit={(e) => (e.preventDefault(), void submit())}>
      <h3>{t('action.refuse')}</h3>
      <ErrorSummary error={error} fields={['reason']} />
      <Field id="a-refuse-reason" label={t('task.reason')} field="reason" error={error}>
        {(a) => <textarea {...a} rows={2} value={reason} onInput={onText(setReason)} />}
      </Field>
      <button type="submit" class="danger" disabled={busy}>
        {t('action.refuse')}
      </button>
    </form>
  );
}

function ReasonForm({
  task,
  action,
  path,
  onDone,
}: {
  task: TaskDetail;
  action: 'cancel' | 'reopen';
  path: TaskAction;
  onDone(m: string): void;
}) {
  const { t } = useApp();
  const [reason, setReason] = useState('');
  const cmd = useCommand(task, path, onDone, action === 'cancel' ? 'done.cancel' : 'done.reopen');
  return (
    <form noValidate class="action-form" onSubmit={(e) => (e.preventDefault(), cmd.submit({ reason }))}>
      <h3>{t(`action.${action}`)}</h3>
      <ErrorSummary error={cmd.error} fields={['reason']} />
      <Field id={`a-${action}-reason`} label={t('task.reason')} field="reason" error={cmd.error}>
        {(a) => <textarea {...a} rows={2} value={reason} onInput={onText(setReason)} />}
      </Field>
      <button type="submit" class={action === 'cancel' ? 'danger' : ''} disabled={cmd.busy}>
        {t(`action.${action}`)}
      </button>
    </form>
  );
}
