import * as net from 'node:net';
import nodemailer from 'nodemailer';
import { startSmtpTestServer, type SmtpTestServer } from './smtp-test-server';

const send = (server: SmtpTestServer, to = ['a@example.org'], subject = 'Xin chào') =>
  nodemailer
    .createTransport({ host: '127.0.0.1', port: server.port, secure: false, ignoreTLS: true, connectionTimeout: 2_000 })
    .sendMail({ from: 'sender@example.org', to, subject, text: 'Nội dung thử nghiệm' });

const canConnect = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

describe('startSmtpTestServer', () => {
  let server: SmtpTestServer;

  beforeEach(async () => {
    server = await startSmtpTestServer();
  });
  afterEach(async () => {
    await server.stop();
  });

  it('listens on a free port and receives parsed messages with their envelope', async () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`smtp://127.0.0.1:${server.port}`);
    await send(server, ['a@example.org', 'b@example.org']);
    const [mail] = await server.waitFor(1);
    expect(mail.subject).toBe('Xin chào');
    expect(mail.text).toBe('Nội dung thử nghiệm\n');
    expect(mail.envelope).toEqual({ mailFrom: 'sender@example.org', rcptTo: ['a@example.org', 'b@example.org'] });
    expect(mail.raw.length).toBeGreaterThan(0);
  });

  it('refuses connections after stop and accepts them again on the same port after restart', async () => {
    const port = server.port;
    await server.stop();
    expect(server.running).toBe(false);
    expect(await canConnect(port)).toBe(false);

    await server.restart();
    expect(server.port).toBe(port);
    expect(await canConnect(port)).toBe(true);
    await send(server);
    expect(await server.waitFor(1)).toHaveLength(1);
  });

  it('rejects exactly the next N messages, then accepts', async () => {
    server.rejectNext(451, 2, 'DATA');
    await expect(send(server)).rejects.toMatchObject({ responseCode: 451 });
    await expect(send(server)).rejects.toMatchObject({ responseCode: 451 });
    await send(server);
    expect(server.rejectedCount).toBe(2);
    expect(server.messages).toHaveLength(1);
  });

  it('can reject at MAIL FROM too', async () => {
    server.rejectNext(553, 1, 'MAIL');
    await expect(send(server)).rejects.toMatchObject({ responseCode: 553 });
    await send(server);
    expect(server.messages).toHaveLength(1);
  });

  it('stops promptly even while a client holds an idle connection open', async () => {
    const idle = net.connect(server.port, '127.0.0.1');
    await new Promise((resolve) => idle.once('data', resolve));
    const started = Date.now();
    await server.stop();
    expect(Date.now() - started).toBeLessThan(1_000);
    idle.destroy();
  });

  it('counts a RCPT rejection once per message, whatever the number of recipients', async () => {
    server.rejectNext(550);
    await expect(send(server, ['a@example.org', 'b@example.org'])).rejects.toMatchObject({ responseCode: 550 });
    await send(server, ['a@example.org', 'b@example.org']);
    expect(server.rejectedCount).toBe(1);
    expect(server.messages).toHaveLength(1);
  });

  it('waitFor resolves when enough messages arrive later and times out with a clear message', async () => {
    const waiting = server.waitFor(2, 5_000);
    await send(server);
    await send(server);
    expect(await waiting).toHaveLength(2);
    await expect(server.waitFor(3, 50)).rejects.toThrow('expected 3 message(s) within 50 ms, got 2');
  });

  it('clear() forgets messages and pending rejections', async () => {
    await send(server);
    server.rejectNext(550);
    server.clear();
    expect(server.messages).toHaveLength(0);
    await send(server);
    expect(server.messages).toHaveLength(1);
  });

  it('starts on a requested port', async () => {
    const port = server.port;
    await server.stop();
    server = await startSmtpTestServer({ port });
    expect(server.port).toBe(port);
  });
});
