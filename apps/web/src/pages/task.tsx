import { useApp } from '../context';
import type { Route } from '../router';
import { loadNotices } from '../notices';
import type { Notice } from '../types';
import { LoadError, Loading, StatusBadge, useLoad } from '../ui';
import { Actions } from './task/actions';
import { DeadlineCard } from './task/deadline-card';
import { DetailsCard } from './task/details-card';
import { NoticesCard } from './task/notices-card';
import { NoticePlanCard } from './task/notice-plan-card';
import { CommentsCard } from './task/comments-card';
import { ProgressCard } from './task/progress-card';
import { RiskCard, RiskChip } from './task/risk-card';
import { AttachmentsCard } from './task/attachments-card';
import { ReplayBar } from './task/replay-bar';
import { TimelineCard } from './task/timeline';

/** A task: its details, deadline, progress, notices and timeline, replayable to a past date, with the actions its reader may take. Parts in ./task/. */
export function TaskPage({ route }: { route: Route }) {
  const { t, api } = useApp();
  const code = route.path[1] ?? '';
  const asOf = route.query.get('asOf') ?? '';
  const knownAt = route.query.get('knownAt') ?? '';
  const replay = Boolean(asOf || knownAt);

  const data = useLoad(
    async (signal) => {
      const [task, history, notices] = await Promise.all([
        api.get('/tasks/{id}', { params: { path: { id: code }, query: { asOf, knownAt } }, signal }),
        api.get('/tasks/{id}/history', { params: { path: { id: code }, query: { knownAt } }, signal }),
        loadNotices(api, { taskId: code }, signal).then(
          (page) => page.items,
          (): Notice[] => [],
        ),
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
          <RiskChip risk={task.risk} />
          {task.awaitingConfirmation && <span class="chip chip-awaiting">{t('task.awaitingConfirmation')}</span>}
          {task.completion?.backdated && <span class="chip chip-backdated">{t('task.backdated')}</span>}
          {task.priority !== 'normal' && (
            <span class={`chip chip-${task.priority}`}>{t(`priority.${task.priority}` as 'priority.high')}</span>
          )}
        </div>
      </div>

      <ReplayBar code={code} asOf={asOf} knownAt={knownAt} />

      <div class={`task-layout ${replay ? 'task-layout-full' : ''}`}>
        <div class="task-main">
          <DetailsCard task={task} />

          <DeadlineCard task={task} />

          <ProgressCard task={task} />

          <RiskCard task={task} />

          {!replay && <AttachmentsCard task={task} onDone={data.reload} />}

          {!replay && <CommentsCard task={task} />}

          {!replay && task.status !== 'completed_on_time' && task.status !== 'completed_late' && task.status !== 'cancelled' && (
            <NoticePlanCard taskId={task.id} />
          )}

          <NoticesCard notices={notices} />

          <TimelineCard events={events} />
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
