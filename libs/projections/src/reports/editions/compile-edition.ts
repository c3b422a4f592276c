import { daysBetween, formatInZone, localDay, riskOf, riskReasonText } from '@app/domain';
import { merkleRoot, readAnchorState, sortLeaves, type EventStore, type SqlDatabase } from '@app/event-store';
import { readTasksAsOf } from '../../tasks/task-as-of';
import type { EditionBlocker, EditionTask, ReportEdition } from '../documents/edition.types';
import { ReportEvaluator, evaluationAt } from '../report-evaluator';
import { blockerFacts, taskFact } from '../report-facts';
import { registeredAgencies } from '../report-sql';
import type { StatusRules } from '../report.types';

export const EDITION_EVENT = 'ReportEditionPublished';
export const editionStreamId = (id: string): string => `edition-${id}`;

/** What an edition is of (api.md "Documents": POST /reports/editions). */
export interface EditionScope {
  title: string;
  number: string | null;
  asOf: Date;
  knownAt: Date | null;
  source: string | null;
  agency: string | null;
}

export interface EditionSources {
  db: SqlDatabase;
  store: EventStore;
  evaluator: ReportEvaluator;
  rules: StatusRules;
}

/**
 * An edition's content: the figures (the same evaluator as /reports/summary), the ranking, the
 * overdue and at-risk tasks and open blockers folded from each task's events as of the date, and
 * the chain head at this moment. The caller has let the read models catch up with the head and
 * appends the result as one ReportEditionPublished (the API for a coordinator, the worker for a
 * schedule).
 */
export async function compileEdition(
  src: EditionSources,
  id: string,
  s: EditionScope,
  publishedAt: Date,
  publishedBy: string,
): Promise<ReportEdition> {
  const fmt = (d: Date) => formatInZone(d, src.rules.timeZone);
  const knownAt = s.knownAt ?? publishedAt;
  const when = evaluationAt(publishedAt, s.asOf, knownAt);
  const filter = { source: s.source ?? undefined, agency: s.agency ?? undefined };
  const [summary, ranking, chain, agencies, poor] = await Promise.all([
    src.evaluator.summary(when, filter),
    src.evaluator.ranking(when, { source: filter.source }),
    readAnchorState(src.db),
    registeredAgencies(src.db),
    src.evaluator.poorAgencies(when),
  ]);
  const names = new Map(agencies.map((a) => [a.code, a.name]));
  const lists = await editionLists(src, s, knownAt, names, poor);
  return {
    id,
    title: s.title,
    number: s.number,
    asOf: fmt(s.asOf),
    knownAt: fmt(knownAt),
    publishedAt: fmt(publishedAt),
    source: s.source,
    agency: s.agency,
    chainHead: { position: chain.feed.position, events: chain.events, root: merkleRoot(sortLeaves(chain.leaves)) },
    figures: { ...summary, asOf: fmt(summary.asOf), knownAt: fmt(summary.knownAt) } as unknown as ReportEdition['figures'],
    ranking: ranking.filter((r) => !s.agency || r.agency === s.agency),
    ...lists,
    publishedBy,
  };
}

/** The overdue and at-risk tasks and open blockers as of the date, each task folded from its events. */
async function editionLists(
  src: EditionSources,
  s: EditionScope,
  knownAt: Date,
  names: Map<string, string>,
  poorAgencies: readonly string[],
) {
  const { rules } = src;
  const fmt = (d: Date) => formatInZone(d, rules.timeZone);
  const params: unknown[] = [s.asOf];
  if (s.source) params.push(s.source);
  const { rows } = await src.db.query<{ task_id: string }>(
    `SELECT task_id::text AS task_id FROM rm_tasks WHERE assigned_at <= $1 ${s.source ? 'AND source_ref = $2' : ''} ORDER BY code`,
    params,
  );
  const states = await readTasksAsOf(
    src.store,
    rows.map((r) => r.task_id),
    { asOf: s.asOf, knownAt },
  );
  const overdue: EditionTask[] = [];
  const atRisk: EditionTask[] = [];
  const blockers: EditionBlocker[] = [];
  for (const state of states.values()) {
    if (!state.exists) continue;
    const f = taskFact(state, s.asOf, rules);
    if (s.agency && f.leadAgency !== s.agency) continue;
    const item = (days: number | null, reasons?: string[]): EditionTask => ({
      taskId: f.taskId,
      code: f.code,
      title: state.title ?? '',
      leadAgency: f.leadAgency,
      agencyName: names.get(f.leadAgency) ?? f.leadAgency,
      sourceRef: f.sourceRef,
      due: f.due ? fmt(f.due) : null,
      days,
      officer: state.assignee ? { name: state.assignee.name, email: state.assignee.email ?? '' } : null,
      ...(reasons ? { reasons } : {}),
    });
    if (f.status === 'overdue') overdue.push(item(f.daysLate));
    // "Likely to be late" (the seed reports' list): not yet overdue and at high risk as of the date
    const risk = f.status !== 'overdue' && f.riskInputs ? riskOf(f.riskInputs, s.asOf, poorAgencies, rules.timeZone) : null;
    if (risk?.level === 'high' && f.due) {
      const daysLeft = daysBetween(localDay(s.asOf, rules.timeZone), localDay(f.due, rules.timeZone));
      atRisk.push(
        item(
          daysLeft,
          risk.reasons.map((r) => riskReasonText(r, 'vi')),
        ),
      );
    }
    for (const b of blockerFacts(state, s.asOf, rules)) {
      if (b.resolvedAt) continue;
      blockers.push({
        taskCode: b.taskCode,
        taskTitle: state.title ?? '',
        leadAgency: b.leadAgency,
        agencyName: names.get(b.leadAgency) ?? b.leadAgency,
        description: b.description,
        raisedAt: fmt(b.raisedAt),
      });
    }
  }
  overdue.sort((a, b) => a.agencyName.localeCompare(b.agencyName, 'vi') || (b.days ?? 0) - (a.days ?? 0) || a.code.localeCompare(b.code));
  atRisk.sort((a, b) => (a.due ?? '').localeCompare(b.due ?? '') || a.code.localeCompare(b.code));
  return { overdue, atRisk, blockers };
}

/** Every published edition, newest first (GET /reports/editions, `report editions`). */
export async function listEditions(store: EventStore): Promise<ReportEdition[]> {
  const out: ReportEdition[] = [];
  let after;
  for (;;) {
    const page = await store.readFeed({ after, limit: 1000, types: [EDITION_EVENT] });
    if (page.events.length === 0) break;
    out.push(...page.events.map((e) => e.data as unknown as ReportEdition));
    after = page.cursor;
  }
  return out.reverse();
}
