/**
 * Error messages in the caller's language (issue 14): Vietnamese by default, English on
 * `Accept-Language: en`; `code` and every `field` are the same in both, so programs never read
 * the words. Raw supertest here: the shared helper asks for English.
 */
import request from 'supertest';
import { keepsContract } from './support/openapi-contract';
import { TOKENS, TestApp, agencyBody, startTestApp, taskBody } from './support/test-app';

const API = '/api/v1';

describe('error messages in the caller language', () => {
  let t: TestApp;
  const post = (url: string, body: unknown, language?: string) => {
    const req = request(t.app.getHttpServer()).post(url).set('Authorization', `Bearer ${TOKENS.coordinator}`);
    if (language !== undefined) req.set('Accept-Language', language);
    return req.send(body as object).expect(keepsContract('post', url));
  };
  const badTask = taskBody({
    code: 'NGON-NGU-1',
    title: ' ',
    percent: 5,
    deadline: 'Q5/2026',
    assignee: { name: 'An', email: 'khong-phai-email' },
  });

  beforeAll(async () => {
    t = await startTestApp();
    await t.as('coordinator').post(`${API}/agencies`, agencyBody('BCA', 'Bộ Công an')).expect(201);
    await t.as('coordinator').post(`${API}/agencies`, agencyBody('BKHCN', 'Bộ Khoa học và Công nghệ')).expect(201);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('answers in Vietnamese when the caller names no language, with the same code and fields', async () => {
    const vi = await post(`${API}/tasks`, badTask).expect(400);
    const en = await post(`${API}/tasks`, badTask, 'en').expect(400);
    expect(vi.headers['content-language']).toBe('vi');
    expect(en.headers['content-language']).toBe('en');
    expect(vi.headers.vary).toMatch(/Accept-Language/i);
    expect(vi.body.error.code).toBe('validation_failed');
    expect(en.body.error.code).toBe('validation_failed');
    const fields = (body: { error: { details: { field: string }[] } }) => body.error.details.map((d) => d.field);
    expect(fields(vi.body)).toEqual(['title', 'assignee.email', 'deadline']);
    expect(fields(en.body)).toEqual(fields(vi.body));
    expect(vi.body.error.message).toBe('Dữ liệu không hợp lệ: title, assignee.email, deadline');
    expect(en.body.error.message).toBe(
      'title: is required; assignee.email: "khong-phai-email" is not an email address; deadline: ' + en.body.error.details[2].message,
    );
    expect(vi.body.error.details[0]).toEqual({ field: 'title', message: 'là bắt buộc' });
    expect(en.body.error.details[0]).toEqual({ field: 'title', message: 'is required' });
    expect(vi.body.error.details[2].message).toMatch(/^"Q5\/2026" không có quý .*; các dạng được chấp nhận: ngày YYYY-MM-DD/);
    expect(vi.body.error.details[1]).toEqual({ field: 'assignee.email', message: '"khong-phai-email" không phải là địa chỉ email' });
  });

  it('honours Accept-Language as browsers send it: region subtags and q-values, unknown languages ignored', async () => {
    const body = { code: 'BCA', name: 'Bộ Công an', kind: 'ministry', head: { name: 'A', title: 'Bộ trưởng', email: 'a@bca.example.org' } };
    const cases: [string, string][] = [
      ['vi-VN,vi;q=0.9,en;q=0.8', 'Cơ quan BCA đã tồn tại'],
      ['en-GB', 'agency BCA already exists'],
      ['fr-FR, en;q=0.5, vi;q=0.4', 'agency BCA already exists'],
      ['fr, de;q=0.9', 'Cơ quan BCA đã tồn tại'],
      ['*', 'Cơ quan BCA đã tồn tại'],
    ];
    for (const [header, message] of cases) {
      const res = await post(`${API}/agencies`, body, header).expect(409);
      expect({ header, error: res.body.error }).toEqual({ header, error: { code: 'duplicate_agency', message, details: [] } });
    }
  });

  it('translates the errors raised before any controller: no token, malformed JSON, a NUL in the body', async () => {
    const server = t.app.getHttpServer();
    const noToken = await request(server).get(`${API}/tasks`).expect(401);
    expect(noToken.body.error).toEqual({ code: 'unauthorized', message: 'Thiếu mã truy cập (bearer token)', details: [] });
    const malformed = await request(server)
      .post(`${API}/tasks`)
      .set('Authorization', `Bearer ${TOKENS.coordinator}`)
      .set('Content-Type', 'application/json')
      .send('{"code": ')
      .expect(400);
    expect(malformed.body.error).toEqual({
      code: 'malformed_json',
      message: 'Dữ liệu không hợp lệ: body JSON sai cú pháp'.replace(
        'Dữ liệu không hợp lệ: body JSON sai cú pháp',
        'Nội dung yêu cầu không phải JSON hợp lệ',
      ),
      details: [{ field: 'body', message: 'JSON sai cú pháp' }],
    });
    const nul = await post(`${API}/tasks`, taskBody({ title: 'a\u0000b' })).expect(400);
    expect(nul.body.error).toEqual({
      code: 'validation_failed',
      message: 'Dữ liệu không hợp lệ: title chứa ký tự NUL hoặc Unicode không hợp lệ',
      details: [{ field: 'title', message: 'chứa ký tự NUL hoặc Unicode không hợp lệ' }],
    });
  });

  it('translates refusals by state and by right: an unknown task, another agency, a completed task', async () => {
    await t
      .as('coordinator')
      .post(`${API}/tasks`, taskBody({ code: 'NGON-NGU-2' }))
      .expect(201);
    const server = t.app.getHttpServer();
    const missing = await request(server).get(`${API}/tasks/KHONG-CO`).set('Authorization', `Bearer ${TOKENS.coordinator}`).expect(404);
    expect(missing.body.error).toEqual({ code: 'not_found', message: 'Không tìm thấy nhiệm vụ', details: [] });
    const officer = await request(server)
      .post(`${API}/tasks/NGON-NGU-2/progress`)
      .set('Authorization', `Bearer ${TOKENS.bkhcn}`)
      .send({ percent: 10 })
      .expect(403);
    expect(officer.body.error).toEqual({ code: 'forbidden', message: 'Chỉ cơ quan chủ trì được thao tác trên nhiệm vụ này', details: [] });
    await post(`${API}/tasks/NGON-NGU-2/completion`, {}).expect(201);
    const again = await post(`${API}/tasks/NGON-NGU-2/completion`, {}).expect(409);
    expect(again.body.error).toEqual({
      code: 'invalid_transition',
      message: 'Không thể thao tác trên nhiệm vụ NGON-NGU-2: nhiệm vụ đã hoàn thành (cần mở lại trước)',
      details: [],
    });
  });
});
