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
    for (const key of ['total', 'completed', 'completedOnTime', 'completedLate', 'onTrack', 'dueSoon', 'overdue', 'ongoing', 'atRisk']) {
      expect(edition.figures[key]).toBe(summary.body[key]);
    }
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
    for (const key of ['total', 'completedOnTime', 'overdue', 'onTrack', 'dueSoon']) expect(r.figuresNow[key]).toBe(summary.body[key]);
    expect(r.figuresThen.overdue).toBe(3);
    expect(r.figuresNow.overdue).toBe(1);
  });

  it('renders the official report as DOCX and PDF carrying the same figures, names, list and chain head', async () => {
    mkdirSync(OUT, { recursive: true });
    const server = t.app.getHttpServer();
    const auth = { Authorization: 'Bearer coordinator-token-0001' };
    const docx = await request(server)
      .get(`/api/v1/reports/editions/${edition.id}/document.docx`)
      .set(auth)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(docx.headers['content-type']).toContain('wordprocessingml');
    writeFileSync(path.join(OUT, 'bao-cao.docx'), docx.body);
    const { value: docText } = await mammoth.extractRawText({ buffer: docx.body });
    const pdf = await request(server)
      .get(`/api/v1/reports/editions/${edition.id}/document.pdf`)
      .set(auth)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    const pdfFile = path.join(OUT, 'bao-cao.pdf');
    writeFileSync(pdfFile, pdf.body);
    const pdfText = execFileSync('pdftotext', ['-layout', pdfFile, '-']).toString('utf8');
    const fonts = execFileSync('pdffonts', [pdfFile]).toString('utf8');
    expect(fonts).toMatch(/LiberationSerif/);
    expect(
      fonts
        .split('\n')
        .filter((l) => /LiberationSerif/.test(l))
        .every((l) => /\byes\s+yes\b/.test(l)),
    ).toBe(true); // embedded subsets
    for (const text of [docText, pdfText.replace(/\s+/g, ' ')]) {
      for (const expected of [
        'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
        'Độc lập - Tự do - Hạnh phúc',
        'VĂN PHÒNG CHÍNH PHỦ',
        'Số: 15/BC-VPCP',
        'BÁO CÁO',
        'Tình hình thực hiện nhiệm vụ tháng 01 năm 2026',
        'Tính đến ngày 20 tháng 1 năm 2026, tổng số nhiệm vụ được giao là 5 nhiệm vụ',
        'vẫn còn 3 nhiệm vụ quá hạn chưa hoàn thành',
        'Bộ Công an',
        'Bộ Khoa học và Công nghệ',
        'Hoàn thiện cơ sở dữ liệu quốc gia về dân cư',
        'Nguyễn Văn An',
        'Nơi nhận:',
        'KT. BỘ TRƯỞNG, CHỦ NHIỆM',
        edition.id,
        edition.chainHead.root,
      ]) {
        expect(text.replace(/\s+/g, ' ')).toContain(expected);
      }
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
});

function binary(res: any, callback: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}
