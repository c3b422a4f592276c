/**
 * Passwords, session ids and tokens never appear in logs (issue 13): the engine's own JSON log
 * lines, captured at the info level while people are invited, set a password, sign in with a
 * session cookie, make and use a personal access token, and reset a password.
 */
import { Writable } from 'node:stream';
import request from 'supertest';
import { noticeStreamId } from '@app/domain';
import { acknowledgementSecret, signAckToken } from '@app/escalation';
import { startSmtpTestServer, type SmtpTestServer } from '@app/escalation/testing';
import { EVENT_STORE, EventStore, expect as expectVersion } from '@app/event-store';
import { APP_CONFIG, AppConfig } from '@app/platform';
import { TOKENS, TestApp, startTestApp } from './support/test-app';

const PASSWORD = 'Mat-khau-rat-bi-mat-2026';

describe('secrets stay out of the logs', () => {
  const lines: string[] = [];
  const logs = new Writable({
    write(chunk, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  let smtp: SmtpTestServer;
  let t: TestApp;

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    t = await startTestApp({ logs, env: { SMTP_URL: smtp.url, SCAN_INTERVAL_MS: '3600000', LOG_LEVEL: 'debug' } });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  it('logs the requests of a whole sign-in story without a password, link token, session id, CSRF token or access token', async () => {
    const server = t.app.getHttpServer();
    await t
      .as('admin')
      .post('/api/v1/users', { email: 'secret.keeper@bca.example.org', name: 'Người Giữ Bí Mật', roles: ['auditor'] })
      .expect(201);
    const [mail] = await smtp.waitFor(1, 15_000);
    const link = (mail.text ?? '').split('\n').find((l) => l.includes('?token=')) as string;
    const linkToken = new URL(link).searchParams.get('token') as string;
    await request(server).post('/api/v1/auth/invitations/accept').send({ token: linkToken, password: PASSWORD }).expect(200);
    // a link token in a query string too, as a browser would open the page
    await request(server).get(`/accept?token=${linkToken}`);
    const agent = request.agent(server);
    await agent
      .post('/api/v1/auth/login')
      .send({ email: 'secret.keeper@bca.example.org', password: `${PASSWORD}-sai` })
      .expect(401);
    const login = await agent.post('/api/v1/auth/login').send({ email: 'secret.keeper@bca.example.org', password: PASSWORD }).expect(200);
    const sessionId = decodeURIComponent(/dle\.sid=([^;]+)/.exec(login.headers['set-cookie'][0])![1]);
    const made = await agent
      .post('/api/v1/me/tokens')
      .set('X-CSRF-Token', login.body.csrfToken)
      .send({ name: 'kịch bản', expiresInDays: 7 })
      .expect(201);
    await request(server).get('/api/v1/me').set('Authorization', `Bearer ${made.body.token}`).expect(200);
    await request(server).get('/api/v1/me').set('Authorization', `Bearer ${TOKENS.admin}`).expect(200);
    await request(server).post('/api/v1/auth/password-reset').send({ email: 'secret.keeper@bca.example.org' }).expect(202);

    const text = lines.join('\n');
    expect(lines.length).toBeGreaterThan(5);
    expect(text).toContain('/api/v1/auth/login');
    for (const secret of [PASSWORD, linkToken, sessionId, sessionId.slice(2, 26), login.body.csrfToken, made.body.token, TOKENS.admin]) {
      expect(text).not.toContain(secret);
    }
  });

  it("logs an acknowledgement link's requests without its token", async () => {
    const noticeId = 'log-ack-notice';
    const recipient = 'head@bca.example.org';
    const now = t.clock.now();
    await t.app.get<EventStore>(EVENT_STORE).append(
      noticeStreamId(noticeId),
      [
        {
          type: 'NoticeIssued',
          data: {
            noticeId,
            kind: 'escalation',
            ruleId: 'r',
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
    const token = signAckToken(
      { noticeId, recipient, expiresAt: new Date(now.getTime() + 86_400_000) },
      acknowledgementSecret(t.app.get<AppConfig>(APP_CONFIG)),
    );
    const before = lines.length;
    const server = t.app.getHttpServer();
    await request(server).get(`/api/v1/acknowledgements/${token}`).set('Accept', 'text/html').expect(200);
    await request(server).post(`/api/v1/acknowledgements/${token}`).expect(200);
    await request(server).post(`/api/v1/acknowledgements/${token}`).expect(409);
    await request(server).post(`/api/v1/acknowledgements/${token}x`).expect(400);
    const text = lines.slice(before).join('\n');
    expect(text).toContain('/api/v1/acknowledgements/***');
    for (const part of [token, token.split('.')[0], token.split('.')[1]]) expect(text).not.toContain(part);
  });
});
