import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  DEFAULT_LANGUAGE,
  DomainError,
  Language,
  FieldIssue,
  LIST_LIMITS,
  TaskCommand,
  TaskState,
  agencyCodeOrNull,
  formatInZone,
  inboxItems,
  parseInstant,
  TaskParseContext,
  parseAssignTask,
  parseTaskCommand,
  taskDecider,
  taskIdFromCode,
  taskStreamId,
} from '@app/domain';
import { taskLetters } from '@app/escalation';
import type { SqlDatabase, StoredEvent } from '@app/event-store';
import { APP_CONFIG, AppConfig, CalendarService, SQL_DATABASE } from '@app/platform';
import {
  type SortableTask,
  TaskListFilter,
  compareKeys,
  compareTasks,
  decodeTaskCursor,
  encodeTaskCursor,
  evaluationAt,
  foldTaskAsOf,
  listTasks,
  readTaskAsOf,
  changedTaskIds,
  forEachTaskById,
  sortKeyOf,
  textMatches,
} from '@app/projections';
import { AgencyService } from '../agencies/agency.service';
import { Actor, canReadAll } from '../auth/actor';
import { ApiError } from '../http/api-error';
import type { CommandRequest } from '../http/command-request';
import { CommandService } from '../http/command.service';
import { TaskViewOptions, taskView } from './task-view';
import { riskView } from './risk-view';
import { ReportService } from '../reports/report.service';

const taskFold = { initial: taskDecider.initialState, evolve: taskDecider.evolve };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What an agency officer may do on tasks its agency leads (api.md "Roles"). */
const AGENCY_COMMANDS: TaskCommand['type'][] = [
  'ReportProgress',
  'RaiseBlocker',
  'ResolveBlocker',
  'CompleteTask',
  'ReportCompletion',
  'RequestExtension',
  'AddComment',
  'AddAttachment',
];
/** Commands whose business time is the completion's own, which the officer reporting it may state. */
const COMPLETION_COMMANDS: TaskCommand['type'][] = ['CompleteTask', 'ReportCompletion'];

export interface TimeTravel {
  asOf?: Date;
  knownAt?: Date;
}

@Injectable()
export class TaskService {
  constructor(
    private readonly commands: CommandService,
    private readonly agencies: AgencyService,
    private readonly calendars: CalendarService,
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly reports: ReportService,
  ) {}

  /** `/tasks/{id}` takes the task id or its code. */
  resolveId(idOrCode: string): string {
    return UUID.test(idOrCode) ? idOrCode.toLowerCase() : taskIdFromCode(idOrCode);
  }

  async assign(request: CommandRequest) {
    const code = typeof request.body.code === 'string' && request.body.code.trim() ? request.body.code.trim() : null;
    const taskId = code ? taskIdFromCode(code) : randomUUID();
    const issues = await this.unknownAgencies(request.body);
    const ctx = await this.parseContext();
    const outcome = await this.commands.run(taskStreamId(taskId), taskFold, request, {
      // A taken code is a 409 whatever else the body holds: the client has nothing to fix in it.
      refuseFirst: (state) => {
        if (state.exists) throw DomainError.conflict('duplicate_task', `task ${state.code} already exists`);
      },
      parse: (body) => parseAssignTask({ ...body, taskId }, ctx),
      decide: (command, state, at) => taskDecider.decide(command, state, { ...ctx, at }),
      timeField: 'assignedAt',
      issues,
    });
    return this.answer(outcome.state, outcome.events, { version: outcome.version, position: outcome.position }, request.actor);
  }

  /**
   * A command on an existing task: 404 when there is none and 403 outside the caller's rights come
   * from the task's state, before the body is parsed by the domain's parser for `type`. `ids` are
   * the ones the server makes or the path names (a new blocker's id, the blocker to resolve).
   */
  async command(
    idOrCode: string,
    requested: Exclude<TaskCommand['type'], 'AssignTask'>,
    request: CommandRequest,
    ids: Record<string, string> = {},
  ) {
    // An agency officer's completion is a report for a coordinator to confirm (unless COMPLETION_CONFIRMATION=off).
    const confirm = requested === 'CompleteTask' && request.actor.role === 'agency' && this.config.COMPLETION_CONFIRMATION === 'required';
    const type = confirm ? 'ReportCompletion' : requested;
    const taskId = this.resolveId(idOrCode);
    const issues = type === 'ReassignTask' ? await this.unknownAgencies({ leadAgency: request.body.leadAgency }) : [];
    const ctx = await this.parseContext();
    const actor = request.actor;
    const outcome = await this.commands.run(taskStreamId(taskId), taskFold, request, {
      authorize: (state) => {
        if (!state.exists) throw DomainError.notFound('task');
        this.assertVisible(state, actor);
        if (actor.role === 'agency') {
          if (!AGENCY_COMMANDS.includes(type)) throw ApiError.forbidden(`agency officers may not ${type}`);
          if (state.leadAgency !== actor.agency) throw ApiError.forbidden('only the lead agency may act on this task');
        }
      },
      parse: (body) => parseTaskCommand(type, { ...body, ...ids }, ctx),
      decide: (command, state, at) => taskDecider.decide(command, state, { ...ctx, at, recordedAt: this.commands.clock.now() }),
      // completedAt is the completion's own business time: the officer reporting it may state it.
      ...(COMPLETION_COMMANDS.includes(type) ? { timeField: 'completedAt', anyRoleMayBackdate: true } : {}),
      issues,
    });
    return {
      ...(await this.answer(outcome.state, outcome.events, { version: outcome.version, position: outcome.position }, actor)),
      ...createdIds(outcome.events),
    };
  }

  /**
   * "Việc cần xử lý": the caller's items over the open tasks it may act on (all for coordinators
   * and admins, its agency's for an officer; none for auditors, who act on nothing), newest first.
   */
  async inbox(actor: Actor) {
    const role = actor.role === 'agency' ? 'officer' : actor.role === 'auditor' ? null : 'coordinator';
    if (role === null) return { items: [] };
    const { rows } = await this.db.query<{ task_id: string; state: TaskState }>(
      `SELECT t.task_id::text AS task_id, s.state FROM rm_tasks t JOIN rm_task_state s ON s.task_id = t.task_id
        WHERE t.completed_at IS NULL AND t.cancelled_at IS NULL AND ($1::text IS NULL OR t.lead_agency = $1)`,
      [role === 'officer' ? (actor.agency ?? '') : null],
    );
    const now = this.commands.clock.now();
    const at = (iso: string | null) => (iso ? this.format(new Date(iso)) : null);
    const poor = role === 'officer' ? await this.reports.evaluator.poorAgencies(evaluationAt(now)) : [];
    const items = rows.flatMap(({ task_id, state }) =>
      inboxItems(state, role, now, this.statusOptions(), poor).map((item) => ({
        ...item,
        since: at(item.since),
        ...('completedAt' in item ? { completedAt: at(item.completedAt) } : {}),
        taskId: task_id,
        taskCode: state.code as string,
        taskTitle: state.title as string,
        leadAgency: state.leadAgency as string,
      })),
    );
    items.sort((a, b) => (b.since ?? '').localeCompare(a.since ?? '') || a.taskCode.localeCompare(b.taskCode));
    return { items };
  }

  /** The task's comment thread, oldest first, with each author as the events record them. */
  async comments(idOrCode: string, actor: Actor) {
    const taskId = this.resolveId(idOrCode);
    const events = await this.commands.store.readStream(taskStreamId(taskId));
    const state = foldTaskAsOf(events);
    if (!state.exists) throw ApiError.notFound('task');
    this.assertVisible(state, actor);
    return {
      taskId,
      code: state.code,
      items: events
        .filter((e) => e.type === 'CommentAdded')
        .map((e) => {
          const data = e.data as { commentId: string; text: string };
          return { commentId: data.commentId, text: data.text, at: this.format(e.occurredAt), author: e.metadata.actor ?? null };
        }),
    };
  }

  /** The task, and the letters delivered about it with their acknowledgements (the ledger's rows, as of `asOf`). */
  async get(idOrCode: string, actor: Actor, when: TimeTravel, language: Language = actor.language ?? DEFAULT_LANGUAGE) {
    const state = await this.load(this.resolveId(idOrCode), when);
    this.assertVisible(state, actor);
    const letters = await taskLetters(this.db, state.taskId!, (d) => this.format(d), when.asOf);
    return { ...taskView(state, when.asOf ?? this.commands.clock.now(), await this.viewOptions(language, when)), letters };
  }

  async history(idOrCode: string, actor: Actor, knownAt?: Date) {
    const taskId = this.resolveId(idOrCode);
    const events = await this.commands.store.readStream(taskStreamId(taskId), { knownAt });
    const state = foldTaskAsOf(events);
    if (!state.exists) throw ApiError.notFound('task');
    this.assertVisible(state, actor);
    return {
      taskId,
      code: state.code,
      events: events.map((e) => ({
        position: e.position,
        version: e.version,
        type: e.type,
        occurredAt: this.format(e.occurredAt),
        recordedAt: this.format(e.recordedAt),
        actor: e.metadata.actor ?? null,
        data: e.data,
      })),
    };
  }

  get timeZone(): string {
    return this.config.DEADLINE_TIMEZONE;
  }

  async list(filter: TaskListFilter, actor: Actor, when: TimeTravel, language: Language = actor.language ?? DEFAULT_LANGUAGE) {
    const scoped = { ...filter, visibleTo: canReadAll(actor) ? undefined : actor.agency };
    const opts = await this.viewOptions(language, when);
    if (!when.asOf && !when.knownAt) {
      const now = this.commands.clock.now();
      const page = await listTasks(this.db, scoped, { ...opts, now, formatInstant: (d) => this.format(d) });
      return { ...page, items: page.items.map((item) => ({ ...item, risk: riskView(item.risk, language) })) };
    }
    return this.listAsOf(scoped, when, opts);
  }

  /**
   * A past list (business time asOf, record time knownAt): a later reassignment, extension or
   * completion must not leak into it. Tasks with no event after asOf (or recorded after knownAt)
   * stand in rm_tasks as they stood then and are paged by the same SQL as the live list, the
   * clock at asOf; only the tasks changed since are folded again from their own streams (found
   * through the history's indexes, not by reading the whole feed); both halves are merged in the
   * list's order, so the keyset cursor works as it does live.
   */
  private async listAsOf(filter: TaskListFilter, when: TimeTravel, opts: TaskViewOptions) {
    const at = when.asOf ?? this.commands.clock.now();
    const scope = { asOf: at, knownAt: when.knownAt };
    const sort = filter.sort ?? 'code';
    const dir = filter.dir ?? 'asc';
    const sign = dir === 'desc' ? -1 : 1;
    const compare = compareTasks(sort, dir);
    const sortable = (v: unknown) => v as SortableTask;
    const after = filter.cursor ? decodeTaskCursor(filter.cursor, sort, dir) : null;
    const isAfter = (v: unknown) => !after || sign * compareKeys([sortKeyOf(sortable(v), sort), sortable(v).code], after) > 0;

    const changedIds = await changedTaskIds(this.db, scope, filter.source ? { source: filter.source } : {});
    const changed: unknown[] = [];
    await forEachTaskById(this.commands.store, changedIds, scope, (s) => {
      if (!matches(s, filter)) return;
      const v = taskView(s, at, opts);
      if (filter.status && v.status !== filter.status) return;
      if (filter.risk && v.risk?.level !== filter.risk) return;
      if (filter.q && !textMatches(v as unknown as Parameters<typeof textMatches>[0], filter.q)) return;
      if (filter.gaps && ((v.clarity as { missing?: unknown[] } | null)?.missing?.length ?? 0) === 0) return;
      if (isAfter(v)) changed.push(v);
    });

    const unchanged = await listTasks(
      this.db,
      { ...filter, unchangedSince: scope },
      { ...opts, now: at, formatInstant: (d) => this.format(d) },
    );
    const merged = [...unchanged.items.map((item) => ({ ...item, risk: riskView(item.risk, opts.language) })), ...changed].sort((a, b) =>
      compare(sortable(a), sortable(b)),
    );
    const items = merged.slice(0, filter.limit);
    const more = merged.length > filter.limit || unchanged.nextCursor !== null;
    return { items, nextCursor: more && items.length ? encodeTaskCursor(sortable(items[items.length - 1]), sort, dir) : null };
  }

  private async load(taskId: string, when: TimeTravel): Promise<TaskState> {
    const { state } = await readTaskAsOf(this.commands.store, taskId, when);
    if (!state.exists) throw ApiError.notFound('task');
    return state;
  }

  /**
   * A task an agency neither leads nor coordinates does not exist for its officers: the same 404
   * as an unknown code, so trying codes tells nothing about other agencies' tasks. (A task it
   * coordinates is visible; writing to it is a 403.)
   */
  private assertVisible(state: TaskState, actor: Actor): void {
    if (canReadAll(actor)) return;
    if (state.leadAgency !== actor.agency && !state.coordinatingAgencies.includes(actor.agency ?? '')) {
      throw DomainError.notFound('task');
    }
  }

  private async answer(state: TaskState, events: StoredEvent[], ids: { version: number; position: number }, actor: Actor) {
    // Status as at the command's record time, so an Idempotency-Key replay answers the same.
    const at = events.length ? events[events.length - 1].recordedAt : this.commands.clock.now();
    return { ...taskView(state, at, await this.viewOptions(actor.language ?? DEFAULT_LANGUAGE, {})), ...ids };
  }

  /** The status rules, and the agencies whose record is poor at the evaluation (the reports' cached figures). */
  private async viewOptions(language: Language, when: TimeTravel): Promise<TaskViewOptions> {
    const evaluation = evaluationAt(this.commands.clock.now(), when.asOf, when.knownAt);
    return { ...this.statusOptions(), poorAgencies: await this.reports.evaluator.poorAgencies(evaluation), language };
  }

  /**
   * Well-formed agency codes that name no registered agency (malformed ones, and lists over their
   * cap, are the decider's to report). One query over the read model for all of them; only the
   * few it does not know yet (registered moments ago) are looked up in their streams.
   */
  private async unknownAgencies(body: Record<string, unknown>): Promise<FieldIssue[]> {
    const candidates: [string, unknown][] = [['leadAgency', body.leadAgency]];
    const coordinating = body.coordinatingAgencies;
    if (Array.isArray(coordinating) && coordinating.length <= LIST_LIMITS.coordinatingAgencies)
      coordinating.forEach((c, i) => candidates.push([`coordinatingAgencies[${i}]`, c]));
    const named = candidates.flatMap(([field, value]) => {
      const code = agencyCodeOrNull(value);
      return code === null ? [] : [{ field, code }];
    });
    const known = await this.agencies.registered(named.map((n) => n.code));
    return named.filter((n) => !known.has(n.code)).map(({ field }) => ({ field, message: 'is not a registered agency code' }));
  }

  private async parseContext(): Promise<TaskParseContext> {
    return {
      calendar: await this.calendars.calendar(),
      timeZone: this.config.DEADLINE_TIMEZONE,
      strictBefore: this.config.DEADLINE_BEFORE_STRICT,
    };
  }

  private statusOptions() {
    return { dueSoonDays: this.config.DUE_SOON_DAYS, timeZone: this.config.DEADLINE_TIMEZONE };
  }

  format(date: Date): string {
    return formatInZone(date, this.config.DEADLINE_TIMEZONE);
  }

  parseTime(value: unknown, field: string): Date | undefined {
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'string') throw DomainError.invalid(field, 'must be an ISO-8601 time with offset or a YYYY-MM-DD date');
    return parseInstant(value, field, this.config.DEADLINE_TIMEZONE);
  }
}

/** Ids a command created (a blocker, an extension request), read back from its events so a replay answers the same. */
function createdIds(events: StoredEvent[]): Record<string, unknown> {
  const ids: Record<string, unknown> = {};
  for (const e of events) {
    if (e.type === 'BlockerRaised') ids.blockerId = e.data.blockerId;
    if (e.type === 'ExtensionRequested') ids.requestId = e.data.requestId;
    if (e.type === 'CommentAdded') ids.commentId = e.data.commentId;
    if (e.type === 'AttachmentAdded') ids.attachmentId = e.data.attachmentId;
  }
  return ids;
}

function matches(s: TaskState, f: TaskListFilter): boolean {
  if (f.agency && s.leadAgency !== f.agency) return false;
  if (f.visibleTo && s.leadAgency !== f.visibleTo && !s.coordinatingAgencies.includes(f.visibleTo)) return false;
  if (f.source && s.source?.ref !== f.source) return false;
  const due = s.deadline?.due ? Date.parse(s.deadline.due) : null;
  if (f.dueFrom && (due === null || due < f.dueFrom.getTime())) return false;
  if (f.dueTo && (due === null || due > f.dueTo.getTime())) return false;
  return true;
}
