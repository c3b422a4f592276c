import {
  agencyCodeOrNull,
  normaliseAgencyCode,
  normaliseTaskCode,
  AgencyEvent,
  DomainError,
  FieldIssue,
  TaskCommand,
  TaskEvent,
  TaskState,
  WorkingDays,
  agencyDecider,
  optionalEmail,
  parseRegisterAgency,
  parseTaskCommand,
  taskDecider,
  taskIdFromCode,
} from '@app/domain';
import { TaskField } from './columns';
import { AgencyRecord, ImportIssue, TaskRecord } from './import.types';
import { agencyKindValue, businessTime, codeList, dayValue, deadlineValue, priorityValue, sourceKindOf, text } from './values';

/** Events decided for one row, each with its business time, ready to append to a new stream. */
export interface PlannedRow {
  kind: 'task' | 'agency';
  line: number;
  row: number;
  code: string | null;
  events: { type: string; data: Record<string, unknown>; occurredAt: Date }[];
  /** agency codes this row needs to exist (lead and coordinating), with the field naming each */
  agencyRefs: { code: string; field: string }[];
  issues: ImportIssue[];
}

/** A command as the row writes it, before the domain's parser checks it. */
interface RowCommand {
  type: TaskCommand['type'];
  data: Record<string, unknown>;
}

interface Ctx {
  calendar: WorkingDays;
  timeZone: string;
  now: Date;
}

/** Field names the deciders use for these commands, as the import names them. */
const EXTENSION_FIELDS: Record<string, TaskField> = {
  newDeadline: 'extension.newDeadline',
  reason: 'extension.reason',
  decisionRef: 'extension.decisionRef',
  occurredAt: 'extension.extendedAt',
};
const COMPLETION_FIELDS: Record<string, TaskField> = {
  deliverableRef: 'completion.deliverableRef',
  note: 'completion.note',
  completedAt: 'completion.completedAt',
};

/**
 * One task row → AssignTask at its assignment date, then ExtendDeadline and CompleteTask at
 * theirs, decided by the task decider against the state the earlier ones leave (pure: the same
 * code path as the API, without the store). Every field at fault is one issue.
 */
export function planTaskRow(record: TaskRecord, ctx: Ctx): PlannedRow {
  const v = record.values;
  const issues: FieldIssue[] = [];
  // normalised as the decider will store it, so duplicates and look-ups compare like the API does
  const code = typeof text(v.code) === 'string' ? normaliseTaskCode(text(v.code) as string) : null;
  const plan: PlannedRow = { kind: 'task', line: record.line, row: record.row, code, events: [], agencyRefs: [], issues: [] };
  const finish = () => {
    const seen = new Set<string>();
    plan.issues = issues
      .filter((i) => !seen.has(`${i.field}\u0000${i.message}`) && seen.add(`${i.field}\u0000${i.message}`))
      .map((i) => toIssue(record, code, i));
    if (plan.issues.length) plan.events = [];
    return plan;
  };
  if ((v as Record<string, unknown>)['#invalid']) {
    issues.push({ field: 'row', message: 'must be an object' });
    return finish();
  }

  const time = (field: TaskField): Date | undefined => {
    if (v[field] === undefined) return undefined;
    try {
      return businessTime(v[field], field, ctx.timeZone, ctx.now);
    } catch (error) {
      collect(issues, error, (f) => f);
      return undefined;
    }
  };
  const assignedAt = v.assignedAt === undefined ? ctx.now : time('assignedAt');

  const lead = text(v.leadAgency);
  const coordinating = codeList(v.coordinatingAgencies);
  const sourceRef = text(v['source.ref']);
  const sourceKind = text(v['source.kind']);
  const sourceIssuedOn = dayValue(v['source.issuedOn']);
  const hasSource = [sourceRef, sourceKind, sourceIssuedOn].some((x) => x !== undefined);
  const assigneeName = text(v['assignee.name']);
  const assigneeEmail = text(v['assignee.email']);
  const assign = {
    type: 'AssignTask' as const,
    data: {
      taskId: code ? taskIdFromCode(code) : '',
      code,
      title: text(v.title),
      description: text(v.description) ?? null,
      source: hasSource
        ? {
            kind: sourceKind ?? (typeof sourceRef === 'string' ? sourceKindOf(sourceRef) : undefined),
            ref: sourceRef,
            issuedOn: sourceIssuedOn ?? null,
          }
        : null,
      leadAgency: lead,
      coordinatingAgencies: coordinating,
      assignee: assigneeName !== undefined || assigneeEmail !== undefined ? { name: assigneeName, email: assigneeEmail ?? null } : null,
      deliverable: text(v.deliverable) ?? null,
      approver: text(v.approver) ?? null,
      deadline: deadlineValue(v.deadline),
      priority: priorityValue(v.priority),
    },
  };
  if (assigneeName === undefined && assigneeEmail !== undefined) {
    // the decider stops at the missing name; the email is checked too, so the row names both
    try {
      optionalEmail(assigneeEmail, 'assignee.email');
    } catch (error) {
      collect(issues, error, (f) => f);
    }
  }
  // well-formed codes must name an agency; malformed ones are the decider's to report
  const ref = (value: unknown, field: string) => {
    const known = agencyCodeOrNull(value);
    if (known) plan.agencyRefs.push({ code: known, field });
  };
  ref(lead, 'leadAgency');
  if (Array.isArray(coordinating)) coordinating.forEach((c, i) => ref(c, `coordinatingAgencies[${i}]`));

  // extension and completion: their own times, checked even when the assignment is bad
  const extensionGiven = (
    ['extension.newDeadline', 'extension.reason', 'extension.decisionRef', 'extension.extendedAt'] as TaskField[]
  ).some((f) => v[f] !== undefined);
  const completionGiven = (['completion.completedAt', 'completion.deliverableRef', 'completion.note'] as TaskField[]).some(
    (f) => v[f] !== undefined,
  );
  if (extensionGiven && v['extension.newDeadline'] === undefined) {
    issues.push({ field: 'extension.newDeadline', message: 'is required when other extension columns are filled' });
  }
  if (extensionGiven && v['extension.reason'] === undefined) {
    issues.push({ field: 'extension.reason', message: 'is required with an extension (the reason given in the request)' });
  }
  if (completionGiven && v['completion.completedAt'] === undefined) {
    issues.push({ field: 'completion.completedAt', message: 'is required when other completion columns are filled' });
  }
  const extendedAt = extensionGiven ? (v['extension.extendedAt'] === undefined ? assignedAt : time('extension.extendedAt')) : undefined;
  const completedAt = completionGiven ? time('completion.completedAt') : undefined;
  if (extendedAt && completedAt && extendedAt.getTime() > completedAt.getTime()) {
    issues.push({ field: 'extension.extendedAt', message: 'is after the completion: a completed task is not extended' });
  }

  // the assignment, decided at its business time (now, if that time is bad, so its other fields are still checked)
  let state: TaskState = taskDecider.initialState();
  const decide = (input: RowCommand, at: Date, rename: (field: string) => string, conflictField: string): boolean => {
    try {
      // parsed by the domain's parser, then decided: the same path as the API, without the store
      const command = parseTaskCommand(input.type, input.data, ctx);
      const events = taskDecider.decide(command, state, { at, calendar: ctx.calendar, timeZone: ctx.timeZone });
      for (const e of events) {
        state = taskDecider.evolve(state, e as TaskEvent, at);
        plan.events.push({ type: e.type, data: e.data as unknown as Record<string, unknown>, occurredAt: at });
      }
      return true;
    } catch (error) {
      collect(issues, error, rename, conflictField);
      return false;
    }
  };
  const assigned = decide(assign, assignedAt ?? ctx.now, (f) => f, 'code');
  if (!assignedAt) return finish();
  let deadlineKnown = true;
  if (!assigned) {
    // a stand-in assignment at the row's time, so the extension and completion fields are still checked
    deadlineKnown = !issues.some((i) => i.field === 'deadline');
    const standIn: RowCommand = {
      type: 'AssignTask',
      data: {
        taskId: 'stand-in',
        code: 'stand-in',
        title: 'stand-in',
        leadAgency: 'STAND-IN',
        deadline: deadlineKnown ? assign.data.deadline : 'ongoing',
      },
    };
    const before = issues.length;
    decide(standIn, assignedAt, (f) => f, 'code');
    issues.splice(before); // its own complaints are the row's, already named
  }

  const steps: { at: Date; run: () => void }[] = [];
  if (extensionGiven && extendedAt && v['extension.newDeadline'] !== undefined && deadlineKnown) {
    const extend: RowCommand = {
      type: 'ExtendDeadline',
      data: {
        newDeadline: deadlineValue(v['extension.newDeadline']),
        reason: text(v['extension.reason']),
        decisionRef: text(v['extension.decisionRef']) ?? null,
      },
    };
    steps.push({
      at: extendedAt,
      run: () => decide(extend, extendedAt, (f) => EXTENSION_FIELDS[f] ?? `extension.${f}`, 'extension.newDeadline'),
    });
  }
  if (completionGiven && completedAt) {
    const complete: RowCommand = {
      type: 'CompleteTask',
      data: { deliverableRef: text(v['completion.deliverableRef']) ?? null, note: text(v['completion.note']) ?? null },
    };
    steps.push({
      at: completedAt,
      run: () => decide(complete, completedAt, (f) => COMPLETION_FIELDS[f] ?? `completion.${f}`, 'completion.completedAt'),
    });
  }
  steps.sort((a, b) => a.at.getTime() - b.at.getTime()).forEach((s) => s.run());
  return finish();
}

/** One agency row → RegisterAgency, decided by the agency decider. */
export function planAgencyRow(record: AgencyRecord, ctx: Ctx): PlannedRow {
  const v = record.values;
  const issues: FieldIssue[] = [];
  const code = typeof text(v.code) === 'string' ? normaliseAgencyCode(text(v.code) as string) : null;
  const plan: PlannedRow = { kind: 'agency', line: record.line, row: record.row, code, events: [], agencyRefs: [], issues: [] };
  if ((v as Record<string, unknown>)['#invalid']) {
    plan.issues = [toIssue(record, code, { field: 'row', message: 'must be an object' })];
    return plan;
  }
  let at = ctx.now;
  if (v.registeredAt !== undefined) {
    try {
      at = businessTime(v.registeredAt, 'registeredAt', ctx.timeZone, ctx.now);
    } catch (error) {
      collect(issues, error, (f) => f);
    }
  }
  const register = {
    code,
    name: text(v.name),
    kind: agencyKindValue(v.kind),
    head: { name: text(v['head.name']), title: text(v['head.title']), email: text(v['head.email']) },
  };
  try {
    const events: AgencyEvent[] = agencyDecider.decide(parseRegisterAgency(register), agencyDecider.initialState());
    plan.events = events.map((e) => ({ type: e.type, data: e.data as unknown as Record<string, unknown>, occurredAt: at }));
  } catch (error) {
    collect(issues, error, (f) => f, 'code');
  }
  plan.issues = issues.map((i) => toIssue(record, code, i));
  if (plan.issues.length) plan.events = [];
  return plan;
}

function collect(issues: FieldIssue[], error: unknown, rename: (field: string) => string, conflictField = 'row'): void {
  if (!(error instanceof DomainError)) throw error;
  if (error.kind === 'validation' && error.details.length) {
    for (const d of error.details) issues.push({ field: rename(d.field), message: d.message });
  } else {
    issues.push({ field: conflictField, message: error.message });
  }
}

export function toIssue(record: TaskRecord | AgencyRecord, code: string | null, issue: FieldIssue): ImportIssue {
  const base = issue.field.replace(/\[\d+\]$/, '');
  const column = (record.columns as Record<string, string | undefined>)[base];
  return {
    ...(record.file ? { file: record.file } : {}),
    line: record.line,
    row: record.row,
    kind: record.kind,
    code,
    field: issue.field,
    ...(column ? { column } : {}),
    message: issue.message,
  };
}
