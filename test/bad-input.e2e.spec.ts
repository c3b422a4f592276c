/**
 * quality.md "Bad input on every command": malformed JSON, wrong types, 1 MB strings, control
 * characters, CR/LF in names and emails, impossible dates, unknown agency, task or blocker, bad
 * query parameters. Each answer is {error: {code, message, details: [{field, message}]}} naming
 * the field at fault, carries no stack trace, SQL or echo of a huge input, and no event is
 * appended. The commands and their fields come from test/support/endpoint-matrix.ts, so a row
 * added there is covered here too.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import request, { type Response } from 'supertest';
import {
  API,
  EndpointRow,
  FieldKind,
  FieldSpec,
  Fixture,
  MatrixContext,
  PERSONAS,
  QueryKind,
  bodyRows,
  queryRows,
  ruleBody,
  rowName,
} from './support/endpoint-matrix';
import { TOKENS, TestApp, agencyBody, startTestApp, taskBody } from './support/test-app';

const ADMIN = PERSONAS.find((p) => p.key === 'admin')!;
const MB = 1024 * 1024;
/** An error answer that echoes a 1 MB input back is a bug of its own; real ones are a few hundred bytes. */
const MAX_ERROR_BYTES = 16 * 1024;
const STACK_FRAME = /\bat [\w$.<>[\] ]+ \(|\bat \/|\.(ts|js):\d+:\d+/;
const SQL = /\b(SELECT|INSERT|UPDATE|DELETE FROM|CREATE TABLE)\b|syntax error at|relation "|violates .* constraint/;

/** The one error shape of api.md, naming `fields`, with nothing of the server's inside. */
function expectCleanError(res: Response, status: number | number[], fields: string[] = []): void {
  const statuses = Array.isArray(status) ? status : [status];
  const summary = `${res.status} ${res.text.slice(0, 400)}`;
  expect({ ok: statuses.includes(res.status), summary }).toEqual({ ok: true, summary });
  expect(res.body).toEqual({ error: { code: expect.any(String), message: expect.any(String), details: expect.any(Array) } });
  for (const d of res.body.error.details) expect(d).toEqual({ field: expect.any(String), message: expect.any(String) });
  const named = res.body.error.details.map((d: { field: string }) => d.field);
  for (const field of fields) expect({ named, missing: field }).toEqual({ named: expect.arrayContaining([field]), missing: field });
  expect(res.text).not.toMatch(STACK_FRAME);
  expect(res.text).not.toMatch(SQL);
  expect(res.text.length).toBeLessThan(MAX_ERROR_BYTES);
}

/** Sets `a.b` in a copy of `body`. */
function withField(body: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(body);
  const keys = path.split('.');
  let target = copy as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) {
    if (typeof target[key] !== 'object' || target[key] === null) target[key] = {};
    target = target[key] as Record<string, unknown>;
  }
  target[keys[keys.length - 1]] = value;
  return copy;
}

const getField = (body: Record<string, unknown>, path: string): unknown =>
  path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), body);

// ---------------------------------------------------------------------------------------------
// How each kind of field is broken

interface Variant {
  label: string;
  /** the bad value, given the valid one */
  value: (valid: unknown) => unknown;
  /** the field the 400 must name: `path` unless a list element (`path[i]`) */
  field?: (path: string, valid: unknown) => string;
}

const ONE_MB = 'ả'.repeat(MB / 2); // 1 MB of UTF-8, 512 Ki characters
const WRONG_TYPE_FOR_TEXT: Variant[] = [
  { label: 'a number instead of text', value: () => 42 },
  { label: 'an array instead of text', value: () => ['Bộ Công an'] },
];
const TEXT_CONTENT: Variant[] = [
  { label: 'a 1 MB string', value: () => ONE_MB },
  { label: 'a NUL character', value: () => 'Bộ Công\u0000an' },
  { label: 'control characters (BEL, ESC, DEL)', value: () => 'Bộ\u0007 Công\u001b an\u007f' },
  { label: 'a lone UTF-16 surrogate', value: () => 'Bộ Công \ud800an' },
];
const HEADER_INJECTION: Variant[] = [{ label: 'CR/LF (header injection)', value: () => 'Nguyễn Văn An\r\nBcc: attacker@example.org' }];

/** A list element: keeps the first valid element and adds the bad one after it. */
const element = (label: string, bad: unknown): Variant => ({
  label,
  value: (valid) => [...(Array.isArray(valid) && valid.length ? [valid[0]] : []), bad],
  field: (path, valid) => `${path}[${Array.isArray(valid) && valid.length ? 1 : 0}]`,
});

const VARIANTS: Record<FieldKind, Variant[]> = {
  line: [...WRONG_TYPE_FOR_TEXT, ...TEXT_CONTENT, ...HEADER_INJECTION],
  prose: [...WRONG_TYPE_FOR_TEXT, ...TEXT_CONTENT],
  email: [
    ...WRONG_TYPE_FOR_TEXT,
    ...TEXT_CONTENT,
    { label: 'CR/LF (header injection)', value: () => 'an@bca.example.org\r\nBcc: attacker@example.org' },
    { label: 'something that is not an email address', value: () => 'an.nguyen(at)bca.example.org' },
  ],
  agency: [...WRONG_TYPE_FOR_TEXT, ...TEXT_CONTENT, ...HEADER_INJECTION, { label: 'an unknown agency', value: () => 'KHONG-CO' }],
  agencies: [
    { label: 'a string instead of a list', value: () => 'BKHCN' },
    element('an unknown agency in the list', 'KHONG-CO'),
    element('a number in the list', 42),
    element('a NUL character in an element', 'BK\u0000HCN'),
    element('a 1 MB element', ONE_MB),
  ],
  percent: [
    { label: 'a string instead of a number', value: () => '60' },
    { label: 'an array instead of a number', value: () => [60] },
    { label: 'a boolean', value: () => true },
    { label: 'a fraction', value: () => 60.5 },
    { label: 'a negative number', value: () => -1 },
    { label: 'more than 100', value: () => 101 },
  ],
  deadline: [
    ...WRONG_TYPE_FOR_TEXT,
    { label: 'the impossible date 2026-02-30', value: () => '2026-02-30' },
    { label: 'the impossible quarter Q5/2026', value: () => 'Q5/2026' },
    { label: 'the impossible quarter Q0/2026', value: () => 'Q0/2026' },
    { label: 'the impossible month 13/2026', value: () => '13/2026' },
    { label: 'the impossible month 00/2026', value: () => '00/2026' },
    { label: 'the impossible day 32/01/2026', value: () => '32/01/2026' },
    { label: 'the impossible day 29/02/2026 (not a leap year)', value: () => '29/02/2026' },
    { label: 'the impossible date 2026-13-01', value: () => '2026-13-01' },
    { label: 'words', value: () => 'sớm nhất có thể' },
    { label: 'a 1 MB string', value: () => ONE_MB },
  ],
  time: [
    ...WRONG_TYPE_FOR_TEXT,
    { label: 'garbage', value: () => 'garbage' },
    { label: 'the impossible date 2026-02-30', value: () => '2026-02-30' },
    { label: 'an impossible date-time', value: () => '2026-02-30T10:00:00+07:00' },
    { label: 'hour 25', value: () => '2026-01-05T25:00:00+07:00' },
    { label: 'a date-time without offset', value: () => '2026-01-05T08:00:00' },
  ],
  day: [
    ...WRONG_TYPE_FOR_TEXT,
    { label: 'the impossible date 2025-02-30', value: () => '2025-02-30' },
    { label: 'a dd/mm/yyyy date', value: () => '01/04/2025' },
  ],
  days: [
    { label: 'a string instead of a list', value: () => '2031-01-01' },
    element('an impossible day in the list', '2031-02-30'),
    element('a number in the list', 20310101),
  ],
  emails: [
    { label: 'a string instead of a list', value: () => 'vpcp@chinhphu.example.org' },
    element('CR/LF in an element (header injection)', 'vpcp@chinhphu.example.org\r\nBcc: attacker@example.org'),
    element('a number in the list', 42),
    element('something that is not an email address', 'vpcp(at)chinhphu'),
    element('a NUL character in an element', 'vpcp@chinh\u0000phu.example.org'),
  ],
  list: [
    { label: 'a string instead of a list', value: () => 'bao-cao-thang' },
    { label: 'an object instead of a list', value: () => ({ id: 'bao-cao-thang' }) },
  ],
  object: [
    { label: 'an array instead of an object', value: () => [{ name: 'Nguyễn Văn An' }] },
    { label: 'a string instead of an object', value: () => 'Nguyễn Văn An' },
    { label: 'a number instead of an object', value: () => 42 },
  ],
  enum: [
    { label: 'a value not in the list', value: () => 'nope' },
    { label: 'a number', value: () => 1 },
  ],
  boolean: [
    { label: 'a string instead of a boolean', value: () => 'true' },
    { label: 'a number instead of a boolean', value: () => 1 },
  ],
  int: [
    { label: 'a string instead of a number', value: () => '5' },
    { label: 'a fraction', value: () => 1.5 },
    { label: 'an array instead of a number', value: () => [1] },
    { label: 'a number far out of range', value: () => 1e9 },
  ],
  codes: [
    { label: 'a string instead of a list', value: () => '71/NQ-CP' },
    element('a number in the list', 42),
    element('a NUL character in an element', '71/NQ\u0000-CP'),
    element('CR/LF in an element', '71/NQ-CP\r\nBcc: attacker@example.org'),
    element('a 1 MB element', ONE_MB),
  ],
  recipients: [
    { label: 'a string instead of a list', value: () => 'assignee' },
    { label: 'an empty list', value: () => [] },
    element('CR/LF in an email recipient (header injection)', 'email:thanh-tra@example.org\r\nBcc: attacker@example.org'),
    element('a NUL character in an email recipient', 'email:thanh-tra\u0000@example.org'),
    element('an unknown recipient keyword', 'everyone'),
    element('a number in the list', 42),
  ],
  clock: [
    { label: 'hour 25', value: () => '25:00' },
    { label: 'a one-digit hour', value: () => '8:00' },
    { label: 'a number', value: () => 800 },
  ],
};

/** A wrong type for a field of this kind, for the "every field at once" cases. */
const WRONG_TYPE: Record<FieldKind, unknown> = {
  line: 42,
  prose: 42,
  email: 42,
  agency: 42,
  agencies: 'BKHCN',
  percent: 'sáu mươi',
  deadline: 42,
  time: 42,
  day: 42,
  days: '2031-01-01',
  emails: 'vpcp@chinhphu.example.org',
  object: 42,
  list: 42,
  enum: 42,
  boolean: 'có',
  int: 'năm',
  codes: '71/NQ-CP',
  recipients: 'assignee',
  clock: 800,
};

const isTaskRow = (row: EndpointRow) => row.path.startsWith('/tasks/{id}');

// ---------------------------------------------------------------------------------------------
// The cases

type FieldCase = [string, EndpointRow, string, Variant];
const FIELD_CASES: FieldCase[] = bodyRows().flatMap((row) =>
  Object.entries(row.fields ?? {}).flatMap(([path, spec]: [string, FieldSpec]) => {
    const variants = [...VARIANTS[spec.kind]];
    if (spec.required) variants.push({ label: 'null', value: () => null });
    return variants.map((v): FieldCase => [`${rowName(row)} › ${path}: ${v.label} → 400 naming it`, row, path, v]);
  }),
);

type RowCase = [string, EndpointRow];
const writeRows = () => bodyRows().filter((r) => r.write);
const rowCases = (suffix: string, rows: EndpointRow[] = bodyRows()): RowCase[] => rows.map((row) => [`${rowName(row)} › ${suffix}`, row]);

type QueryCase = [string, EndpointRow, string, string, number[]];
const QUERY_VALUES: Record<QueryKind, { value: string; label: string; status?: number[] }[]> = {
  limit: [
    { value: '0', label: '0' },
    { value: 'abc', label: 'abc' },
    { value: '-1', label: '-1' },
    { value: '1.5', label: '1.5' },
    { value: '100000', label: 'above the maximum' },
  ],
  position: [
    { value: '-1', label: '-1' },
    { value: 'abc', label: 'abc' },
    { value: '1e3', label: '1e3' },
  ],
  time: [
    { value: 'garbage', label: 'garbage' },
    { value: '2026-02-30', label: 'the impossible date 2026-02-30' },
    { value: '2026-01-05T25:00:00%2B07:00', label: 'hour 25' },
  ],
  status: [{ value: 'nope', label: 'nope' }],
  year: [
    { value: 'abc', label: 'abc' },
    { value: '1999', label: '1999 (out of range)' },
    { value: '20260', label: '20260' },
  ],
  // Free text filters and the opaque cursor: a strange value may match nothing (200) or be a
  // 400 naming the parameter, never a 500.
  text: [{ value: '%00', label: 'a NUL character', status: [200, 400] }],
  cursor: [
    { value: 'AAAA', label: 'a cursor that decodes to NUL bytes', status: [200, 400] },
    { value: '%00', label: 'a NUL character', status: [200, 400] },
    { value: '%F0%9F', label: 'a broken UTF-8 sequence', status: [200, 400] },
  ],
};
const QUERY_CASES: QueryCase[] = queryRows().flatMap((row) =>
  Object.entries(row.query ?? {}).flatMap(([param, kind]) =>
    QUERY_VALUES[kind].map(({ value, label, status }): QueryCase => [
      `${rowName(row)} › ${param}=${label} → ${status ? status.join(' or ') : '400'} naming ${param}`,
      row,
      param,
      value,
      status ?? [400],
    ]),
  ),
);

describe('bad input', () => {
  let t: TestApp;
  let ctx: MatrixContext;

  beforeAll(async () => {
    t = await startTestApp({
      env: { COMPLETION_CONFIRMATION: 'required', SCAN_INTERVAL_MS: '3600000', QUEUE_PREFIX: `badin-${randomBytes(4).toString('hex')}` },
    });
    ctx = new MatrixContext(t);
    await ctx.registerAgencies();
  });
  afterAll(() => t?.close());

  /**
   * A fixture and a valid body for `row`, as admin (who may call everything). A refused call
   * changes nothing, so the fixture of a row is shared by its cases until one of them appends an
   * event (an app bug, or a case that may succeed): the next case then gets a fresh one.
   */
  const fixtures = new Map<EndpointRow, Fixture>();
  async function prepare(row: EndpointRow): Promise<{ fixture: Fixture; body: Record<string, unknown> }> {
    let fixture = fixtures.get(row);
    if (!fixture) {
      fixture = row.setup ? await row.setup(ctx, 'none') : {};
      fixtures.set(row, fixture);
    }
    return { fixture, body: row.body?.(fixture, ctx) ?? {} };
  }
  /** Fixtures may have changed (something was appended): every row starts afresh. */
  const dropFixtures = () => fixtures.clear();

  /** Sends `send` and checks the clean error and that the event count did not move. */
  async function expectRefused(send: () => PromiseLike<Response>, status: number | number[], fields: string[] = []): Promise<Response> {
    const before = await ctx.eventCount();
    const res = await send();
    const after = await ctx.eventCount();
    if (after !== before || res.status < 300) dropFixtures();
    expectCleanError(res, status, fields);
    expect(after).toBe(before);
    return res;
  }

  describe('each field of each command, broken one way at a time', () => {
    it.each(FIELD_CASES)('%s', async (_name, row, path, variant) => {
      const { fixture, body } = await prepare(row);
      const valid = getField(body, path);
      const bad = withField(body, path, variant.value(valid));
      const field = variant.field ? variant.field(path, valid) : path;
      await expectRefused(() => ctx.call(row, ADMIN, fixture, bad), 400, [field]);
    });
  });

  describe('every field at fault is named in one answer', () => {
    const leaves = (row: EndpointRow, withTime: boolean) =>
      Object.entries(row.fields ?? {}).filter(([, s]) => s.kind !== 'object' && (s.kind === 'time') === withTime);

    it.each(
      rowCases(
        'every body field of the wrong type at once → 400 naming each',
        bodyRows().filter((r) => leaves(r, false).length > 1),
      ),
    )('%s', async (_name, row) => {
      const { fixture, body } = await prepare(row);
      const fields = leaves(row, false);
      const bad = fields.reduce((b, [path, spec]) => withField(b, path, WRONG_TYPE[spec.kind]), body);
      await expectRefused(
        () => ctx.call(row, ADMIN, fixture, bad),
        400,
        fields.map(([p]) => p),
      );
    });

    it.each(
      rowCases(
        'a bad business time (occurredAt, assignedAt, completedAt) with another bad field → 400 naming both',
        writeRows().filter((r) => leaves(r, true).length && leaves(r, false).length),
      ),
    )('%s', async (_name, row) => {
      const { fixture, body } = await prepare(row);
      const [[timePath]] = leaves(row, true);
      const [[otherPath, otherSpec]] = leaves(row, false);
      const bad = withField(withField(body, timePath, 'garbage'), otherPath, WRONG_TYPE[otherSpec.kind]);
      await expectRefused(() => ctx.call(row, ADMIN, fixture, bad), 400, [timePath, otherPath]);
    });
  });

  describe('bodies that are not a JSON object', () => {
    it.each(rowCases('malformed JSON → 400 malformed_json naming the body'))('%s', async (_name, row) => {
      const { fixture } = await prepare(row);
      const res = await expectRefused(
        () => ctx.call(row, ADMIN, fixture).set('Content-Type', 'application/json').send('{"reason": "Không còn phù hợp", '),
        400,
        ['body'],
      );
      expect(res.body.error.code).toBe('malformed_json');
    });

    it.each(rowCases('a JSON array → 400 naming the body'))('%s', async (_name, row) => {
      const { fixture, body } = await prepare(row);
      await expectRefused(() => ctx.call(row, ADMIN, fixture, [body]), 400, ['body']);
    });

    it.each(rowCases('JSON null → 400 naming the body'))('%s', async (_name, row) => {
      const { fixture } = await prepare(row);
      await expectRefused(() => ctx.call(row, ADMIN, fixture).set('Content-Type', 'application/json').send('null'), 400, ['body']);
    });

    it.each(rowCases('a JSON string → 400 naming the body'))('%s', async (_name, row) => {
      const { fixture } = await prepare(row);
      await expectRefused(() => ctx.call(row, ADMIN, fixture).set('Content-Type', 'application/json').send('"Không còn phù hợp"'), 400, [
        'body',
      ]);
    });

    it.each(rowCases('a body over 2 MB → 413'))('%s', async (_name, row) => {
      const { fixture, body } = await prepare(row);
      await expectRefused(() => ctx.call(row, ADMIN, fixture, { ...body, padding: 'x'.repeat(3 * MB) }), 413);
    });

    it.each(rowCases('a charset the server cannot read → 400 or 415'))('%s', async (_name, row) => {
      const { fixture, body } = await prepare(row);
      await expectRefused(
        () => ctx.call(row, ADMIN, fixture).set('Content-Type', 'application/json; charset=ebcdic').send(JSON.stringify(body)),
        [400, 415],
      );
    });

    it.each(rowCases('an Idempotency-Key of 201 characters → 400 naming it', writeRows()))('%s', async (_name, row) => {
      const { fixture, body } = await prepare(row);
      await expectRefused(() => ctx.call(row, ADMIN, fixture, body).set('Idempotency-Key', 'k'.repeat(201)), 400, ['Idempotency-Key']);
    });

    // 200,000 nested arrays in an ignored field: the command may take the body or refuse it,
    // but hashing it for the Idempotency-Key must not crash the request.
    it.each(
      rowCases(
        'a deeply nested JSON value with an Idempotency-Key → not a 500',
        writeRows().filter((r) => ['/tasks', '/tasks/{id}/progress'].includes(r.path)),
      ),
    )('%s', async (_name, row) => {
      const { fixture, body } = await prepare(row);
      const json = JSON.stringify(body).replace(/}$/, `,"extra":${'['.repeat(200_000)}${']'.repeat(200_000)}}`);
      const res = await ctx
        .call(row, ADMIN, fixture)
        .set('Content-Type', 'application/json')
        .set('Idempotency-Key', randomUUID())
        .send(json);
      dropFixtures();
      if (res.status >= 300) expectCleanError(res, 400);
      else expect(res.status).toBeLessThan(300);
    });
  });

  describe('unknown things', () => {
    it.each(rowCases('an unknown task code → 404, no event', writeRows().filter(isTaskRow)))('%s', async (_name, row) => {
      const { fixture, body } = await prepare(row);
      const res = await expectRefused(() => ctx.call(row, ADMIN, { ...fixture, id: 'KHONG-CO-404' }, body), 404);
      expect(res.body.error.code).toBe('not_found');
    });

    it.each(rowCases('an unknown task id (UUID) → 404, no event', writeRows().filter(isTaskRow)))('%s', async (_name, row) => {
      const { fixture, body } = await prepare(row);
      await expectRefused(() => ctx.call(row, ADMIN, { ...fixture, id: randomUUID() }, body), 404);
    });

    it.each(rowCases('an unknown task → 404', queryRows().filter(isTaskRow)))('%s', async (_name, row) => {
      await expectRefused(() => ctx.call(row, ADMIN, { id: 'KHONG-CO-404' }), 404);
      await expectRefused(() => ctx.call(row, ADMIN, { id: randomUUID() }), 404);
      await expectRefused(() => ctx.call(row, ADMIN, { id: 'NUL\u0000' }), [400, 404]);
    });

    const resolution = writeRows().find((r) => r.path === '/tasks/{id}/blockers/{blockerId}/resolution')!;
    it.each([
      ['an unknown blocker id', async () => randomUUID()],
      ['the blocker of another task', async () => (await ctx.taskWithBlocker()).blockerId as string],
      ['a blocker id with a NUL character', async () => 'b\u0000'],
      ['a 10,000-character blocker id', async () => 'b'.repeat(10_000)],
    ])('POST /tasks/{id}/blockers/{blockerId}/resolution › %s → 404, no event', async (_label, blockerId) => {
      const { fixture, body } = await prepare(resolution);
      const id = await blockerId();
      await expectRefused(() => ctx.call(resolution, ADMIN, { ...fixture, blockerId: id }, body), 404);
    });

    it.each([
      ['an unknown rule', 'khong-co-404'],
      ['an id with a space', 'khong co'],
      ['an id with a NUL character', 'r\u0000'],
    ])('GET, PUT, DELETE /reminder-rules/{id} › %s → 404, no event', async (_label, id) => {
      const url = `${API}/reminder-rules/${encodeURIComponent(id)}`;
      await expectRefused(() => t.as('admin').get(url), 404);
      await expectRefused(() => t.as('admin').get(`${url}/history`), 404);
      await expectRefused(() => t.as('admin').put(url, ruleBody('khong-co-404')), 404);
      await expectRefused(() => request(t.app.getHttpServer()).delete(url).set('Authorization', `Bearer ${TOKENS.admin}`), 404);
    });

    it('DELETE /reminder-rules/{id} › a rule deleted before → 404 or 409, no event', async () => {
      const { id } = await ctx.rule();
      const url = `${API}/reminder-rules/${id}`;
      await request(t.app.getHttpServer()).delete(url).set('Authorization', `Bearer ${TOKENS.admin}`).expect(200);
      await expectRefused(() => request(t.app.getHttpServer()).delete(url).set('Authorization', `Bearer ${TOKENS.admin}`), [404, 409]);
      await expectRefused(() => t.as('admin').get(url), 404);
    });

    it('GET /agencies/{code} › an unknown agency → 404', async () => {
      await expectRefused(() => t.as('auditor').get(`${API}/agencies/KHONG-CO`), 404);
    });

    it('GET /agencies/{code} › a code with a NUL character → 400 or 404', async () => {
      await expectRefused(() => t.as('auditor').get(`${API}/agencies/B%00CA`), [400, 404]);
    });

    it('PUT /agencies/{code}/head › an unknown agency → 404, no event', async () => {
      await expectRefused(
        () =>
          t.as('coordinator').put(`${API}/agencies/KHONG-CO/head`, { name: 'Trần Văn B', title: 'Bộ trưởng', email: 'b@x.example.org' }),
        404,
      );
    });

    it('PUT /agencies/{code}/head › a code with a NUL character → 400 or 404, no event', async () => {
      await expectRefused(
        () => t.as('coordinator').put(`${API}/agencies/B%00CA/head`, { name: 'Trần Văn B', title: 'Bộ trưởng', email: 'b@x.example.org' }),
        [400, 404],
      );
    });

    it('POST /tasks › an unknown lead and an unknown coordinating agency → 400 naming leadAgency and coordinatingAgencies[1], no event', async () => {
      await expectRefused(
        () =>
          t
            .as('coordinator')
            .post(
              `${API}/tasks`,
              taskBody({ code: ctx.uniq('UNK'), leadAgency: 'KHONG-CO', coordinatingAgencies: ['BKHCN', 'CUNG-KHONG-CO'] }),
            ),
        400,
        ['leadAgency', 'coordinatingAgencies[1]'],
      );
    });

    it('POST /tasks › an unknown agency is named once, with the other faults', async () => {
      const res = await expectRefused(
        () => t.as('coordinator').post(`${API}/tasks`, taskBody({ code: ctx.uniq('UNK'), leadAgency: 'KHONG-CO', title: '' })),
        400,
        ['leadAgency', 'title'],
      );
      expect(res.body.error.details.filter((d: { field: string }) => d.field === 'leadAgency')).toHaveLength(1);
    });

    it('POST /tasks › a 1 MB lead agency is named once and not echoed back', async () => {
      const res = await expectRefused(
        () => t.as('coordinator').post(`${API}/tasks`, taskBody({ code: ctx.uniq('UNK'), leadAgency: 'X'.repeat(MB) })),
        400,
        ['leadAgency'],
      );
      expect(res.body.error.details.filter((d: { field: string }) => d.field === 'leadAgency')).toHaveLength(1);
    });
  });

  describe('path parameters', () => {
    it.each([
      ['GET', 'abc'],
      ['GET', '0'],
      ['GET', '99999'],
      ['PUT', 'abc'],
      ['PUT', '2026.5'],
    ])('%s /calendar/holidays/%s → 400 naming year, no event', async (method, year) => {
      const url = `${API}/calendar/holidays/${year}`;
      await expectRefused(() => (method === 'GET' ? t.as('admin').get(url) : t.as('admin').put(url, { days: [], workdays: [] })), 400, [
        'year',
      ]);
    });

    it('PUT /calendar/holidays/{year} › a body year that contradicts the path → 400 naming year', async () => {
      await expectRefused(() => t.as('admin').put(`${API}/calendar/holidays/2031`, { year: 2032, days: [] }), 400, ['year']);
    });

    it('PUT /calendar/holidays/{year} › days: null → 400 naming days (null is not a list)', async () => {
      await expectRefused(() => t.as('admin').put(`${API}/calendar/holidays/2031`, { days: null, workdays: [] }), 400, ['days']);
    });

    it('a path with broken percent-encoding → 400 in the API error shape', async () => {
      await expectRefused(() => t.as('coordinator').post(`${API}/tasks/%E0%A4%A/progress`, { percent: 1 }), 400);
    });
  });

  describe('query parameters', () => {
    it.each(QUERY_CASES)('%s', async (_name, row, param, value, statuses) => {
      const fixture = row.setup ? await row.setup(ctx, 'none') : {};
      const res = await ctx.call(row, ADMIN, fixture).query(`${param}=${value}`);
      if (res.status === 200 && statuses.includes(200)) return;
      expectCleanError(res, statuses, [param]);
    });

    it('GET /tasks › several bad parameters → one 400 naming each', async () => {
      const res = await t.as('auditor').get(`${API}/tasks?limit=0&asOf=garbage&status=nope&minPosition=-1&dueTo=2026-13-01`);
      expectCleanError(res, 400, ['limit', 'asOf', 'status', 'minPosition', 'dueTo']);
    });

    it('GET /tasks › a repeated parameter → 400 naming it', async () => {
      expectCleanError(await t.as('auditor').get(`${API}/tasks?limit=1&limit=2`), 400, ['limit']);
      expectCleanError(await t.as('auditor').get(`${API}/tasks?status=overdue&status=on_track`), 400, ['status']);
    });
  });

  describe('Vietnamese text round-trips exactly', () => {
    const NFC = 'Xây dựng Cơ sở dữ liệu quốc gia về đổi mới sáng tạo — Nguyễn Thị Ánh Tuyết, Đắk Lắk, Thừa Thiên Huế'.normalize('NFC');
    const NFD = NFC.normalize('NFD');
    const NOM = 'Chữ Nôm 𡨸喃 và ký tự ngoài BMP 𠀧';
    const PROSE = 'Dòng một: Ủy ban nhân dân\r\nDòng hai:\tđã trình\nDòng ba: “ngoặc kép” ‘đơn’ … ₫';

    it('NFC and NFD are different byte sequences (the test is meaningful)', () => {
      expect(NFC).not.toBe(NFD);
      expect(Buffer.byteLength(NFD)).toBeGreaterThan(Buffer.byteLength(NFC));
    });

    it.each([
      ['NFC', NFC],
      ['NFD', NFD],
      ['astral (Nôm)', NOM],
    ])('%s text comes back as sent from the command, the task, the list and the history', async (_form, text) => {
      const code = ctx.uniq('VN');
      const sent = taskBody({
        code,
        title: text,
        description: `${text}\n${PROSE}`,
        assignee: { name: text.slice(0, 150), email: 'an@bca.example.org' },
        deliverable: PROSE,
        approver: text.slice(0, 200),
      });
      const created = await t.as('coordinator').post(`${API}/tasks`, sent).expect(201);
      const check = (v: Record<string, any>) => {
        expect(v.title).toBe(text);
        expect(v.assignee.name).toBe(text.slice(0, 150));
      };
      check(created.body);
      expect(created.body.description).toBe(`${text}\n${PROSE}`);
      const one = await t.as('auditor').get(`${API}/tasks/${created.body.id}`).expect(200);
      check(one.body);
      expect(one.body.description).toBe(`${text}\n${PROSE}`);
      const list = await t.as('auditor').get(`${API}/tasks?limit=500&minPosition=${created.body.position}`).expect(200);
      check(list.body.items.find((i: { code: string }) => i.code === code));
      const history = await t.as('auditor').get(`${API}/tasks/${created.body.id}/history`).expect(200);
      expect(history.body.events[0].data).toMatchObject({
        title: text,
        description: `${text}\n${PROSE}`,
        deliverable: PROSE,
        approver: text.slice(0, 200),
      });
      const progress = await t
        .as('bca')
        .post(`${API}/tasks/${created.body.id}/progress`, { percent: 5, note: `${text}\r\n${PROSE}` })
        .expect(201);
      expect(progress.body.progress.note).toBe(`${text}\r\n${PROSE}`);
      const after = await t.as('auditor').get(`${API}/tasks/${created.body.id}`).expect(200);
      expect(after.body.progress.note).toBe(`${text}\r\n${PROSE}`);
    });

    it.each([
      ['NFC', NFC],
      ['NFD', NFD],
    ])('%s agency names and heads come back as sent', async (_form, text) => {
      const code = ctx.uniq('VNA').toUpperCase().slice(0, 30);
      const name = text.slice(0, 60);
      await t
        .as('coordinator')
        .post(`${API}/agencies`, {
          code,
          name,
          kind: 'province',
          head: { name, title: 'Chủ tịch Ủy ban nhân dân tỉnh', email: 'ct@daklak.example.org' },
        })
        .expect(201);
      const changed = await t
        .as('coordinator')
        .put(`${API}/agencies/${code}/head`, { name: `${name} mới`, title: 'Phó Chủ tịch', email: 'pct@daklak.example.org' })
        .expect(200);
      const read = await t.as('auditor').get(`${API}/agencies/${code}?minPosition=${changed.body.position}`).expect(200);
      expect(read.body).toMatchObject({ name, head: { name: `${name} mới`, title: 'Phó Chủ tịch' } });
    });

    it('a task code is one identity in NFC and NFD: the second form is a duplicate, both find it, it reads back in NFC', async () => {
      const nfd = `VIỆT-${ctx.uniq('c')}`.normalize('NFD');
      const created = await t
        .as('coordinator')
        .post(`${API}/tasks`, taskBody({ code: nfd }))
        .expect(201);
      expect(created.body.code).toBe(nfd.normalize('NFC'));
      const before = await ctx.eventCount();
      const dup = await t
        .as('coordinator')
        .post(`${API}/tasks`, taskBody({ code: nfd.normalize('NFC') }))
        .expect(409);
      expect(dup.body.error.code).toBe('duplicate_task');
      expect(await ctx.eventCount()).toBe(before);
      for (const form of [nfd, nfd.normalize('NFC')]) {
        const res = await t
          .as('auditor')
          .get(`${API}/tasks/${encodeURIComponent(form)}`)
          .expect(200);
        expect(res.body).toMatchObject({ id: created.body.id, code: nfd.normalize('NFC') });
      }
    });

    it('"thường xuyên" in NFD is the ongoing deadline, its expression normalized to NFC', async () => {
      const res = await t
        .as('coordinator')
        .post(`${API}/tasks`, taskBody({ code: ctx.uniq('TX'), deadline: 'thường xuyên'.normalize('NFD') }))
        .expect(201);
      expect(res.body.status).toBe('ongoing');
      expect(res.body.deadline).toMatchObject({ due: null, expression: 'thường xuyên'.normalize('NFC') });
    });

    describe('an agency code is one identity in NFC and NFD, as task codes are', () => {
      /** A fresh province code with diacritics, registered in NFC. */
      let lastPosition = 0;
      const registered = async () => {
        const code = `ĐẮK-LẮK-${ctx.uniq('Ư').slice(0, 12)}`.normalize('NFC');
        const res = await t.as('coordinator').post(`${API}/agencies`, agencyBody(code, 'Tỉnh Đắk Lắk')).expect(201);
        lastPosition = res.body.position;
        return code;
      };

      it('registering the NFD form of a registered code → 409 duplicate_agency, no event', async () => {
        const code = await registered();
        const before = await ctx.eventCount();
        const res = await t.as('coordinator').post(`${API}/agencies`, agencyBody(code.normalize('NFD'), 'Tỉnh Đắk Lắk'));
        expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 409, code: 'duplicate_agency' });
        expect(await ctx.eventCount()).toBe(before);
      });

      it('GET /agencies/{code} finds it by its NFD form', async () => {
        const code = await registered();
        const res = await t.as('auditor').get(`${API}/agencies/${encodeURIComponent(code.normalize('NFD'))}?minPosition=${lastPosition}`);
        expect(`${res.status} ${res.text.slice(0, 200)}`).toMatch(/^200 /);
      });

      it('a task may name its lead agency in NFD', async () => {
        const code = await registered();
        const res = await t
          .as('coordinator')
          .post(`${API}/tasks`, taskBody({ code: ctx.uniq('DL'), leadAgency: code.normalize('NFD'), coordinatingAgencies: [] }));
        expect(`${res.status} ${res.text.slice(0, 200)}`).toMatch(/^201 /);
      });
    });
  });
});
