import { ChildProcess, fork } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const ENTRY = path.join(__dirname, 'worker-process-entry.ts');
const REGISTER = path.join(__dirname, 'worker-process-register.js');
const READY_TIMEOUT_MS = 60_000;

export interface WorkerProcessOptions {
  /** DATABASE_URL, DATABASE_SCHEMA, REDIS_URL, QUEUE_PREFIX, SMTP_URL, SCAN_INTERVAL_MS… */
  env: Record<string, string>;
  /** business time at start (the clock runs on from there) */
  fakeNow?: string;
  /** EscalationTuning overrides, e.g. short locks so a killed worker's jobs are taken over fast */
  tuning?: Record<string, unknown>;
  /** a label in the captured output */
  name?: string;
}

export interface WorkerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface WorkerProcess {
  readonly name: string;
  readonly pid: number;
  /** everything the process printed, for assertions and for failing tests' messages */
  readonly output: string[];
  /** resolves once the Nest application context is initialised */
  readonly ready: Promise<void>;
  readonly exited: Promise<WorkerExit>;
  /** sends a signal and waits for the process to end (SIGKILL: a crash; SIGTERM: a clean stop) */
  kill(signal?: NodeJS.Signals): Promise<WorkerExit>;
}

/**
 * Starts a real worker process (apps/worker's modules) running the TypeScript sources directly:
 * `node -r worker-process-register.js worker-process-entry.ts`. Compiling on require with swc
 * takes a second or two and needs no `tsc` build into dist/ that could be stale or missing.
 */
export function startWorkerProcess(options: WorkerProcessOptions): WorkerProcess {
  const name = options.name ?? 'worker';
  const output: string[] = [];
  const child: ChildProcess = fork(ENTRY, [], {
    execArgv: ['-r', REGISTER],
    cwd: path.resolve(__dirname, '..', '..'),
    env: {
      ...process.env,
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'dle-worker-')),
      ...options.env,
      ...(options.fakeNow ? { FAKE_NOW: options.fakeNow } : {}),
      ...(options.tuning ? { WORKER_TUNING: JSON.stringify(options.tuning) } : {}),
      // Nest colours its logs only on a TTY; keep captured output plain.
      NO_COLOR: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const collect = (chunk: Buffer) =>
    output.push(
      ...chunk
        .toString('utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => `[${name}] ${l}`),
    );
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);

  const exited = new Promise<WorkerExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} not ready within ${READY_TIMEOUT_MS} ms:\n${output.join('\n')}`)),
      READY_TIMEOUT_MS,
    );
    child.on('message', (message: { ready?: boolean }) => {
      if (message?.ready) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((exit) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited before it was ready (${exit.code ?? exit.signal}):\n${output.join('\n')}`));
    });
  });
  ready.catch(() => undefined);

  return {
    name,
    pid: child.pid!,
    output,
    ready,
    exited,
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
