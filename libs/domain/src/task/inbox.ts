import { StatusOptions, taskStatus } from '../status/task-status';
import { RiskReasonCode, taskRisk } from '../status/task-risk';
import { TaskState, isOpen, openBlockers } from './task.state';

/**
 * "Việc cần xử lý": what waits for the caller on one task. Coordinators act on extension requests,
 * completion reports and open blockers; officers of the lead agency on tasks due soon or overdue,
 * tasks not yet due soon but at high risk of delay (docs/risk.md), returned completion reports
 * and the answers to their extension requests.
 */
export type InboxItem =
  | { kind: 'extension_request'; since: string; requestId: string; proposedDeadline: string; reason: string }
  | { kind: 'completion_to_confirm'; since: string; completedAt: string; backdated: boolean }
  | { kind: 'open_blocker'; since: string; blockerId: string; description: string }
  | { kind: 'due_soon' | 'overdue'; since: string | null; due: string | null }
  | { kind: 'at_risk'; since: string | null; due: string | null; reasons: RiskReasonCode[] }
  | { kind: 'completion_returned'; since: string | null; reason: string | null }
  | {
      kind: 'extension_decided';
      since: string | null;
      requestId: string;
      status: 'approved' | 'refused';
      refusalReason: string | null;
      decisionRef: string | null;
    };

export type InboxRole = 'coordinator' | 'officer';

/** Answers to requests stay in the officer's inbox this long after the decision. */
export const ANSWER_DAYS = 14;
const DAY_MS = 86_400_000;

export function inboxItems(
  state: TaskState,
  role: InboxRole,
  now: Date,
  opts: StatusOptions,
  poorAgencies: readonly string[] = [],
): InboxItem[] {
  if (!state.exists || !isOpen(state)) return [];
  const report = state.completionReport ?? null;
  if (role === 'coordinator') {
    return [
      ...state.extensionRequests
        .filter((r) => r.status === 'pending')
        .map((r) => ({
          kind: 'extension_request' as const,
          since: r.at,
          requestId: r.requestId,
          proposedDeadline: r.proposed.expression,
          reason: r.reason,
        })),
      ...(report?.status === 'reported'
        ? [
            {
              kind: 'completion_to_confirm' as const,
              since: report.reportedAt,
              completedAt: report.completedAt,
              backdated: report.backdated,
            },
          ]
        : []),
      ...openBlockers(state).map((b) => ({
        kind: 'open_blocker' as const,
        since: b.raisedAt,
        blockerId: b.blockerId,
        description: b.description,
      })),
    ];
  }
  const items: InboxItem[] = [];
  const status = taskStatus(state, now, opts);
  if ((status === 'due_soon' || status === 'overdue') && report?.status !== 'reported') {
    items.push({ kind: status, since: state.deadline?.due ?? null, due: state.deadline?.due ?? null });
  }
  const risk = status === 'on_track' && report?.status !== 'reported' ? taskRisk(state, now, poorAgencies, opts) : null;
  if (risk?.level === 'high') {
    items.push({ kind: 'at_risk', since: null, due: state.deadline?.due ?? null, reasons: risk.reasons.map((r) => r.code) });
  }
  if (report?.status === 'returned') items.push({ kind: 'completion_returned', since: report.returnedAt, reason: report.returnReason });
  for (const r of state.extensionRequests) {
    const decidedAt = r.decidedAt ?? null;
    if (r.status === 'pending' || decidedAt === null || now.getTime() - Date.parse(decidedAt) > ANSWER_DAYS * DAY_MS) continue;
    items.push({
      kind: 'extension_decided',
      since: decidedAt,
      requestId: r.requestId,
      status: r.status,
      refusalReason: r.refusalReason ?? null,
      decisionRef: r.decisionRef ?? null,
    });
  }
  return items;
}
