/**
 * Every HTTP endpoint of the engine in one table, for the authorization matrix
 * (test/authorization.e2e.spec.ts) and the bad-input suite (test/bad-input.e2e.spec.ts).
 *
 * ADDING AN ENDPOINT: append one `EndpointRow` to `ENDPOINTS` (or to the group it belongs to).
 *   - `path` is relative to /api/v1 unless it starts with `!` (absolute, e.g. `!/health`);
 *     `{name}` placeholders are filled from the row's fixture.
 *   - `roles`: the roles allowed besides admin (admin is always allowed), `[]` for admin only,
 *     `'any'` for every authenticated role, `'public'` for no token at all.
 *   - `scope`: how agency officers are scoped: 'task-read' (the agency leads or coordinates the
 *     task), 'task-write' (the agency leads it), 'agency' (the `{agency}` the path or query names
 *     is the officer's own), 'none' (role alone decides).
 *   - `setup`: builds FRESH state for one call (a new task, a blocker, a rule…) and returns the
 *     placeholders; it runs as admin before every case, so a write that succeeds for one role
 *     never breaks the next case. Use the helpers on `MatrixContext`.
 *   - `body`: a valid body for that fixture (every POST/PUT). Make it unique per call when the
 *     endpoint refuses duplicates (see `ctx.uniq`). `write: false` for a POST that appends
 *     nothing (a dry run).
 *   - `fields` (rows with a body): the body's fields and their kinds, so the bad-input suite
 *     can break each one and expect a 400 naming it; a nested field is written
 *     `assignee.email`; a list field (kind 'emails', 'days', 'agencies'…) has its elements broken
 *     too, expected as `emails[1]`. Mark `required` fields: null is then a 400 as well.
 *   - `query` (GET rows): the query parameters and the kind of value each takes.
 *   - `skip`: leaves a row out of both suites, with the reason.
 */
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { noticeStreamId } from '@app/domain';
import { acknowledgementSecret, signAckToken } from '@app/escalation';
import { EVENT_STORE, EventStore, expect as expectVersion } from '@app/event-store';
import { APP_CONFIG, AppConfig } from '@app/platform';
import { keepsContract } from './openapi-contract';
import { TOKENS, TestApp, agencyBody, taskBody } from './test-app';

export const API = '/api/v1';

export type Role = 'admin' | 'coordinator' | 'auditor' | 'agency';

/** What a field holds, which decides how the bad-input suite breaks it. */
export type FieldKind =
  | 'line' // single-line text (names, codes, references): CR/LF and control characters refused
  | 'prose' // free text: CR/LF and tabs allowed, other control characters refused
  | 'email'
  | 'agency' // the code of a registered agency: an unknown one is a 400 naming the field
  | 'agencies' // a list of registered agency codes
  | 'percent' // whole number 0..100
  | 'deadline' // YYYY-MM-DD, dd/mm/yyyy, MM/YYYY, QN/YYYY, YYYY, ongoing
  | 'time' // ISO-8601 with offset or YYYY-MM-DD (occurredAt, assignedAt, completedAt)
  | 'day' // YYYY-MM-DD
  | 'days' // list of YYYY-MM-DD
  | 'emails' // list of email addresses
  | 'object' // a nested object (assignee, source, head)
  | 'list' // a list of nested objects (report schedules)
  | 'enum' // one of a fixed set of strings
  | 'boolean'
  | 'int' // a whole number within bounds
  | 'codes' // a list of single-line identifiers
  | 'recipients' // a list of recipient keywords or email:<address>
  | 'clock'; // a local time HH:mm

export interface FieldSpec {
  kind: FieldKind;
  required?: boolean;
  /** longest accepted length, when the field is length-bounded */
  max?: number;
}

export type QueryKind = 'limit' | 'position' | 'time' | 'status' | 'text' | 'cursor' | 'year';

/** Placeholders of a path and whatever a body factory needs. */
export interface Fixture {
  [name: string]: string | number | undefined;
}

/** How the agency officer calling relates to the fixture task. */
export type Relation = 'lead' | 'coordinating' | 'none';

export interface EndpointRow {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  roles: Role[] | 'any' | 'public';
  scope: 'task-read' | 'task-write' | 'agency' | 'none';
  /** appends events when it succeeds */
  write: boolean;
  setup?: (ctx: MatrixContext, relation: Relation) => Promise<Fixture>;
  body?: (fixture: Fixture, ctx: MatrixContext) => Record<string, unknown>;
  fields?: Record<string, FieldSpec>;
  query?: Record<string, QueryKind>;
  /** left out of the matrix for a reason written here (e.g. not implemented yet) */
  skip?: string;
}

export const rowName = (row: EndpointRow): string => `${row.method} ${row.path.startsWith('!') ? row.path.slice(1) : row.path}`;

export function urlOf(row: EndpointRow, fixture: Fixture = {}): string {
  const base = row.path.startsWith('!') ? row.path.slice(1) : `${API}${row.path}`;
  return base.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = fixture[name];
    if (value === undefined) throw new Error(`${rowName(row)}: the fixture has no ${name}`);
    return encodeURIComponent(String(value));
  });
}

// ---------------------------------------------------------------------------------------------
// Who calls

export interface Persona {
  key: string;
  label: string;
  /** token of test-app.ts; null: no Authorization header; 'unknown': a token nobody issued */
  token: keyof typeof TOKENS | null | 'unknown';
  role: Role | null;
  /** for agency officers: how their agency relates to the fixture task */
  relation: Relation;
  /** only meaningful on task-scoped rows (it is plain "another agency" elsewhere) */
  taskScopedOnly?: boolean;
}

/**
 * Fixture tasks are led by BCA. The BCA officer is "own"; the BKHCN officer is "other" on a task
 * BKHCN has nothing to do with, and "coordinating" on a task BKHCN coordinates. On 'agency'
 * rows the fixture names BCA: own for the BCA officer, another agency's for the BKHCN one.
 */
export const PERSONAS: Persona[] = [
  { key: 'admin', label: 'admin', token: 'admin', role: 'admin', relation: 'none' },
  { key: 'coordinator', label: 'coordinator', token: 'coordinator', role: 'coordinator', relation: 'none' },
  { key: 'auditor', label: 'auditor', token: 'auditor', role: 'auditor', relation: 'none' },
  { key: 'agencyOwn', label: 'agency of the lead agency', token: 'bca', role: 'agency', relation: 'lead' },
  { key: 'agencyOther', label: 'agency of another agency', token: 'bkhcn', role: 'agency', relation: 'none' },
  {
    key: 'agencyCoordinating',
    label: 'agency of a coordinating agency',
    token: 'bkhcn',
    role: 'agency',
    relation: 'coordinating',
    taskScopedOnly: true,
  },
  { key: 'noToken', label: 'no token', token: null, role: null, relation: 'none' },
  { key: 'unknownToken', label: 'unknown token', token: 'unknown', role: null, relation: 'none' },
];

export type Expected = 'success' | 401 | 403 | 404;

/** What the contract (api.md "Roles") and the controllers' @Roles say a persona gets. */
export function expectedFor(row: EndpointRow, persona: Persona): Expected {
  if (row.roles === 'public') return 'success';
  if (persona.role === null) return 401;
  if (persona.role === 'admin') return 'success';
  if (row.roles !== 'any' && !row.roles.includes(persona.role)) return 403;
  if (persona.role !== 'agency') return 'success';
  // A task the officer's agency neither leads nor coordinates answers as an unknown code would (404).
  if (row.scope === 'task-write') return persona.relation === 'lead' ? 'success' : persona.relation === 'none' ? 404 : 403;
  if (row.scope === 'task-read') return persona.relation === 'none' ? 404 : 'success';
  if (row.scope === 'agency') return persona.relation === 'lead' ? 'success' : 403;
  return 'success';
}

// ---------------------------------------------------------------------------------------------
// Fixtures

export const FIXTURE_AGENCIES = { lead: 'BCA', other: 'BKHCN', third: 'BTC' } as const;
/** A year nothing else uses, so the matrix can PUT holidays without moving fixture deadlines. */
export const SPARE_YEAR = 2031;

export class MatrixContext {
  private seq = 0;

  constructor(readonly t: TestApp) {}

  /** A value no other call of this suite produces. */
  uniq(prefix: string): string {
    this.seq += 1;
    return `${prefix}-${this.seq}-${Date.now().toString(36)}`;
  }

  /** The agencies every fixture refers to (idempotent per app). */
  async registerAgencies(): Promise<void> {
    for (const [code, name] of [
      [FIXTURE_AGENCIES.lead, 'Bộ Công an'],
      [FIXTURE_AGENCIES.other, 'Bộ Khoa học và Công nghệ'],
      [FIXTURE_AGENCIES.third, 'Bộ Tài chính'],
    ]) {
      const res = await this.t.as('admin').post(`${API}/agencies`, agencyBody(code, name));
      if (res.status !== 201 && res.status !== 409) throw new Error(`registering ${code}: ${res.status} ${res.text}`);
      // Reads of the agency read model must see it: wait for the projector once, here.
      if (res.status === 201) await this.t.as('admin').get(`${API}/agencies?minPosition=${res.body.position}`).expect(200);
    }
  }

  /** A fresh open task led by BCA; BKHCN coordinates it when `relation` is 'coordinating'. */
  async task(relation: Relation = 'none', overrides: Record<string, unknown> = {}): Promise<Fixture> {
    const code = this.uniq('MX');
    const res = await this.t.as('admin').post(
      `${API}/tasks`,
      taskBody({
        code,
        leadAgency: FIXTURE_AGENCIES.lead,
        coordinatingAgencies: relation === 'coordinating' ? [FIXTURE_AGENCIES.other] : [],
        deadline: 'Q2/2026',
        ...overrides,
      }),
    );
    if (res.status !== 201) throw new Error(`fixture task: ${res.status} ${res.text}`);
    return { id: res.body.id, code, position: res.body.position };
  }

  async taskWithBlocker(relation: Relation = 'none'): Promise<Fixture> {
    const task = await this.task(relation);
    const res = await this.t.as('admin').post(`${API}/tasks/${task.id}/blockers`, { description: 'Chưa có hướng dẫn kỹ thuật' });
    if (res.status !== 201) throw new Error(`fixture blocker: ${res.status} ${res.text}`);
    return { ...task, blockerId: res.body.blockerId };
  }

  async taskWithExtensionRequest(relation: Relation = 'none'): Promise<Fixture> {
    const task = await this.task(relation);
    const res = await this.t
      .as('admin')
      .post(`${API}/tasks/${task.id}/extension-requests`, { proposedDeadline: '2027', reason: 'Chờ ý kiến các bộ, ngành' });
    if (res.status !== 201) throw new Error(`fixture extension request: ${res.status} ${res.text}`);
    return { ...task, requestId: res.body.requestId };
  }

  /** An officer of the lead agency has reported completion; it awaits a coordinator (COMPLETION_CONFIRMATION=required). */
  async taskWithCompletionReport(relation: Relation = 'none'): Promise<Fixture> {
    const task = await this.task(relation);
    const res = await this.t.as('bca').post(`${API}/tasks/${task.id}/completion`, { deliverableRef: 'Báo cáo số 1/BC-BCA' });
    if (res.status !== 201 || res.body.status === 'completed_on_time')
      throw new Error(`fixture completion report: ${res.status} ${res.text}`);
    return task;
  }

  async completedTask(relation: Relation = 'none'): Promise<Fixture> {
    const task = await this.task(relation);
    const res = await this.t.as('admin').post(`${API}/tasks/${task.id}/completion`, { deliverableRef: 'Báo cáo số 1/BC-BCA' });
    if (res.status !== 201) throw new Error(`fixture completion: ${res.status} ${res.text}`);
    return task;
  }

  /** A fresh person of the directory (invited, an officer of BCA). */
  async person(): Promise<Fixture> {
    const res = await this.t.as('admin').post(`${API}/users`, personBody(this.uniq('can-bo')));
    if (res.status !== 201) throw new Error(`fixture person: ${res.status} ${res.text}`);
    return { id: res.body.id, position: res.body.position };
  }

  /** A published report edition. */
  async edition(): Promise<Fixture> {
    const res = await this.t.as('admin').post(`${API}/reports/editions`, { title: 'Báo cáo tháng', asOf: '2026-01-05' });
    if (res.status !== 201) throw new Error(`fixture edition: ${res.status} ${res.text}`);
    return { id: res.body.id };
  }

  /** A fresh anchor of the history, as an auditor would paste it from a mailbox (no stream heads). */
  async anchor(): Promise<Fixture> {
    const res = await this.t.as('admin').post(`${API}/audit/anchors`);
    if (res.status !== 201) throw new Error(`fixture anchor: ${res.status} ${res.text}`);
    return { anchors: JSON.stringify(res.body) };
  }

  /** A fresh, disabled reminder rule (disabled: it must not make the scanner issue notices). */
  async rule(): Promise<Fixture> {
    const id = this.uniq('rule').toLowerCase();
    const res = await this.t.as('admin').post(`${API}/reminder-rules`, ruleBody(id));
    if (res.status !== 201) throw new Error(`fixture rule: ${res.status} ${res.text}`);
    return { id };
  }

  /**
   * A fresh escalation letter to the BCA head, issued straight into its notice stream (no scanner,
   * no mail), and the token of its acknowledgement link, signed as the mail processor signs it.
   */
  async acknowledgementLink(): Promise<Fixture> {
    const noticeId = `mx-${randomBytes(8).toString('hex')}`;
    const recipient = 'head@bca.example.org';
    const now = this.t.clock.now();
    await this.t.app.get<EventStore>(EVENT_STORE).append(
      noticeStreamId(noticeId),
      [
        {
          type: 'NoticeIssued',
          data: {
            noticeId,
            kind: 'escalation',
            ruleId: 'mx-escalation',
            level: 1,
            digest: false,
            items: [],
            recipients: [{ email: recipient, as: 'agency_head' }],
            fireAt: now.toISOString(),
            catchUp: false,
          },
          occurredAt: now,
        },
      ],
      { expectedVersion: expectVersion.noStream() },
    );
    const secret = acknowledgementSecret(this.t.app.get<AppConfig>(APP_CONFIG));
    return { token: signAckToken({ noticeId, recipient, expiresAt: new Date(now.getTime() + 14 * 86_400_000) }, secret) };
  }

  /** Calls `row` as `persona` with the fixture and body given. */
  call(row: EndpointRow, persona: Persona, fixture: Fixture, body?: unknown): request.Test {
    const server = this.t.app.getHttpServer();
    const url = urlOf(row, fixture);
    // Every answer is held against the OpenAPI document (the contract test, openapi-contract.ts).
    let req = request(server)[row.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete'](url).expect(keepsContract(row.method, url));
    if (persona.token === 'unknown') req = req.set('Authorization', 'Bearer not-a-token-anyone-issued');
    else if (persona.token) req = req.set('Authorization', `Bearer ${TOKENS[persona.token]}`);
    return body === undefined ? req : req.send(body as object);
  }

  /**
   * Events appended so far, leaving out the notice streams the scanner and mail processor append
   * to on their own schedule (a notice falling due in the middle of a case is not the case's).
   */
  async eventCount(): Promise<number> {
    return Number((await this.t.sql(`SELECT count(*)::int AS n FROM events WHERE stream_id NOT LIKE 'notice-%'`))[0].n);
  }
}

// ---------------------------------------------------------------------------------------------
// The table

/** A valid reminder rule body (api.md), disabled so that it never fires during a suite. */
export const personBody = (local: string): Record<string, unknown> => ({
  email: `${local.toLowerCase()}@bca.example.org`,
  name: 'Nguyễn Văn Cán Bộ',
  title: 'Chuyên viên',
  agency: FIXTURE_AGENCIES.lead,
  roles: ['agency'],
  focalPoint: false,
  language: 'vi',
});

const PERSON_FIELDS: Record<string, FieldSpec> = {
  email: { kind: 'email', required: true },
  name: { kind: 'line', required: true, max: 200 },
  title: { kind: 'line', max: 200 },
  agency: { kind: 'agency' },
  focalPoint: { kind: 'boolean' },
  language: { kind: 'enum' },
};

/** Sign-in operations whose success needs a signed-in person or an identity provider: test/people-sign-in.e2e.spec.ts. */
const NEEDS_A_PERSON = 'needs a signed-in person (or a password, or an identity provider): test/people-sign-in.e2e.spec.ts';

export const ruleBody = (id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  id,
  name: `Nhắc trước hạn 5 ngày làm việc (${id})`,
  enabled: false,
  scope: { sources: ['71/NQ-CP'], agencies: [FIXTURE_AGENCIES.lead], priorities: ['high'] },
  offset: { amount: -5, unit: 'working_days' },
  repeat: { every: { amount: 1, unit: 'days' }, maxTimes: 3 },
  recipients: ['assignee', 'agency_head', 'email:thanh-tra@chinhphu.example.org'],
  level: 0,
  digest: false,
  sendWindow: { start: '08:00', end: '17:00', workingDaysOnly: true },
  ...overrides,
});

const RULE_FIELDS: Record<string, FieldSpec> = {
  name: { kind: 'line', required: true, max: 200 },
  enabled: { kind: 'boolean' },
  scope: { kind: 'object' },
  'scope.sources': { kind: 'codes' },
  'scope.agencies': { kind: 'codes' },
  offset: { kind: 'object', required: true },
  'offset.amount': { kind: 'int', required: true },
  'offset.unit': { kind: 'enum', required: true },
  repeat: { kind: 'object' },
  'repeat.maxTimes': { kind: 'int', required: true },
  recipients: { kind: 'recipients', required: true },
  level: { kind: 'int' },
  digest: { kind: 'boolean' },
  sendWindow: { kind: 'object' },
  'sendWindow.start': { kind: 'clock', required: true },
  'sendWindow.end': { kind: 'clock', required: true },
  webhooks: { kind: 'codes' },
};

const REPORT_TIMES = { asOf: 'time', knownAt: 'time', minPosition: 'position' } as const;

const PERSON = { kind: 'object' } as const;
const TIME = { kind: 'time' } as const;
const taskSetup = (ctx: MatrixContext, relation: Relation) => ctx.task(relation);

export const ENDPOINTS: EndpointRow[] = [
  // Operations
  { method: 'GET', path: '!/health', roles: 'public', scope: 'none', write: false },
  { method: 'GET', path: '!/api/v1/health', roles: 'public', scope: 'none', write: false },
  { method: 'GET', path: '!/metrics', roles: 'public', scope: 'none', write: false },
  { method: 'GET', path: '!/api/docs', roles: 'public', scope: 'none', write: false },

  // Agencies
  {
    method: 'POST',
    path: '/agencies',
    roles: ['coordinator'],
    scope: 'none',
    write: true,
    body: (_f, ctx) => agencyBody(ctx.uniq('AG').toUpperCase().slice(0, 30), 'Ủy ban nhân dân tỉnh Đắk Lắk'),
    fields: {
      code: { kind: 'line', required: true, max: 32 },
      name: { kind: 'line', required: true },
      kind: { kind: 'enum', required: true },
      head: { ...PERSON, required: true },
      'head.name': { kind: 'line', required: true, max: 200 },
      'head.title': { kind: 'line', required: true, max: 200 },
      'head.email': { kind: 'email', required: true },
      occurredAt: TIME,
    },
  },
  { method: 'GET', path: '/admin/queues', roles: [], scope: 'none', write: false },
  { method: 'GET', path: '/agencies', roles: 'any', scope: 'none', write: false, query: { minPosition: 'position' } },
  {
    method: 'GET',
    path: '/agencies/{code}',
    roles: 'any',
    scope: 'none',
    write: false,
    setup: async () => ({ code: FIXTURE_AGENCIES.lead }),
    query: { minPosition: 'position' },
  },
  { method: 'GET', path: '/tasks/{id}/notice-plan', roles: 'any', scope: 'task-read', write: false, setup: (ctx, rel) => ctx.task(rel) },
  {
    method: 'PUT',
    path: '/agencies/{code}/acting-head',
    roles: ['coordinator'],
    scope: 'none',
    write: true,
    setup: async () => ({ code: FIXTURE_AGENCIES.lead }),
    // A new name each time: setting the same acting head and period again is no event.
    body: (_f, ctx) => ({
      name: `Trần Quốc Tỏ ${ctx.uniq('q')}`,
      title: 'Quyền Bộ trưởng',
      email: 'quyen@bca.example.org',
      from: '2026-01-01',
      to: '2026-01-31',
    }),
    fields: {
      name: { kind: 'line', required: true, max: 200 },
      title: { kind: 'line', required: true, max: 200 },
      email: { kind: 'email', required: true },
      from: { kind: 'day', required: true },
      to: { kind: 'day', required: true },
    },
  },
  {
    method: 'PUT',
    path: '/agencies/{code}/head',
    roles: ['coordinator'],
    scope: 'none',
    write: true,
    setup: async () => ({ code: FIXTURE_AGENCIES.lead }),
    // A new name each time: setting the same head again is (rightly) no event.
    body: (_f, ctx) => ({ name: `Lương Tam Quang ${ctx.uniq('h')}`, title: 'Bộ trưởng', email: 'bo-truong@bca.example.org' }),
    fields: {
      name: { kind: 'line', required: true, max: 200 },
      title: { kind: 'line', required: true, max: 200 },
      email: { kind: 'email', required: true },
      occurredAt: TIME,
    },
  },

  // Tasks: queries
  {
    method: 'GET',
    path: '/tasks',
    roles: 'any',
    scope: 'none',
    write: false,
    query: {
      limit: 'limit',
      asOf: 'time',
      knownAt: 'time',
      dueFrom: 'time',
      dueTo: 'time',
      status: 'status',
      minPosition: 'position',
      agency: 'text',
      source: 'text',
      cursor: 'cursor',
      q: 'text',
      sort: 'status',
      dir: 'status',
      gaps: 'status',
    },
  },
  {
    method: 'GET',
    path: '/tasks/{id}',
    roles: 'any',
    scope: 'task-read',
    write: false,
    setup: taskSetup,
    query: { asOf: 'time', knownAt: 'time', minPosition: 'position' },
  },
  {
    method: 'GET',
    path: '/tasks/{id}/history',
    roles: 'any',
    scope: 'task-read',
    write: false,
    setup: taskSetup,
    query: { knownAt: 'time', minPosition: 'position' },
  },
  {
    method: 'GET',
    path: '/tasks/{id}/comments',
    roles: 'any',
    scope: 'task-read',
    write: false,
    setup: taskSetup,
    query: { minPosition: 'position' },
  },

  // Tasks: commands
  {
    method: 'POST',
    path: '/tasks',
    roles: ['coordinator'],
    scope: 'none',
    write: true,
    body: (_f, ctx) => taskBody({ code: ctx.uniq('NEW'), coordinatingAgencies: [FIXTURE_AGENCIES.other] }),
    fields: {
      code: { kind: 'line', required: true, max: 100 },
      title: { kind: 'line', required: true },
      description: { kind: 'prose' },
      source: PERSON,
      'source.kind': { kind: 'line', required: true, max: 100 },
      'source.ref': { kind: 'line', required: true, max: 200 },
      'source.issuedOn': { kind: 'day' },
      leadAgency: { kind: 'agency', required: true },
      coordinatingAgencies: { kind: 'agencies' },
      assignee: PERSON,
      'assignee.name': { kind: 'line', required: true, max: 200 },
      'assignee.email': { kind: 'email' },
      deliverable: { kind: 'prose', max: 2000 },
      approver: { kind: 'line' },
      deadline: { kind: 'deadline', required: true },
      priority: { kind: 'enum' },
      assignedAt: TIME,
    },
  },
  {
    method: 'POST',
    path: '/tasks/{id}/extensions',
    roles: ['coordinator'],
    scope: 'task-write',
    write: true,
    setup: taskSetup,
    body: () => ({ newDeadline: '2026-12-31', reason: 'Thủ tướng đồng ý gia hạn', decisionRef: '1234/VPCP-KSTT' }),
    fields: {
      newDeadline: { kind: 'deadline', required: true },
      reason: { kind: 'prose', required: true },
      decisionRef: { kind: 'line', max: 200 },
      occurredAt: TIME,
    },
  },
  {
    method: 'POST',
    path: '/tasks/{id}/extension-requests',
    roles: ['agency', 'coordinator'],
    scope: 'task-write',
    write: true,
    setup: taskSetup,
    body: () => ({ proposedDeadline: '30/09/2026', reason: 'Chờ ý kiến các bộ, ngành' }),
    fields: { proposedDeadline: { kind: 'deadline', required: true }, reason: { kind: 'prose', required: true }, occurredAt: TIME },
  },
  {
    method: 'POST',
    path: '/tasks/{id}/extension-requests/{requestId}/refusal',
    roles: ['coordinator'],
    scope: 'task-write',
    write: true,
    setup: (ctx, relation) => ctx.taskWithExtensionRequest(relation),
    body: () => ({ reason: 'Chưa đủ căn cứ để gia hạn' }),
    fields: { reason: { kind: 'prose', required: true }, occurredAt: TIME },
  },
  {
    method: 'POST',
    path: '/tasks/{id}/progress',
    roles: ['agency', 'coordinator'],
    scope: 'task-write',
    write: true,
    setup: taskSetup,
    body: () => ({ percent: 60, note: 'Đã hoàn thành dự thảo' }),
    fields: { percent: { kind: 'percent', required: true }, note: { kind: 'prose' }, occurredAt: TIME },
  },
  {
    method: 'POST',
    path: '/tasks/{id}/blockers',
    roles: ['agency', 'coordinator'],
    scope: 'task-write',
    write: true,
    setup: taskSetup,
    body: () => ({ description: 'Chưa có hướng dẫn kỹ thuật' }),
    fields: { description: { kind: 'prose', required: true }, occurredAt: TIME },
  },
  {
    method: 'POST',
    path: '/tasks/{id}/blockers/{blockerId}/resolution',
    roles: ['agency', 'coordinator'],
    scope: 'task-write',
    write: true,
    setup: (ctx, relation) => ctx.taskWithBlocker(relation),
    body: () => ({ note: 'Đã có hướng dẫn' }),
    fields: { note: { kind: 'prose' }, occurredAt: TIME },
  },
  {
    method: 'POST',
    path: '/tasks/{id}/completion',
    roles: ['agency', 'coordinator'],
    scope: 'task-write',
    write: true,
    setup: taskSetup,
    body: () => ({ deliverableRef: 'Báo cáo số 12/BC-BCA', deliverableIssuedOn: '2026-01-05', note: 'Đã trình Thủ tướng' }),
    fields: { completedAt: TIME, deliverableRef: { kind: 'line' }, deliverableIssuedOn: { kind: 'day' }, note: { kind: 'prose' } },
  },
  {
    method: 'POST',
    path: '/tasks/{id}/completion/acceptance',
    roles: ['coordinator'],
    scope: 'task-write',
    write: true,
    setup: (ctx, relation) => ctx.taskWithCompletionReport(relation),
    body: () => ({ note: 'Đã kiểm tra văn bản kết quả' }),
    fields: { note: { kind: 'prose' }, occurredAt: TIME },
  },
  {
    method: 'POST',
    path: '/tasks/{id}/completion/return',
    roles: ['coordinator'],
    scope: 'task-write',
    write: true,
    setup: (ctx, relation) => ctx.taskWithCompletionReport(relation),
    body: () => ({ reason: 'Chưa có văn bản kết quả' }),
    fields: { reason: { kind: 'prose', required: true }, occurredAt: TIME },
  },
  {
    method: 'POST',
    path: '/tasks/{id}/comments',
    roles: ['agency', 'coordinator'],
    scope: 'task-write',
    write: true,
    setup: taskSetup,
    body: () => ({ text: 'Đề nghị bổ sung văn bản kết quả' }),
    fields: { text: { kind: 'prose', required: true, max: 4000 } },
  },
  {
    method: 'POST',
    path: '/tasks/{id}/attachments',
    roles: ['agency', 'coordinator'],
    scope: 'task-write',
    write: true,
    skip: 'a multipart upload, not a JSON body: test/attachments.e2e.spec.ts (roles, agency scoping, type by content, size)',
  },
  {
    method: 'GET',
    path: '/tasks/{id}/attachments/{attachmentId}',
    roles: 'any',
    scope: 'task-read',
    write: false,
    skip: 'needs a stored file: test/attachments.e2e.spec.ts (readers of the task, other agencies 404, digest checked)',
  },
  {
    method: 'POST',
    path: '/tasks/{id}/reopening',
    roles: ['coordinator'],
    scope: 'task-write',
    write: true,
    setup: (ctx, relation) => ctx.completedTask(relation),
    body: () => ({ reason: 'Sản phẩm chưa đạt yêu cầu' }),
    fields: { reason: { kind: 'prose', required: true }, occurredAt: TIME },
  },
  {
    method: 'POST',
    path: '/tasks/{id}/reassignment',
    roles: ['coordinator'],
    scope: 'task-write',
    write: true,
    setup: taskSetup,
    body: () => ({
      leadAgency: FIXTURE_AGENCIES.third,
      assignee: { name: 'Trần Thị Bình', email: 'binh@btc.example.org' },
      reason: 'Điều chỉnh chức năng',
    }),
    fields: {
      leadAgency: { kind: 'agency', required: true },
      assignee: PERSON,
      'assignee.name': { kind: 'line', required: true, max: 200 },
      'assignee.email': { kind: 'email' },
      reason: { kind: 'prose', required: true },
      occurredAt: TIME,
    },
  },
  {
    method: 'POST',
    path: '/tasks/{id}/cancellation',
    roles: ['coordinator'],
    scope: 'task-write',
    write: true,
    setup: taskSetup,
    body: () => ({ reason: 'Không còn phù hợp' }),
    fields: { reason: { kind: 'prose', required: true }, occurredAt: TIME },
  },

  // Settings
  {
    method: 'GET',
    path: '/calendar/holidays/{year}',
    roles: 'any',
    scope: 'none',
    write: false,
    setup: async () => ({ year: 2026 }),
    query: { minPosition: 'position' },
  },
  {
    method: 'PUT',
    path: '/calendar/holidays/{year}',
    roles: [],
    scope: 'none',
    write: true,
    setup: async () => ({ year: SPARE_YEAR }),
    body: () => ({ days: [`${SPARE_YEAR}-01-01`, `${SPARE_YEAR}-09-02`], workdays: [] }),
    fields: { days: { kind: 'days' }, workdays: { kind: 'days' }, occurredAt: TIME },
  },
  { method: 'GET', path: '/settings/coordinators', roles: 'any', scope: 'none', write: false, query: { minPosition: 'position' } },
  {
    method: 'PUT',
    path: '/settings/coordinators',
    roles: [],
    scope: 'none',
    write: true,
    body: () => ({ emails: ['vpcp@chinhphu.example.org', 'kstt@chinhphu.example.org'] }),
    fields: { emails: { kind: 'emails', required: true }, occurredAt: TIME },
  },
  {
    method: 'GET',
    path: '/settings/report-schedules',
    roles: ['coordinator', 'auditor'],
    scope: 'none',
    write: false,
    query: { minPosition: 'position' },
  },
  {
    method: 'PUT',
    path: '/settings/report-schedules',
    roles: [],
    scope: 'none',
    write: true,
    body: () => ({
      schedules: [
        {
          id: 'bao-cao-thang',
          name: 'Báo cáo tháng',
          dayOfMonth: 25,
          time: '08:00',
          title: 'Báo cáo tình hình thực hiện nhiệm vụ',
          recipients: ['vpcp@chinhphu.example.org'],
        },
      ],
    }),
    fields: { schedules: { kind: 'list', required: true }, occurredAt: TIME },
  },
  { method: 'GET', path: '/settings/webhook-targets', roles: [], scope: 'none', write: false },
  { method: 'GET', path: '/settings/templates', roles: [], scope: 'none', write: false },
  { method: 'GET', path: '/settings/templates/notice.subject', roles: [], scope: 'none', write: false },
  {
    method: 'PUT',
    path: '/settings/templates/notice.subject',
    roles: [],
    scope: 'none',
    write: true,
    body: () => ({ body: '{{#if vi}}V/v đôn đốc thực hiện nhiệm vụ {{task.code}}{{else}}Re: task {{task.code}}{{/if}}' }),
    fields: { body: { kind: 'prose' } },
  },
  {
    method: 'POST',
    path: '/settings/templates/notice.html/preview',
    roles: [],
    scope: 'none',
    write: false,
    setup: taskSetup,
    body: (f) => ({ task: f.code, kind: 'escalation', locale: 'vi' }),
    fields: { task: { kind: 'line', required: true }, kind: { kind: 'enum' }, locale: { kind: 'enum' }, body: { kind: 'prose' } },
  },

  // Audit
  { method: 'GET', path: '/audit/verify', roles: ['auditor'], scope: 'none', write: false },
  {
    method: 'POST',
    path: '/audit/verify',
    roles: ['auditor'],
    scope: 'none',
    write: false,
    setup: (ctx) => ctx.anchor(),
    body: (f) => ({ anchors: f.anchors }),
  },
  { method: 'POST', path: '/audit/anchors', roles: ['auditor'], scope: 'none', write: false },
  {
    method: 'GET',
    path: '/audit/security-events',
    roles: ['auditor'],
    scope: 'none',
    write: false,
    query: { limit: 'limit', cursor: 'cursor' },
  },
  // spreadsheets (api.md "Documents")
  {
    method: 'GET',
    path: '/tasks/export.xlsx',
    roles: 'any',
    scope: 'none',
    write: false,
    query: { status: 'status', source: 'text', agency: 'text' },
  },
  { method: 'GET', path: '/reports/agencies.xlsx', roles: 'any', scope: 'none', write: false, query: { asOf: 'time' } },
  { method: 'GET', path: '/reports/monthly-plan.xlsx', roles: 'any', scope: 'none', write: false, query: { year: 'year' } },
  { method: 'GET', path: '/reports/summary.xlsx', roles: 'any', scope: 'none', write: false, query: { asOf: 'time', source: 'text' } },
  {
    method: 'POST',
    path: '/imports',
    roles: ['coordinator'],
    scope: 'none',
    write: true,
    skip: 'a multipart upload, not a JSON body: test/imports.e2e.spec.ts (roles, bad rows, size)',
  },
  // report editions and the official report (api.md "Documents")
  {
    method: 'POST',
    path: '/reports/editions',
    roles: ['coordinator'],
    scope: 'none',
    write: true,
    body: (_f, ctx) => ({ title: `Báo cáo ${ctx.uniq('ky')}`, number: '1/BC-VPCP', asOf: '2026-01-05' }),
    fields: {
      title: { kind: 'line', required: true, max: 300 },
      number: { kind: 'line', max: 60 },
      asOf: { kind: 'time', required: true },
      agency: { kind: 'agency' },
    },
  },
  { method: 'GET', path: '/reports/editions', roles: ['coordinator', 'auditor'], scope: 'none', write: false },
  ...['', '/restatement', '/document.pdf', '/document.docx'].map((tail): EndpointRow => ({
    method: 'GET',
    path: `/reports/editions/{id}${tail}`,
    roles: ['coordinator', 'auditor'],
    scope: 'none',
    write: false,
    setup: (ctx) => ctx.edition(),
  })),
  // people (api.md "People and sign-in")
  {
    method: 'POST',
    path: '/users',
    roles: [],
    scope: 'none',
    write: true,
    body: (_f, ctx) => personBody(ctx.uniq('moi')),
    fields: PERSON_FIELDS,
  },
  {
    method: 'POST',
    path: '/users/import',
    roles: [],
    scope: 'none',
    write: true,
    skip: 'a multipart upload, not a JSON body: test/people-import.e2e.spec.ts (roles, bad rows, re-import)',
  },
  { method: 'GET', path: '/users', roles: ['coordinator', 'auditor'], scope: 'none', write: false },
  { method: 'GET', path: '/users/{id}', roles: ['coordinator', 'auditor'], scope: 'none', write: false, setup: (ctx) => ctx.person() },
  {
    method: 'PUT',
    path: '/users/{id}',
    roles: [],
    scope: 'none',
    write: true,
    setup: (ctx) => ctx.person(),
    body: (_f, ctx) => ({ ...personBody(ctx.uniq('doi')), title: 'Phó Vụ trưởng' }),
    fields: PERSON_FIELDS,
  },
  {
    method: 'PUT',
    path: '/users/{id}/absence',
    roles: [],
    scope: 'none',
    write: true,
    setup: (ctx) => ctx.person(),
    body: () => ({ from: '2026-03-02', to: '2026-03-13', substitute: { name: 'Trần Văn Bình', email: 'tran.van.binh@bca.example.org' } }),
    fields: { from: { kind: 'day', required: true }, to: { kind: 'day', required: true }, substitute: { kind: 'object', required: true } },
  },
  {
    method: 'POST',
    path: '/users/{id}/disable',
    roles: [],
    scope: 'none',
    write: true,
    setup: (ctx) => ctx.person(),
    body: () => ({ reason: 'nghỉ hưu' }),
  },
  {
    method: 'POST',
    path: '/users/{id}/enable',
    roles: [],
    scope: 'none',
    write: true,
    setup: async (ctx) => {
      const f = await ctx.person();
      const res = await ctx.t.as('admin').post(`${API}/users/${f.id}/disable`, {});
      if (res.status !== 200) throw new Error(`fixture disabled person: ${res.status} ${res.text}`);
      return f;
    },
    body: () => ({}),
  },
  {
    method: 'POST',
    path: '/users/{id}/invitation',
    roles: [],
    scope: 'none',
    write: false,
    setup: (ctx) => ctx.person(),
    body: () => ({}),
  },
  { method: 'GET', path: '/auth/options', roles: 'public', scope: 'none', write: false },
  {
    method: 'POST',
    path: '/auth/password-reset',
    roles: 'public',
    scope: 'none',
    write: false,
    body: () => ({ email: 'ai-do@bca.example.org' }),
  },
  { method: 'POST', path: '/auth/logout', roles: 'any', scope: 'none', write: false, body: () => ({}) },
  { method: 'GET', path: '/me', roles: 'any', scope: 'none', write: false },
  { method: 'POST', path: '/auth/login', roles: 'public', scope: 'none', write: false, skip: NEEDS_A_PERSON },
  { method: 'POST', path: '/auth/invitations/accept', roles: 'public', scope: 'none', write: false, skip: NEEDS_A_PERSON },
  { method: 'GET', path: '/auth/oidc/login', roles: 'public', scope: 'none', write: false, skip: NEEDS_A_PERSON },
  { method: 'GET', path: '/auth/oidc/callback', roles: 'public', scope: 'none', write: false, skip: NEEDS_A_PERSON },
  { method: 'POST', path: '/auth/logout-everywhere', roles: 'any', scope: 'none', write: false, skip: NEEDS_A_PERSON },
  { method: 'POST', path: '/me/tokens', roles: 'any', scope: 'none', write: false, skip: NEEDS_A_PERSON },
  { method: 'PUT', path: '/me/absence', roles: 'any', scope: 'none', write: false, skip: NEEDS_A_PERSON },
  { method: 'GET', path: '/me/tokens', roles: 'any', scope: 'none', write: false, skip: NEEDS_A_PERSON },
  { method: 'DELETE', path: '/me/tokens/{id}', roles: 'any', scope: 'none', write: false, skip: NEEDS_A_PERSON },
  { method: 'POST', path: '/me/totp', roles: 'any', scope: 'none', write: false, skip: NEEDS_A_PERSON },
  { method: 'POST', path: '/me/totp/confirm', roles: 'any', scope: 'none', write: false, skip: NEEDS_A_PERSON },
  { method: 'DELETE', path: '/me/totp', roles: 'any', scope: 'none', write: false, skip: NEEDS_A_PERSON },
  { method: 'GET', path: '/audit/anchors', roles: ['auditor'], scope: 'none', write: false },
  { method: 'GET', path: '/audit/anchors/public-key', roles: ['auditor'], scope: 'none', write: false },
  {
    method: 'GET',
    path: '/events',
    roles: ['auditor'],
    scope: 'none',
    write: false,
    query: { fromPosition: 'position', afterPosition: 'position', limit: 'limit' },
  },

  // Reminder and escalation rules
  {
    method: 'GET',
    path: '/reminder-rules',
    roles: ['coordinator', 'auditor'],
    scope: 'none',
    write: false,
    query: { minPosition: 'position' },
  },
  {
    method: 'POST',
    path: '/reminder-rules',
    roles: [],
    scope: 'none',
    write: true,
    body: (_f, ctx) => ruleBody(ctx.uniq('rule').toLowerCase()),
    fields: { id: { kind: 'line' }, ...RULE_FIELDS },
  },
  {
    method: 'POST',
    path: '/reminder-rules/simulate',
    roles: ['coordinator'],
    scope: 'none',
    write: false,
    body: () => ({ from: '2026-03-01', to: '2026-04-30' }),
    fields: { from: { kind: 'time', required: true }, to: { kind: 'time', required: true } },
  },
  {
    method: 'GET',
    path: '/reminder-rules/{id}',
    roles: ['coordinator', 'auditor'],
    scope: 'none',
    write: false,
    setup: (ctx) => ctx.rule(),
  },
  {
    method: 'GET',
    path: '/reminder-rules/{id}/history',
    roles: ['coordinator', 'auditor'],
    scope: 'none',
    write: false,
    setup: (ctx) => ctx.rule(),
  },
  {
    method: 'PUT',
    path: '/reminder-rules/{id}',
    roles: [],
    scope: 'none',
    write: true,
    setup: (ctx) => ctx.rule(),
    // Another name each time: an unchanged rule appends nothing.
    body: (f, ctx) => ruleBody(String(f.id), { name: `Nhắc trước hạn ${ctx.uniq('v')}` }),
    fields: RULE_FIELDS,
  },
  { method: 'DELETE', path: '/reminder-rules/{id}', roles: [], scope: 'none', write: true, setup: (ctx) => ctx.rule() },

  // Notifications
  {
    method: 'GET',
    path: '/notifications',
    roles: ['coordinator', 'auditor', 'agency'],
    scope: 'none',
    write: false,
    query: { taskId: 'text', status: 'status', recipient: 'text', limit: 'limit', cursor: 'cursor', minPosition: 'position' },
  },
  // A letter's acknowledgement link: no sign-in, the signed token is the credential (a bearer
  // token, known or not, changes nothing). The POST appends to a notice stream, which
  // eventCount leaves out: `write: false`.
  {
    method: 'GET',
    path: '/acknowledgements/{token}',
    roles: 'public',
    scope: 'none',
    write: false,
    setup: (ctx) => ctx.acknowledgementLink(),
  },
  {
    method: 'POST',
    path: '/acknowledgements/{token}',
    roles: 'public',
    scope: 'none',
    write: false,
    setup: (ctx) => ctx.acknowledgementLink(),
    body: () => ({}),
  },

  // Reports: every role; an agency officer sees its own agency and may not ask for another's.
  {
    method: 'GET',
    path: '/reports/summary',
    roles: 'any',
    scope: 'none',
    write: false,
    query: { ...REPORT_TIMES, source: 'text', agency: 'text', from: 'time', to: 'time' },
  },
  { method: 'GET', path: '/inbox', roles: 'any', scope: 'none', write: false, query: { minPosition: 'position' } },
  { method: 'GET', path: '/reports/agencies', roles: 'any', scope: 'none', write: false, query: REPORT_TIMES },
  { method: 'GET', path: '/reports/agencies/chart.svg', roles: 'any', scope: 'none', write: false, query: REPORT_TIMES },
  {
    method: 'GET',
    path: '/reports/monthly-plan',
    roles: 'any',
    scope: 'none',
    write: false,
    query: { ...REPORT_TIMES, year: 'year', agency: 'text' },
  },
  {
    method: 'GET',
    path: '/reports/monthly-plan/chart.svg',
    roles: 'any',
    scope: 'none',
    write: false,
    query: { ...REPORT_TIMES, year: 'year' },
  },
  {
    method: 'GET',
    path: '/reports/blockers',
    roles: 'any',
    scope: 'none',
    write: false,
    query: { ...REPORT_TIMES, status: 'status', agency: 'text' },
  },
  { method: 'GET', path: '/reports/dashboard.html', roles: 'any', scope: 'none', write: false, query: { ...REPORT_TIMES, year: 'year' } },
  ...['/reports/summary', '/reports/monthly-plan', '/reports/monthly-plan/chart.svg', '/reports/blockers', '/reports/dashboard.html'].map(
    (path): EndpointRow => ({
      method: 'GET',
      path: `${path}?agency={agency}`,
      roles: 'any',
      scope: 'agency',
      write: false,
      setup: async () => ({ agency: FIXTURE_AGENCIES.lead }),
    }),
  ),
];

/** Rows not skipped. */
export const activeEndpoints = (): EndpointRow[] => ENDPOINTS.filter((r) => !r.skip);
/** Rows that take a JSON body (commands, and POSTs such as a dry run). */
export const bodyRows = (): EndpointRow[] => activeEndpoints().filter((r) => r.body !== undefined);
export const queryRows = (): EndpointRow[] => activeEndpoints().filter((r) => r.method === 'GET');
