/**
 * The demo data set (npm run demo) published as an edition: its figures are the ones the demo
 * is built to (679 tasks, 270 completed of which 180 on time, 382 in progress, 27 overdue), they
 * equal /reports/summary, and the official report's PDF prints them with the chain head.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { WorkingCalendar } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { loadShippedYears } from '@app/platform';
import { loadDemo } from '../apps/cli/src/demo';
import { TestApp, startTestApp } from './support/test-app';

jest.setTimeout(180_000);

const OUT = path.resolve(__dirname, '..', 'test-output', 'editions-demo');

describe('the demo data set as a published edition', () => {
  let t: TestApp;

  beforeAll(async () => {
    // the demo is built relative to its day: loaded on 23/09/2025, the day those figures were published
    t = await startTestApp({ now: '2025-09-23T09:00:00+07:00', env: { SCAN_INTERVAL_MS: '3600000' } });
  });
  afterAll(() => t?.close());

  it('carries 679 / 270 / 180 / 382 / 27, equal to /reports/summary, into the edition and its PDF', async () => {
    const store = t.app.get<EventStore>(EVENT_STORE);
    const loaded = await loadDemo(store, new WorkingCalendar([...loadShippedYears().values()]), t.clock, {
      timeZone: 'Asia/Ho_Chi_Minh',
    });
    expect(loaded.report!.tasks.imported).toBe(679);
    const head = await store.headPosition();
    const summary = await t.as('auditor').get(`/api/v1/reports/summary?asOf=2025-09-23&minPosition=${head}`).expect(200);
    const published = await t
      .as('coordinator')
      .post('/api/v1/reports/editions', {
        title: 'Tình hình thực hiện nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao đến ngày 23 tháng 9 năm 2025',
        number: '99/BC-VPCP',
        asOf: '2025-09-23',
      })
      .expect(201);
    const figures = published.body.figures;
    expect(figures).toMatchObject({ total: 679, completed: 270, completedOnTime: 180, inProgress: 382, overdue: 27 });
    for (const key of ['total', 'completed', 'completedOnTime', 'completedLate', 'inProgress', 'overdue', 'dueSoon', 'onTrack', 'ongoing'])
      expect(figures[key]).toBe(summary.body[key]);
    expect(published.body.overdue).toHaveLength(27);

    const pdf = await request(t.app.getHttpServer())
      .get(`/api/v1/reports/editions/${published.body.id}/document.pdf`)
      .set({ Authorization: 'Bearer coordinator-token-0001' })
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    mkdirSync(OUT, { recursive: true });
    const file = path.join(OUT, 'bao-cao-demo.pdf');
    writeFileSync(file, pdf.body);
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString('utf8').replace(/\s+/g, ' ');
    expect(text).toContain('tổng số nhiệm vụ được giao là 679 nhiệm vụ');
    expect(text).toContain('vẫn còn 27 nhiệm vụ quá hạn chưa hoàn thành');
    expect(text).toContain(`đã hoàn thành 270 nhiệm vụ (đúng hạn 180, quá hạn ${figures.completedLate})`);
    expect(text).toContain('đang thực hiện 382 nhiệm vụ');
    expect(text).toContain('ngày 23 tháng 9 năm 2025');
    expect(text).toContain(published.body.chainHead.root);
    execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '2', file, path.join(OUT, 'trang')]);
  });
});
