/**
 * `npm run cli -- users …` against a running engine over real HTTP: list, add (the invitation
 * letter goes out), import a sheet (dry run, bad rows named, exit 1 until fixed), disable; the
 * token comes from DLE_TOKEN only. Real PostgreSQL, Redis and an SMTP server.
 */
import { Command } from 'commander';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SmtpTestServer } from '@app/escalation/testing';
import { startSmtpTestServer } from '@app/escalation/testing';
import { CliError } from '../apps/cli/src/cli-error';
import { outputSink } from '../apps/cli/src/testing/output-sink';
import { registerUsersCommands } from '../apps/cli/src/users.commands';
import { TOKENS, TestApp, agencyBody, startTestApp } from './support/test-app';
import { API, deleteQueueKeys, uniquePrefix } from './support/worker-process-helpers';

describe('cli: users', () => {
  let smtp: SmtpTestServer;
  let t: TestApp;
  let url: string;
  const prefix = uniquePrefix('cliu');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cli-users-'));

  /** runs `users <args>` as the CLI does, with DLE_TOKEN set to `token`; what it printed */
  async function users(args: string[], token: string | null = TOKENS.admin): Promise<string> {
    const sink = outputSink();
    const program = new Command('cli').exitOverride();
    registerUsersCommands(program, sink.stream, { DLE_API_URL: url, ...(token ? { DLE_TOKEN: token } : {}) });
    await program.parseAsync(['node', 'cli', 'users', ...args]);
    return sink.text();
  }

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    t = await startTestApp({ env: { SMTP_URL: smtp.url, QUEUE_PREFIX: prefix, SCAN_INTERVAL_MS: '3600000' } });
    await t.app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    await t.as('coordinator').post(`${API}/agencies`, agencyBody('BCA', 'Bộ Công an')).expect(201);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
    await deleteQueueKeys(prefix);
  });

  it('adds a person, who receives the invitation, and lists the directory', async () => {
    const added = await users(['add', '--email', 'an.nv@bca.example.org', '--name', 'Nguyễn Văn An', '--agency', 'BCA', '--focal-point']);
    expect(added).toMatch(/^invited an\.nv@bca\.example\.org \([0-9a-f-]{36}\)/);
    const [letter] = await smtp.waitFor(1);
    expect(letter.envelope.rcptTo).toEqual(['an.nv@bca.example.org']);
    const list = await users(['list', '--agency', 'BCA']);
    expect(list.split('\n')[0]).toMatch(/^Email\s+Họ và tên\s+Cơ quan\s+Vai trò\s+Trạng thái$/);
    expect(list).toMatch(/an\.nv@bca\.example\.org\s+Nguyễn Văn An\s+BCA\s+agency\s+invited/);
  });

  it('imports a sheet: a dry run names the bad rows and fails; the fixed file invites', async () => {
    const bad = path.join(dir, 'can-bo.csv');
    writeFileSync(
      bad,
      'Họ và tên;Thư điện tử;Cơ quan;Vai trò\nTrần Thị Bình;binh.tt@bca.example.org;BCA;Cán bộ\nLê Văn Cường;cuong@;BCA;Cán bộ\n',
    );
    const sink = outputSink();
    const program = new Command('cli').exitOverride();
    registerUsersCommands(program, sink.stream, { DLE_API_URL: url, DLE_TOKEN: TOKENS.admin });
    await expect(program.parseAsync(['node', 'cli', 'users', 'import', bad, '--dry-run'])).rejects.toThrow(CliError);
    expect(sink.text()).toContain('can-bo.csv:3: Thư điện tử: "cuong@" không phải là địa chỉ email');
    expect(sink.text()).toContain('would invite 0, already in the directory 0, rows at fault 1');

    writeFileSync(
      bad,
      'Họ và tên;Thư điện tử;Cơ quan;Vai trò\nTrần Thị Bình;binh.tt@bca.example.org;BCA;Cán bộ\nLê Văn Cường;cuong.lv@bca.example.org;BCA;Cán bộ\n',
    );
    expect(await users(['import', bad])).toBe('invited 2, already in the directory 0, rows at fault 0\n');
    expect(await users(['import', bad])).toBe('invited 0, already in the directory 2, rows at fault 0\n');
  });

  it('disables a person by email', async () => {
    expect(await users(['disable', 'binh.tt@bca.example.org', '--reason', 'chuyển công tác'])).toBe('disabled binh.tt@bca.example.org\n');
    expect(await users(['list'])).toMatch(/binh\.tt@bca\.example\.org.*disabled/);
  });

  it('says what is wrong without a token, with a token that may not, and when the engine does not answer', async () => {
    await expect(users(['list'], null)).rejects.toThrow(/set DLE_TOKEN/);
    await expect(users(['list'], TOKENS.auditor)).resolves.toContain('Email');
    await expect(users(['add', '--email', 'x@bca.example.org', '--name', 'X'], TOKENS.auditor)).rejects.toThrow(/POST \/users: 403/);
    const sink = outputSink();
    const program = new Command('cli').exitOverride();
    registerUsersCommands(program, sink.stream, { DLE_API_URL: 'http://127.0.0.1:9', DLE_TOKEN: TOKENS.admin });
    await expect(program.parseAsync(['node', 'cli', 'users', 'list'])).rejects.toThrow(/does not answer/);
  });
});
