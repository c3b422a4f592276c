/**
 * People and sign-in (issue 13; api.md "People and sign-in"): the directory, invitations by
 * email, passwords, sessions with CSRF and time-outs, lockout, personal access tokens, the
 * second factor, and the security events auditors read.
 */
import request from 'supertest';
import { startSmtpTestServer, type SmtpTestServer } from '@app/escalation/testing';
import { totpCodeAt } from '../apps/api/src/auth/totp/totp';
import type { SqlDatabase } from '@app/event-store';
import { SQL_DATABASE } from '@app/platform';
import { TestApp, agencyBody, startTestApp } from './support/test-app';

const PASSWORD = 'Giao-viec-dung-han-2026';

/** The token in the link of the newest letter to `email`. */
function linkToken(smtp: SmtpTestServer, email: string): string {
  const mail = [...smtp.messages].reverse().find((m) => m.envelope.rcptTo.includes(email));
  if (!mail) throw new Error(`no letter to ${email}`);
  const link = (mail.text ?? '').split('\n').find((l) => /\/(accept|reset)\?token=/.test(l));
  return new URL(link as string).searchParams.get('token') as string;
}

describe('people and sign-in', () => {
  let smtp: SmtpTestServer;
  let t: TestApp;
  let server: any;
  let officerId: string;

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    t = await startTestApp({ env: { SMTP_URL: smtp.url, SCAN_INTERVAL_MS: '3600000', PUBLIC_URL: 'https://giaoviec.example.gov.vn' } });
    server = t.app.getHttpServer();
    await t.as('coordinator').post('/api/v1/agencies', agencyBody('BKHCN', 'Bộ Khoa học và Công nghệ')).expect(201);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  const invite = async (body: Record<string, unknown>) => {
    const { body: created } = await t.as('admin').post('/api/v1/users', body).expect(201);
    return created;
  };

  it('an admin adds a person: 201 invited, and an invitation letter with a single-use link', async () => {
    const created = await invite({
      email: 'Tran.Thi.B@mst.gov.vn',
      name: 'Trần Thị B',
      title: 'Chuyên viên',
      agency: 'BKHCN',
      roles: ['agency'],
      focalPoint: true,
    });
    officerId = created.id;
    expect(created).toMatchObject({
      email: 'tran.thi.b@mst.gov.vn',
      status: 'invited',
      roles: ['agency'],
      agency: 'BKHCN',
      language: 'vi',
    });
    const [mail] = await smtp.waitFor(1, 15_000);
    expect(mail.envelope.rcptTo).toEqual(['tran.thi.b@mst.gov.vn']);
    expect(mail.subject).toBe('V/v kích hoạt tài khoản Hệ thống theo dõi nhiệm vụ');
    expect(mail.text).toContain('Kính gửi: Chuyên viên Trần Thị B,');
    const link = (mail.text ?? '').split('\n').find((l) => l.includes('?token='));
    expect(link).toMatch(/^https:\/\/giaoviec\.example\.gov\.vn\/accept\?token=[A-Za-z0-9_-]{43}$/);
    const listed = await t.as('coordinator').get(`/api/v1/users?minPosition=${created.position}`).expect(200);
    expect(listed.body.map((p: any) => p.email)).toContain('tran.thi.b@mst.gov.vn');
  });

  it('refuses a bad person naming every field, a second person with the same email, and non-admins', async () => {
    const bad = await t
      .as('admin')
      .post('/api/v1/users', { email: 'not-an-email', name: '', roles: ['chief'] })
      .expect(400);
    expect(bad.body.error.details.map((d: any) => d.field).sort()).toEqual(['email', 'name', 'roles']);
    const noAgency = await t
      .as('admin')
      .post('/api/v1/users', { email: 'x@mst.gov.vn', name: 'X', roles: ['agency'] })
      .expect(400);
    expect(noAgency.body.error.details[0].field).toBe('agency');
    const dup = await t
      .as('admin')
      .post('/api/v1/users', { email: 'TRAN.THI.B@mst.gov.vn', name: 'Trùng', roles: ['auditor'] })
      .expect(409);
    expect(dup.body.error.code).toBe('duplicate_email');
    await t
      .as('coordinator')
      .post('/api/v1/users', { email: 'y@mst.gov.vn', name: 'Y', roles: ['auditor'] })
      .expect(403);
    await t.as('bca').get('/api/v1/users').expect(403);
  });

  it('the link sets a password once; weak passwords are refused naming password', async () => {
    const token = linkToken(smtp, 'tran.thi.b@mst.gov.vn');
    const short = await request(server).post('/api/v1/auth/invitations/accept').send({ token, password: 'ngan' }).expect(400);
    expect(short.body.error.details[0].field).toBe('password');
    const common = await request(server).post('/api/v1/auth/invitations/accept').send({ token, password: 'matkhau123456' }).expect(400);
    expect(common.body.error.details[0].field).toBe('password');
    const ok = await request(server).post('/api/v1/auth/invitations/accept').send({ token, password: PASSWORD }).expect(200);
    expect(ok.body.status).toBe('active');
    const again = await request(server).post('/api/v1/auth/invitations/accept').send({ token, password: PASSWORD }).expect(400);
    expect(again.body.error.code).toBe('invalid_link');
    const stored = await t.sql(`SELECT hash FROM auth_passwords WHERE person_id = $1`, [officerId]);
    expect(stored[0].hash).toMatch(/^\$argon2id\$/);
  });

  it('signs in with a session cookie; /me answers with the CSRF token; writes need it', async () => {
    const agent = request.agent(server);
    const wrong = await agent.post('/api/v1/auth/login').send({ email: 'tran.thi.b@mst.gov.vn', password: 'sai-mat-khau-roi' }).expect(401);
    const unknown = await agent.post('/api/v1/auth/login').send({ email: 'nobody@mst.gov.vn', password: 'sai-mat-khau-roi' }).expect(401);
    expect(unknown.body.error).toEqual(wrong.body.error);
    const login = await agent.post('/api/v1/auth/login').send({ email: 'Tran.Thi.B@mst.gov.vn', password: PASSWORD }).expect(200);
    const cookie = login.headers['set-cookie'][0];
    expect(cookie).toMatch(/^dle\.sid=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(login.body.user).toMatchObject({ id: officerId, agency: 'BKHCN' });
    const me = await agent.get('/api/v1/me').expect(200);
    expect(me.body).toMatchObject({
      id: officerId,
      name: 'Trần Thị B',
      agency: 'BKHCN',
      roles: ['agency'],
      csrfToken: login.body.csrfToken,
    });
    // the officer reads BKHCN's work and not another agency's
    await agent.get('/api/v1/tasks').expect(200);
    // a write with the cookie but no CSRF token: 403, nothing appended
    const before = await t.sql(`SELECT count(*)::int AS n FROM events`);
    const noCsrf = await agent.post('/api/v1/me/tokens').send({ name: 'x', expiresInDays: 1 }).expect(403);
    expect(noCsrf.body.error.code).toBe('csrf_token_invalid');
    await agent.post('/api/v1/me/tokens').set('X-CSRF-Token', 'wrong').send({ name: 'x', expiresInDays: 1 }).expect(403);
    expect((await t.sql(`SELECT count(*)::int AS n FROM events`))[0].n).toBe(before[0].n);
    const made = await agent
      .post('/api/v1/me/tokens')
      .set('X-CSRF-Token', login.body.csrfToken)
      .send({ name: 'báo cáo', expiresInDays: 30 })
      .expect(201);
    expect(made.body.token).toMatch(/^dle_pat_/);
    // the personal access token acts as the person, until revoked
    const asToken = await request(server).get('/api/v1/me').set('Authorization', `Bearer ${made.body.token}`).expect(200);
    expect(asToken.body).toMatchObject({ id: officerId, csrfToken: null });
    await request(server).get('/api/v1/users').set('Authorization', `Bearer ${made.body.token}`).expect(403);
    await agent.delete(`/api/v1/me/tokens/${made.body.id}`).set('X-CSRF-Token', login.body.csrfToken).expect(200);
    await request(server).get('/api/v1/me').set('Authorization', `Bearer ${made.body.token}`).expect(401);
    // sign out: the cookie then gets 401
    await agent.post('/api/v1/auth/logout').set('X-CSRF-Token', login.body.csrfToken).expect(200);
    await agent.get('/api/v1/me').expect(401);
  });

  it('ends a session after the idle time-out, by the injected clock', async () => {
    const agent = request.agent(server);
    await agent.post('/api/v1/auth/login').send({ email: 'tran.thi.b@mst.gov.vn', password: PASSWORD }).expect(200);
    await agent.get('/api/v1/me').expect(200);
    t.clock.advance(61 * 60_000);
    const ended = await agent.get('/api/v1/me').expect(401);
    expect(ended.body.error.code).toBe('session_ended');
  });

  it('signs out everywhere, and a disabled person is out at once', async () => {
    const a = request.agent(server);
    const b = request.agent(server);
    const la = await a.post('/api/v1/auth/login').send({ email: 'tran.thi.b@mst.gov.vn', password: PASSWORD }).expect(200);
    await b.post('/api/v1/auth/login').send({ email: 'tran.thi.b@mst.gov.vn', password: PASSWORD }).expect(200);
    await a.post('/api/v1/auth/logout-everywhere').set('X-CSRF-Token', la.body.csrfToken).expect(200);
    await b.get('/api/v1/me').expect(401);
    const c = request.agent(server);
    await c.post('/api/v1/auth/login').send({ email: 'tran.thi.b@mst.gov.vn', password: PASSWORD }).expect(200);
    await t.as('admin').post(`/api/v1/users/${officerId}/disable`, { reason: 'chuyển công tác' }).expect(200);
    await c.get('/api/v1/me').expect(401);
    await request(server).post('/api/v1/auth/login').send({ email: 'tran.thi.b@mst.gov.vn', password: PASSWORD }).expect(401);
    await t.as('admin').post(`/api/v1/users/${officerId}/enable`, {}).expect(200);
  });

  it('locks an account after 5 failures in 15 minutes, even with the right password, with Retry-After', async () => {
    t.clock.advance(16 * 60_000); // the failure of the disabled sign-in above is out of the window
    for (let i = 0; i < 5; i++) {
      await request(server)
        .post('/api/v1/auth/login')
        .send({ email: 'tran.thi.b@mst.gov.vn', password: `sai-mat-khau-${i}-x` })
        .expect(401);
    }
    const locked = await request(server)
      .post('/api/v1/auth/login')
      .send({ email: 'tran.thi.b@mst.gov.vn', password: PASSWORD })
      .expect(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    t.clock.advance(16 * 60_000);
    await request(server).post('/api/v1/auth/login').send({ email: 'tran.thi.b@mst.gov.vn', password: PASSWORD }).expect(200);
  });

  it('resets a password by email; the answer is the same for an unknown email', async () => {
    const before = smtp.messages.length;
    await request(server).post('/api/v1/auth/password-reset').send({ email: 'nobody@mst.gov.vn' }).expect(202);
    await request(server).post('/api/v1/auth/password-reset').send({ email: 'tran.thi.b@mst.gov.vn' }).expect(202);
    await smtp.waitFor(before + 1, 15_000);
    expect(smtp.messages.length).toBe(before + 1);
    const token = linkToken(smtp, 'tran.thi.b@mst.gov.vn');
    await request(server)
      .post('/api/v1/auth/invitations/accept')
      .send({ token, password: `${PASSWORD}-moi` })
      .expect(200);
    await request(server).post('/api/v1/auth/login').send({ email: 'tran.thi.b@mst.gov.vn', password: PASSWORD }).expect(401);
    await request(server)
      .post('/api/v1/auth/login')
      .send({ email: 'tran.thi.b@mst.gov.vn', password: `${PASSWORD}-moi` })
      .expect(200);
  });

  it('a second factor: enrol with a code, then sign-in asks for it and refuses a replayed one', async () => {
    const agent = request.agent(server);
    const login = await agent
      .post('/api/v1/auth/login')
      .send({ email: 'tran.thi.b@mst.gov.vn', password: `${PASSWORD}-moi` })
      .expect(200);
    const csrf = login.body.csrfToken;
    const { body: enrol } = await agent.post('/api/v1/me/totp').set('X-CSRF-Token', csrf).expect(201);
    expect(enrol.uri).toMatch(/^otpauth:\/\/totp\//);
    await agent.post('/api/v1/me/totp/confirm').set('X-CSRF-Token', csrf).send({ code: '000000' }).expect(400);
    await agent
      .post('/api/v1/me/totp/confirm')
      .set('X-CSRF-Token', csrf)
      .send({ code: totpCodeAt(enrol.secret, t.clock.now()) })
      .expect(200);
    t.clock.advance(60_000);
    const missing = await request(server)
      .post('/api/v1/auth/login')
      .send({ email: 'tran.thi.b@mst.gov.vn', password: `${PASSWORD}-moi` })
      .expect(401);
    expect(missing.body.error.code).toBe('totp_required');
    const code = totpCodeAt(enrol.secret, t.clock.now());
    await request(server)
      .post('/api/v1/auth/login')
      .send({ email: 'tran.thi.b@mst.gov.vn', password: `${PASSWORD}-moi`, totp: code })
      .expect(200);
    const replay = await request(server)
      .post('/api/v1/auth/login')
      .send({ email: 'tran.thi.b@mst.gov.vn', password: `${PASSWORD}-moi`, totp: code })
      .expect(401);
    expect(replay.body.error.code).toBe('invalid_totp');

    // kept encrypted: a copy of the database cannot mint codes
    const db = t.app.get<SqlDatabase>(SQL_DATABASE);
    const stored = async () => (await db.query<{ secret: string }>(`SELECT secret FROM auth_totp`)).rows.map((r) => r.secret);
    const [sealed] = await stored();
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain(enrol.secret);
    // a secret stored in the clear (before this release) still works, and is sealed once read
    await db.query(`UPDATE auth_totp SET secret = $1`, [enrol.secret]);
    t.clock.advance(60_000);
    await request(server)
      .post('/api/v1/auth/login')
      .send({ email: 'tran.thi.b@mst.gov.vn', password: `${PASSWORD}-moi`, totp: totpCodeAt(enrol.secret, t.clock.now()) })
      .expect(200);
    const [resealed] = await stored();
    expect(resealed).toMatch(/^v1\./);
    expect(resealed).not.toBe(sealed);
  });

  it('auditors read the security events; no password, token or session id is in them', async () => {
    const { body } = await t.as('auditor').get('/api/v1/audit/security-events?limit=500').expect(200);
    const kinds = new Set(body.items.map((e: any) => e.kind));
    for (const kind of [
      'invitation_sent',
      'password_set',
      'sign_in',
      'sign_in_failed',
      'locked_out',
      'sign_out',
      'sign_out_everywhere',
      'token_created',
      'token_revoked',
      'password_reset',
      'totp_enrolled',
    ]) {
      expect(kinds).toContain(kind);
    }
    const text = JSON.stringify(body);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toMatch(/dle_pat_|dle\.sid|s%3A/);
    await t.as('bca').get('/api/v1/audit/security-events').expect(403);
  });
});
