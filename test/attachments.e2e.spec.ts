/**
 * Evidence files (api.md "Evidence and conversation"): the lead agency's officer attaches a PDF
 * and a DOCX; the type is read from the content (a renamed program or a zip of something else is
 * refused, naming `file`, with nothing appended); the size is capped (413 naming `file`); readers
 * of the task download the exact bytes, other agencies get the same 404 as for an unknown task;
 * the bytes are checked against the SHA-256 the history holds; the disk store works the same.
 */
import { Document, Packer, Paragraph } from 'docx';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { TOKENS, TestApp, agencyBody, startTestApp, taskBody } from './support/test-app';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const binary = (r: any, cb: (e: Error | null, b: Buffer) => void) => {
  const chunks: Buffer[] = [];
  r.on('data', (c: Buffer) => chunks.push(c));
  r.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe.each([
  ['database', {}],
  ['disk', { ATTACHMENT_STORE: 'disk', DATA_DIR: mkdtempSync(path.join(tmpdir(), 'dle-attachments-')) }],
])('evidence files in the %s store', (kind, env) => {
  let t: TestApp;
  let taskId: string;
  let otherTask: string;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-01-05T09:00:00+07:00', env: { SCAN_INTERVAL_MS: '3600000', ATTACHMENT_MAX_MB: '1', ...env } });
    await t.as('coordinator').post('/api/v1/agencies', agencyBody('BCA', 'Bộ Công an')).expect(201);
    await t.as('coordinator').post('/api/v1/agencies', agencyBody('BKHCN', 'Bộ Khoa học và Công nghệ')).expect(201);
    const other = await t
      .as('coordinator')
      .post('/api/v1/tasks', taskBody({ code: 'DK-2', leadAgency: 'BCA', coordinatingAgencies: [] }))
      .expect(201);
    otherTask = other.body.id;
    const task = await t
      .as('coordinator')
      .post('/api/v1/tasks', taskBody({ code: 'DK-1', leadAgency: 'BCA', coordinatingAgencies: ['BKHCN'] }))
      .expect(201);
    taskId = task.body.id;
  });
  afterAll(() => t?.close());

  const upload = (who: keyof typeof TOKENS, file: Buffer, name: string, on = taskId) =>
    request(t.app.getHttpServer())
      .post(`/api/v1/tasks/${on}/attachments`)
      .set('Authorization', `Bearer ${TOKENS[who]}`)
      .set('Accept-Language', 'vi')
      .attach('file', file, name);
  const download = (who: keyof typeof TOKENS, attachmentId: string, on = taskId) =>
    request(t.app.getHttpServer())
      .get(`/api/v1/tasks/${on}/attachments/${attachmentId}`)
      .set('Authorization', `Bearer ${TOKENS[who]}`)
      .buffer(true)
      .parse(binary);
  const events = async () => (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM events`))[0].n;
  const fields = (res: request.Response) => (res.body.error?.details ?? []).map((d: { field: string }) => d.field);

  it('attaches a PDF and a Word document, each typed by content, recorded with its digest, downloaded exactly', async () => {
    const pdf = await upload('bca', PDF, 'Quyết định 15-QĐ-BCA.pdf').expect(201);
    expect(pdf.body.attachmentId).toMatch(/^[0-9a-f-]{36}$/);
    const docxBytes = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('Báo cáo kết quả thực hiện')] }] }));
    const docx = await upload('coordinator', docxBytes, 'bao-cao.bin').expect(201);
    const task = await t.as('auditor').get(`/api/v1/tasks/${taskId}?minPosition=${docx.body.position}`).expect(200);
    expect(task.body.attachments).toEqual([
      expect.objectContaining({ name: 'Quyết định 15-QĐ-BCA.pdf', size: PDF.length, sha256: sha(PDF), contentType: 'application/pdf' }),
      expect.objectContaining({
        name: 'bao-cao.bin',
        sha256: sha(docxBytes),
        contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      }),
    ]);
    const history = await t.as('auditor').get(`/api/v1/tasks/${taskId}/history`).expect(200);
    expect(history.body.events.map((e: any) => e.type)).toEqual(['TaskAssigned', 'AttachmentAdded', 'AttachmentAdded']);

    for (const who of ['coordinator', 'auditor', 'bca', 'bkhcn'] as const) {
      const got = await download(who, pdf.body.attachmentId).expect(200);
      expect(got.body.equals(PDF)).toBe(true);
      expect(got.headers['content-type']).toBe('application/pdf');
      expect(got.headers['x-content-type-options']).toBe('nosniff');
      expect(got.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('Quyết định 15-QĐ-BCA.pdf')}`);
    }
  });

  it('refuses a file that is not a document or an image whatever its name, and a file over the size limit; nothing appended', async () => {
    const before = await events();
    const exe = await upload('bca', Buffer.from('MZ\x90\x00\x03 this program cannot be run in DOS mode'), 'bao-cao.pdf').expect(400);
    expect(fields(exe)).toEqual(['file']);
    expect(exe.body.error.message).toContain('phải là tệp PDF, DOCX, XLSX, PNG hoặc JPEG');
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('payload.txt some other archive')]);
    expect(fields(await upload('bca', zip, 'bao-cao.docx').expect(400))).toEqual(['file']);
    const big = Buffer.concat([PDF, Buffer.alloc(1024 * 1024 + 1, 0x20)]);
    expect(fields(await upload('bca', big, 'lon.pdf').expect(413))).toEqual(['file']);
    expect(await events()).toBe(before);
  });

  it('lets only those who may write attach, and hides the task from other agencies', async () => {
    const before = await events();
    await upload('bkhcn', PDF, 'phoi-hop.pdf').expect(403); // a coordinating agency reads, does not write
    await upload('bkhcn', PDF, 'khac.pdf', otherTask).expect(404); // not its task at all: as if unknown
    await upload('auditor', PDF, 'kiem-tra.pdf').expect(403);
    expect(await events()).toBe(before);
    const stored = await upload('coordinator', PDF, 'rieng.pdf', otherTask).expect(201);
    await download('bkhcn', stored.body.attachmentId, otherTask).expect(404);
    await download('bca', stored.body.attachmentId, otherTask).expect(200);
    await download('coordinator', '00000000-0000-4000-8000-000000000000').expect(404);
  });

  it('refuses to serve a file whose bytes no longer match the digest in the history', async () => {
    const stored = await upload('coordinator', PDF, 'se-bi-sua.pdf').expect(201);
    await download('auditor', stored.body.attachmentId).expect(200);
    const forged = Buffer.from('%PDF-1.4\n% altered after the fact\n%%EOF\n');
    if (kind === 'database')
      await t.sql(`UPDATE task_attachments SET content = $1 WHERE attachment_id = $2`, [forged, stored.body.attachmentId]);
    else writeFileSync(path.join((env as { DATA_DIR: string }).DATA_DIR, 'attachments', stored.body.attachmentId), forged);
    await download('auditor', stored.body.attachmentId).expect(404);
  });
});
