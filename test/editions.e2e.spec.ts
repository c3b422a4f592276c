/**
 * Report editions and the official report (issue 15; api.md "Documents"): an edition published,
 * then a late-recorded completion and a backdated extension appended; the edition reads back
 * unchanged, its restatement names exactly those tasks and events, the figures now equal
 * /reports/summary; the DOCX (mammoth) and the PDF (pdftotext) carry the edition's figures,
 * agencies, overdue list and chain head; the PDF's pages are rendered to PNG for review.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import mammoth from 'mammoth';
import request from 'supertest';
import { EVENT_STORE, type EventStore, type SqlDatabase } from '@app/event-store';
import { SQL_DATABASE } from '@app/platform';
import { publishEdition, writeEditionDocument } from '../apps/cli/src/report.commands';
import { TestApp, agencyBody, startTestApp, taskBody } from './support/test-app';

const OUT = path.resolve(__dirname, '..', 'test-output', 'editions');

describe('report editions and the official report', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  let edition: any;

  beforeAll(async () => {
    t = await startTestApp({
      now: '2026-01-05T09:00:00+07:00',
      env: { SCAN_INTERVAL_MS: '3600000', MAIL_OFFICE_NAME: 'Văn phòng Chính phủ' },
    });
    await t.as('coordinator').post('/api/v1/agencies', agencyBody('BCA', 'Bộ Công an')).expect(201);
    await t.as('coordinator').post('/api/v1/agencies', agencyBody('BKHCN', 'Bộ Khoa học và Công nghệ')).expect(201);
    const make = async (code: string, deadline: string, leadAgency: string, title: string) => {
      const { body } = await t
        .as('coordinator')
        .post('/api/v1/tasks', taskBody({ code, deadline, leadAgency, coordinatingAgencies: [], title }))
        .expect(201);
      ids[code] = body.id;
    };
    await make('NQ71-101', '2026-01-10', 'BCA', 'Hoàn thiện cơ sở dữ liệu quốc gia về dân cư');
    await make('NQ71-102', '2026-01-25', 'BKHCN', 'Trình Đề án phát triển hạ tầng số');
    await make('NQ71-103', '2026-01-15', 'BKHCN', 'Ban hành Thông tư hướng dẫn định danh điện tử');
    await make('NQ71-104', '2026-01-12', 'BCA', 'Xây dựng nền tảng xác thực điện tử');
    await make('NQ71-105', '2026-01-18', 'BKHCN', 'Sửa đổi Nghị định về giao dịch điện tử');
    t.clock.set('2026-01-14T10:00:00+07:00');
    await t
      .as('coordinator')
      .post(`/api/v1/tasks/${ids['NQ71-103']}/completion`, { deliverableRef: 'Thông tư 01/2026/TT-BKHCN' })
      .expect(201);
    await t
      .as('bca')
      .post(`/api/v1/tasks/${ids['NQ71-101']}/blockers`, { description: 'Chưa thống nhất phương án kết nối dữ liệu' })
      .expect(201);
    // NQ71-102 three quarters through its time with no progress (1 point) and a blocker (2): at high risk
    await t
      .as('coordinator')
      .post(`/api/v1/tasks/${ids['NQ71-102']}/blockers`, { description: 'Chờ ý kiến thẩm định của Bộ Tài chính' })
      .expect(201);
    t.clock.set('2026-01-21T08:00:00+07:00');
  });
  afterAll(() => t?.close());

  /**
   * The list reads the event feed, which shows a transaction once every older one has ended:
   * under the load of a full run another suite's open transaction can hold a just-published
   * edition back for a moment.
   */
  const newestEditions = async (id: string): Promise<any[]> => {
    for (let i = 0; ; i++) {
      const { body } = await t.as('auditor').get('/api/v1/reports/editions').expect(200);
      if (body[0]?.id === id || i === 50) return body;
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  it('publishes an edition: the figures, the ranking, the overdue and at-risk lists, the chain head', async () => {
    const res = await t
      .as('coordinator')
      .post('/api/v1/reports/editions', {
        title: 'Tình hình thực hiện nhiệm vụ tháng 01 năm 2026',
        number: '15/BC-VPCP',
        asOf: '2026-01-20',
      })
      .expect(201);
    edition = res.body;
    expect(edition.figures).toMatchObject({ total: 5, completedOnTime: 1, overdue: 3, dueSoon: 1 });
    expect(edition.overdue.map((x: any) => x.code).sort()).toEqual(['NQ71-101', 'NQ71-104', 'NQ71-105']);
    expect(edition.overdue.find((x: any) => x.code === 'NQ71-101')).toMatchObject({
      agencyName: 'Bộ Công an',
      days: 10,
      officer: { name: 'Nguyễn Văn An', email: 'an.nguyen@bca.example.org' },
    });
    expect(edition.atRisk).toEqual([
      expect.objectContaining({
        code: 'NQ71-102',
        days: 6,
        reasons: ['Đã qua 71% thời gian thực hiện, tiến độ mới đạt 0%', 'Có 1 khó khăn, vướng mắc chưa được tháo gỡ'],
      }),
    ]);
    expect(edition.figures.atRisk).toBe(1);
    expect(edition.blockers).toEqual([
      expect.objectContaining({ taskCode: 'NQ71-101', agencyName: 'Bộ Công an' }),
      expect.objectContaining({ taskCode: 'NQ71-102', agencyName: 'Bộ Khoa học và Công nghệ' }),
    ]);
    expect(edition.chainHead.root).toMatch(/^[0-9a-f]{64}$/);
    const summary = await t.as('coordinator').get('/api/v1/reports/summary?asOf=2026-01-20').expect(200);
    const { filters: _filters, ...summaryFigures } = summary.body;
    expect(edition.figures).toEqual(summaryFigures);
    expect((await newestEditions(edition.id))[0]).toMatchObject({ id: edition.id, number: '15/BC-VPCP' });
  });

  it('reads back unchanged after a late-recorded completion and a backdated extension; the restatement names exactly them', async () => {
    t.clock.set('2026-01-22T09:00:00+07:00');
    const done = await t
      .as('coordinator')
      .post(`/api/v1/tasks/${ids['NQ71-104']}/completion`, {
        deliverableRef: 'Nền tảng đã vận hành',
        completedAt: '2026-01-11T16:00:00+07:00',
      })
      .expect(201);
    const extended = await t
      .as('coordinator')
      .post(`/api/v1/tasks/${ids['NQ71-105']}/extensions`, {
        newDeadline: '2026-02-27',
        reason: 'Chờ ý kiến thẩm định của Bộ Tư pháp',
        decisionRef: '210/TTg-KSTT',
        occurredAt: '2026-01-17T10:00:00+07:00',
      })
      .expect(201);
    const again = await t.as('auditor').get(`/api/v1/reports/editions/${edition.id}`).expect(200);
    const { version: _v, position: _p, ...published } = edition;
    expect(again.body).toEqual(published);

    const { body: r } = await t
      .as('auditor')
      .get(`/api/v1/reports/editions/${edition.id}/restatement?minPosition=${extended.body.position}`)
      .expect(200);
    const byCode = Object.fromEntries(r.changes.map((c: any) => [c.code, c]));
    expect(Object.keys(byCode).sort()).toEqual(['NQ71-104', 'NQ71-105']);
    expect(byCode['NQ71-104']).toMatchObject({ then: 'overdue', now: 'completed_on_time' });
    expect(byCode['NQ71-104'].because).toEqual([expect.objectContaining({ type: 'TaskCompleted', position: done.body.position })]);
    expect(byCode['NQ71-105']).toMatchObject({ then: 'overdue', now: 'on_track' });
    expect(byCode['NQ71-105'].because.map((b: any) => b.type)).toEqual(['DeadlineExtended']);
    const summary = await t
      .as('coordinator')
      .get(`/api/v1/reports/summary?asOf=2026-01-20&minPosition=${extended.body.position}`)
      .expect(200);
    // every figure, byAgency and bySource included: the summary's own answer less its echo of the query
    const { filters: _filters, ...summaryFigures } = summary.body;
    expect(r.figuresNow).toEqual(summaryFigures);
    expect(r.figuresNow).toMatchObject({ completed: 2, completedOnTime: 2, completedLate: 0, inProgress: 2, overdue: 1, atRisk: 1 });
    expect(r.figuresThen).toEqual(edition.figures);
    expect(r.figuresThen.overdue).toBe(3);
  });

  /** The official report of an edition as the API serves it, DOCX read by mammoth and PDF by pdftotext, whitespace folded. */
  const documentTexts = async (id: string, name: string): Promise<{ docText: string; pdfText: string; pdfFile: string }> => {
    mkdirSync(OUT, { recursive: true });
    const server = t.app.getHttpServer();
    const auth = { Authorization: 'Bearer coordinator-token-0001' };
    const docx = await request(server).get(`/api/v1/reports/editions/${id}/document.docx`).set(auth).buffer(true).parse(binary).expect(200);
    expect(docx.headers['content-type']).toContain('wordprocessingml');
    writeFileSync(path.join(OUT, `${name}.docx`), docx.body);
    const { value: docText } = await mammoth.extractRawText({ buffer: docx.body });
    const pdf = await request(server).get(`/api/v1/reports/editions/${id}/document.pdf`).set(auth).buffer(true).parse(binary).expect(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    const pdfFile = path.join(OUT, `${name}.pdf`);
    writeFileSync(pdfFile, pdf.body);
    const pdfText = execFileSync('pdftotext', ['-layout', pdfFile, '-']).toString('utf8');
    return { docText: fold(docText), pdfText: fold(pdfText), pdfFile };
  };

  it('renders the official report as DOCX and PDF carrying the same figures, names, list and chain head', async () => {
    const { docText, pdfText, pdfFile } = await documentTexts(edition.id, 'bao-cao');
    const fonts = execFileSync('pdffonts', [pdfFile]).toString('utf8');
    expect(fonts).toMatch(/LiberationSerif/);
    expect(
      fonts
        .split('\n')
        .filter((l) => /LiberationSerif/.test(l))
        .every((l) => /\byes\s+yes\b/.test(l)),
    ).toBe(true); // embedded subsets
    const f = edition.figures;
    const inTime = f.onTrack + f.dueSoon;
    for (const [format, text] of [
      ['docx', docText],
      ['pdf', pdfText],
    ]) {
      const has = (expected: string | RegExp) =>
        expect({ format, found: typeof expected === 'string' ? text.includes(expected) : expected.test(text), expected }).toEqual({
          format,
          found: true,
          expected,
        });
      for (const expected of [
        'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
        'Độc lập - Tự do - Hạnh phúc',
        'VĂN PHÒNG CHÍNH PHỦ',
        `Số: ${edition.number}`,
        'BÁO CÁO',
        edition.title,
        // Decree 30/2020: the day below 10 and the months 1 and 2 with a leading zero
        'Hà Nội, ngày 21 tháng 01 năm 2026',
        `Tính đến ngày 20 tháng 01 năm 2026, tổng số nhiệm vụ được giao là ${n(f.total)} nhiệm vụ`,
        `đã hoàn thành ${n(f.completed)} nhiệm vụ (đúng hạn ${n(f.completedOnTime)}, quá hạn ${n(f.completedLate)})`,
        `vẫn còn ${n(f.overdue)} nhiệm vụ quá hạn chưa hoàn thành`,
        // the 2 × 2 counting of Decision 42/2014: on time / late by completed / in progress, and the totals
        `Đã hoàn thành ${n(f.completedOnTime)} ${n(f.completedLate)} ${n(f.completed)}`,
        `Đang thực hiện ${n(inTime)} ${n(f.overdue)} ${n(inTime + f.overdue)}`,
        `Cộng ${n(f.completedOnTime + inTime)} ${n(f.completedLate + f.overdue)} ${n(f.completed + inTime + f.overdue)}`,
        'Nơi nhận:',
        'KT. BỘ TRƯỞNG, CHỦ NHIỆM',
        `Ấn bản ${edition.id}`,
        `Đầu chuỗi băm (Merkle) ${edition.chainHead.root} tại vị trí ${edition.chainHead.position}`,
      ]) {
        has(expected);
      }
      for (const s of edition.figures.bySource) has(`${s.source} ${n(s.total)} ${n(s.completed)} ${n(s.overdue)}`);
      expect(edition.ranking.length).toBeGreaterThan(0);
      for (const r of edition.ranking) {
        has(cells(String(r.rank), r.name, n(r.total), n(r.completedOnTime), n(r.completedLate), n(r.overdue), pct(r.onTimeRate)));
      }
      expect(edition.overdue.length).toBe(f.overdue);
      for (const o of edition.overdue) has(cells(o.code, ddmmyyyy(o.due), n(o.days), o.officer.name));
      has(`IV. NHIỆM VỤ QUÁ HẠN CHƯA HOÀN THÀNH (${n(edition.overdue.length)} nhiệm vụ)`);
      has(`V. NHIỆM VỤ CÓ NGUY CƠ CHẬM TIẾN ĐỘ (${n(edition.atRisk.length)} nhiệm vụ)`);
      for (const r of edition.atRisk) has(cells(r.code, ddmmyyyy(r.due), n(r.days)));
      for (const b of edition.blockers) has(cells(b.taskCode, b.description));
    }
    execFileSync('pdftoppm', ['-png', '-r', '60', pdfFile, path.join(OUT, 'bao-cao-trang')]);
    expect(readdirSync(OUT).filter((f) => f.startsWith('bao-cao-trang') && f.endsWith('.png')).length).toBeGreaterThan(0);
  });

  it('writes the same official report from the CLI (report document <id> --format pdf|docx --out)', async () => {
    mkdirSync(OUT, { recursive: true });
    const store = t.app.get<EventStore>(EVENT_STORE);
    const settings = { MAIL_OFFICE_NAME: 'Văn phòng Chính phủ', MAIL_OFFICE_SIGNER: undefined, DEADLINE_TIMEZONE: 'Asia/Ho_Chi_Minh' };
    const pdf = await writeEditionDocument(store, settings, edition.id, 'pdf', path.join(OUT, 'cli-bao-cao.pdf'));
    const docx = await writeEditionDocument(store, settings, edition.id.toUpperCase(), 'docx', path.join(OUT, 'cli-bao-cao.docx'));
    const pdfText = execFileSync('pdftotext', ['-layout', pdf.file, '-']).toString('utf8').replace(/\s+/g, ' ');
    const { value: docText } = await mammoth.extractRawText({ buffer: readFileSync(docx.file) });
    for (const text of [pdfText, docText.replace(/\s+/g, ' ')]) {
      for (const expected of [
        'VĂN PHÒNG CHÍNH PHỦ',
        'Số: 15/BC-VPCP',
        'vẫn còn 3 nhiệm vụ quá hạn chưa hoàn thành',
        edition.id,
        edition.chainHead.root,
      ]) {
        expect(text).toContain(expected);
      }
    }
    await expect(
      writeEditionDocument(store, settings, '00000000-0000-4000-8000-000000000000', 'pdf', path.join(OUT, 'x.pdf')),
    ).rejects.toThrow(/no edition/);
    await expect(writeEditionDocument(store, settings, 'hôm qua', 'pdf', path.join(OUT, 'x.pdf'))).rejects.toThrow(/not an edition id/);
  });

  it('publishes from the CLI (report publish) with the figures the API serves for the date, listed with the others', async () => {
    const db = t.app.get<SqlDatabase>(SQL_DATABASE);
    const store = t.app.get<EventStore>(EVENT_STORE);
    const config = { DUE_SOON_DAYS: 7, DEADLINE_TIMEZONE: 'Asia/Ho_Chi_Minh' };
    const now = () => t.clock.now();
    const e = await publishEdition(db, store, config, {
      title: 'Báo cáo nhanh',
      number: '16/BC-VPCP',
      asOf: '2026-01-20',
      now,
      by: 'Vụ Tổng hợp',
    });
    const summary = await t.as('auditor').get(`/api/v1/reports/summary?asOf=2026-01-20&minPosition=${e.position}`).expect(200);
    for (const key of ['total', 'completedOnTime', 'completedLate', 'overdue', 'dueSoon', 'atRisk']) {
      expect({ key, value: (e.figures as any)[key] }).toEqual({ key, value: summary.body[key] });
    }
    const read = await t.as('auditor').get(`/api/v1/reports/editions/${e.id}`).expect(200);
    expect(read.body).toMatchObject({ title: 'Báo cáo nhanh', number: '16/BC-VPCP', publishedBy: 'Vụ Tổng hợp' });
    expect((await newestEditions(e.id))[0].id).toBe(e.id);
    await expect(publishEdition(db, store, config, { title: 'x', asOf: '2027-01-01', now })).rejects.toThrow(
      /--as-of: must not be in the future/,
    );
    await expect(publishEdition(db, store, config, { title: 'x', agency: 'BYT', now })).rejects.toThrow(
      /--agency: BYT is not a registered/,
    );
  });

  it('refuses bad parameters naming each field, readers who may not, and unknown editions', async () => {
    const bad = await t.as('coordinator').post('/api/v1/reports/editions', { title: '', asOf: 'hôm qua', agency: 'xx yy' }).expect(400);
    expect(bad.body.error.details.map((d: any) => d.field).sort()).toEqual(['agency', 'asOf', 'title']);
    await t.as('coordinator').post('/api/v1/reports/editions', { title: 'Tương lai', asOf: '2027-01-01' }).expect(400);
    await t.as('bca').post('/api/v1/reports/editions', { title: 'x', asOf: '2026-01-20' }).expect(403);
    await t.as('bca').get(`/api/v1/reports/editions/${edition.id}`).expect(403);
    await t.as('auditor').get('/api/v1/reports/editions/00000000-0000-0000-0000-000000000000').expect(404);
  });

  it('publishes an edition of one source and agency as known at a past record time, and holds and reads back all three', async () => {
    // recorded at 10:00 on the 22nd: a task of another source document, assigned (backdated) on the 6th, overdue by the 20th
    t.clock.set('2026-01-22T10:00:00+07:00');
    await t
      .as('coordinator')
      .post(
        '/api/v1/tasks',
        taskBody({
          code: 'TB45-201',
          deadline: '2026-01-16',
          leadAgency: 'BCA',
          coordinatingAgencies: [],
          source: { kind: 'conclusion', ref: '45/TB-VPCP', issuedOn: '2026-01-02' },
          assignedAt: '2026-01-06T09:00:00+07:00',
        }),
      )
      .expect(201);
    // recorded at 11:00, after the edition's knownAt: NQ71-101 was completed (late) on the 19th
    t.clock.set('2026-01-22T11:00:00+07:00');
    const late = await t
      .as('coordinator')
      .post(`/api/v1/tasks/${ids['NQ71-101']}/completion`, {
        deliverableRef: 'Báo cáo 05/BC-BCA',
        completedAt: '2026-01-19T16:00:00+07:00',
      })
      .expect(201);
    t.clock.set('2026-01-22T12:00:00+07:00');
    const knownAt = '2026-01-22T10:30:00+07:00';
    const { body: e } = await t
      .as('coordinator')
      .post('/api/v1/reports/editions', {
        title: 'Tình hình thực hiện Nghị quyết 71/NQ-CP của Bộ Công an',
        number: '17/BC-VPCP',
        asOf: '2026-01-20',
        knownAt,
        source: '71/NQ-CP',
        agency: 'bca',
      })
      .expect(201);
    expect(e).toMatchObject({ source: '71/NQ-CP', agency: 'BCA', knownAt: '2026-01-22T10:30:00.000+07:00' });
    expect(e.publishedAt).toBe('2026-01-22T12:00:00.000+07:00');
    // each of the three holds: without knownAt NQ71-101 would be completed late, without the
    // source TB45-201 would be overdue, without the agency the tasks of BKHCN would count
    expect(e.figures).toMatchObject({ total: 2, completed: 1, completedOnTime: 1, completedLate: 0, overdue: 1 });
    expect(e.figures.byAgency.map((a: any) => a.agency)).toEqual(['BCA']);
    expect(e.figures.bySource.map((s: any) => s.source)).toEqual(['71/NQ-CP']);
    expect(e.overdue.map((x: any) => [x.code, x.days])).toEqual([['NQ71-101', 10]]);
    expect(e.ranking.map((r: any) => r.agency)).toEqual(['BCA']);
    // the ranking is of the edition's source too: TB45-201 (another document) is not among BCA's tasks
    expect(e.ranking[0]).toMatchObject({ total: 2, completedOnTime: 1, overdue: 1 });
    expect(e.blockers.map((b: any) => b.taskCode)).toEqual(['NQ71-101']);
    const summary = await t
      .as('coordinator')
      .get(`/api/v1/reports/summary?asOf=2026-01-20&knownAt=${encodeURIComponent(knownAt)}&source=71/NQ-CP&agency=BCA`)
      .expect(200);
    const { filters: _filters, ...summaryFigures } = summary.body;
    expect(e.figures).toEqual(summaryFigures);

    // read back: the edition itself and the list
    const { version: _v, position: _p, ...published } = e;
    expect((await t.as('auditor').get(`/api/v1/reports/editions/${e.id}`).expect(200)).body).toEqual(published);
    expect((await newestEditions(e.id))[0]).toEqual({
      id: e.id,
      title: e.title,
      number: '17/BC-VPCP',
      asOf: e.asOf,
      publishedAt: e.publishedAt,
      source: '71/NQ-CP',
      agency: 'BCA',
    });

    // the restatement keeps to the source and the agency, and counts what was recorded after knownAt
    const { body: r } = await t.as('auditor').get(`/api/v1/reports/editions/${e.id}/restatement`).expect(200);
    expect(r.changes.map((c: any) => [c.code, c.then, c.now])).toEqual([['NQ71-101', 'overdue', 'completed_late']]);
    expect(r.changes[0].because).toEqual([expect.objectContaining({ type: 'TaskCompleted', position: late.body.position })]);
    const now = await t.as('coordinator').get('/api/v1/reports/summary?asOf=2026-01-20&source=71/NQ-CP&agency=BCA').expect(200);
    const { filters: _f, ...nowFigures } = now.body;
    expect(r.figuresNow).toEqual(nowFigures);
    expect(r.figuresNow).toMatchObject({ total: 2, completedLate: 1, overdue: 0 });

    // and the official report says what it is of
    const { docText, pdfText } = await documentTexts(e.id, 'bao-cao-bca');
    for (const text of [docText, pdfText]) {
      expect(text).toContain('tổng số nhiệm vụ được giao theo 71/NQ-CP của Bộ Công an là 2 nhiệm vụ');
      expect(text).toContain('ghi nhận đến 22/01/2026 10:30');
      expect(text).toContain('Hà Nội, ngày 22 tháng 01 năm 2026');
      expect(text).not.toContain('TB45-201');
      expect(text).not.toContain('Bộ Khoa học và Công nghệ');
    }
  });
});

function binary(res: any, callback: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

const fold = (text: string) => text.replace(/\s+/g, ' ');
/** numbers as the report prints them */
const n = (x: number) => x.toLocaleString('vi-VN');
const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toLocaleString('vi-VN', { maximumFractionDigits: 1 })}%`);
const ddmmyyyy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/**
 * One table row: its cells in order, each a whole word group. A cell the PDF wraps (a long title
 * or agency name) puts the rest of its words after the row's other cells on the same line, so
 * other words may stand between two cells, within the row's span.
 */
const cells = (...values: string[]) => new RegExp(`(?:^|\\s)${values.map(escape).join('(?:\\s|\\s[^]{0,200}?\\s)')}(?:\\s|$)`);
