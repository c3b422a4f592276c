/**
 * Graceful shutdown of real processes: `apps/api/src/main.ts --with-worker` (what `npm start`
 * runs) and `apps/worker/src/main.ts`, each on embedded PGlite in a temp DATA_DIR and the
 * machine's Redis. SIGTERM lets a request in flight get its answer, refuses new connections,
 * runs the shutdown hooks (jobs, scanner, projector, locks) and exits 0.
 *
 * The processes run the TypeScript entry points through test/support/worker-process-register.js
 * (swc on require, as jest does): the same code as `node dist/…/main.js`, without a 30 s `tsc`
 * build in the suite or a stale dist/.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { TEST_DATABASE_URL } from './support/test-app';
import { deleteQueueKeys, uniquePrefix } from './support/worker-process-helpers';

const ROOT = path.resolve(__dirname, '..');
const REGISTER = path.join(ROOT, 'test', 'support', 'worker-process-register.js');
const ADMIN = 'shutdown-admin-token-0001';
jest.setTimeout(90_000);

interface Proc {
  child: ChildProcess;
  output: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
}

function start(entry: string, args: string[], env: Record<string, string>): Proc {
  const base = { ...process.env };
  for (const key of ['DATABASE_URL', 'DATABASE_SCHEMA', 'CONFIG_FILE', 'AUTH_TOKENS_FILE', 'METRICS_PORT']) delete base[key];
  const child = spawn(process.execPath, ['-r', REGISTER, path.join(ROOT, entry), ...args], {
    cwd: ROOT,
    env: {
      ...base,
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'dle-shutdown-')),
      SCAN_INTERVAL_MS: '3600000',
      LOG_LEVEL: 'info',
      NO_COLOR: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    for (const l of listeners) l();
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const waitFor = (pattern: RegExp, timeoutMs = 60_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        for (const line of output) {
          const m = pattern.exec(line);
          if (m) {
            cleanup();
            resolve(m);
            return;
          }
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${output.join('\n')}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      void exited.then(() => {
        check();
        if (listeners.has(check)) {
          cleanup();
          reject(new Error(`exited before ${pattern}:\n${output.join('\n')}`));
        }
      });
      listeners.add(check);
      check();
    });
  return { child, output, exited, waitFor };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SIGTERM on `main.js --with-worker`', () => {
  const prefix = uniquePrefix('shutdown');
  let proc: Proc | undefined;

  afterAll(async () => {
    if (proc && proc.child.exitCode === null) proc.child.kill('SIGKILL');
    await deleteQueueKeys(prefix);
  });

  it('answers the request in flight, refuses new connections, then exits 0', async () => {
    proc = start('apps/api/src/main.ts', ['--with-worker'], {
      PORT: '0',
      QUEUE_PREFIX: prefix,
      MIN_POSITION_WAIT_MS: '2500',
      AUTH_TOKENS: JSON.stringify([{ token: ADMIN, role: 'admin', name: 'ops' }]),
    });
    const [, port] = await proc.waitFor(/listening on http:\/\/localhost:(\d+)/);
    const base = `http://127.0.0.1:${port}`;
    const headers = { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' };
    const created = await fetch(`${base}/api/v1/agencies`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        code: 'BCA',
        name: 'Bộ Công an',
        kind: 'ministry',
        head: { name: 'Bộ trưởng', title: 'Bộ trưởng', email: 'head@bca.example.org' },
      }),
    });
    expect(created.status).toBe(201);
    const { position } = (await created.json()) as { position: number };

    // A slow request: it waits (MIN_POSITION_WAIT_MS) for a position the store has not reached.
    const startedAt = Date.now();
    const slow = fetch(`${base}/api/v1/agencies?minPosition=${position + 1000}`, { headers }).then(async (res) => ({
      status: res.status,
      body: await res.json(),
      at: Date.now(),
    }));
    await pause(400);
    const signalledAt = Date.now();
    proc.child.kill('SIGTERM');
    await proc.waitFor(/SIGTERM: no new connections; waiting for 1 request\(s\) in flight/, 5000);
    await expect(fetch(`${base}/health`)).rejects.toThrow();

    const answer = await slow;
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ error: { code: 'read_model_lag' } });
    expect(answer.at - startedAt).toBeGreaterThanOrEqual(2000);

    const exit = await proc.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalledAt).toBeLessThan(10_000);
    const log = proc.output.join('\n');
    expect(log).toMatch(/SIGTERM: finishing jobs in flight and closing/);
    expect(log).toMatch(/released the projector lock/);
    expect(log).toMatch(/"msg":"stopped"/);
  });
});

describe('SIGTERM on a worker process of a split deployment (PostgreSQL)', () => {
  const prefix = uniquePrefix('shutdown-w');
  const schema = prefix.replace(/-/g, '_');
  let proc: Proc | undefined;

  afterAll(async () => {
    if (proc && proc.child.exitCode === null) proc.child.kill('SIGKILL');
    await deleteQueueKeys(prefix);
    const admin = new Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  it('serves its own /metrics on METRICS_PORT and exits 0 after its shutdown hooks', async () => {
    const metricsPort = await freePort();
    proc = start('apps/worker/src/main.ts', [], {
      DATABASE_URL: TEST_DATABASE_URL,
      DATABASE_SCHEMA: schema,
      QUEUE_PREFIX: prefix,
      METRICS_PORT: String(metricsPort),
    });
    await proc.waitFor(/metrics on http:\/\/localhost:\d+\/metrics/);
    await proc.waitFor(/projector started/);
    const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/^dle_queue_depth\{queue="notices"\} 0$/m);
    expect(text).toMatch(/^dle_projection_lag_events \d+$/m);
    expect(text).toContain('# TYPE dle_scan_duration_seconds histogram');

    proc.child.kill('SIGTERM');
    const exit = await proc.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(proc.output.join('\n')).toMatch(/"msg":"stopped"/);
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
