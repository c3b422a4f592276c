import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { PgDatabase } from '@app/event-store';

/** The shared `test` database; other engineers' suites use it at the same time (own schemas). */
export const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Repository root (bench/ is compiled to dist-bench/bench/, so walk up to package.json). */
export const ROOT = (() => {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json')) || existsSync(path.join(dir, 'bench', 'lib')) === false) {
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
})();
export const RESULTS_DIR = path.join(ROOT, 'bench', 'results');

/** A row of the summary table. */
export interface TableRow {
  bench: string;
  /** what the figure is, e.g. "events/s at 8 writers" */
  what: string;
  figure: number;
  unit: string;
  baseline: number | null;
  baselineWhat: string;
  /** figure / baseline (or the quantity the goal compares) */
  ratio: number | null;
  goal: string;
  met: boolean | null;
}

export interface BenchResult {
  name: string;
  date: string;
  seconds: number;
  machine: Machine;
  params: Record<string, unknown>;
  rows: TableRow[];
  /** everything measured, for the doc and for later comparison */
  data: Record<string, unknown>;
  notes: string[];
  /** set when the benchmark threw: its figures are absent from this run */
  failed?: string;
}

export interface Machine {
  cores: number;
  cpu: string;
  memoryGiB: number;
  postgres: string;
  node: string;
  /** 1-minute load average when the benchmark started: the machine is shared */
  loadAtStart: number;
  otherSessions: number;
}

/** Schema name for a benchmark: bench_<name> (dashes become underscores). */
export const schemaFor = (name: string): string => `bench_${name.replace(/-/g, '_')}`;

export async function adminQuery<T = any>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Drops (only) this benchmark's schema. */
export async function dropSchema(schema: string): Promise<void> {
  if (!/^bench_[a-z0-9_]+$/.test(schema)) throw new Error(`refusing to drop ${schema}: not a bench_ schema`);
  await adminQuery(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
}

/** A fresh bench_<name> schema for the duration of fn, dropped after (also when fn throws). */
export async function withSchema<T>(schema: string, fn: () => Promise<T>): Promise<T> {
  await dropSchema(schema);
  await adminQuery(`CREATE SCHEMA ${schema}`);
  try {
    return await fn();
  } finally {
    await dropSchema(schema).catch((e) => log(`could not drop ${schema}: ${e.message}`));
  }
}

/**
 * For the profiling aids: with PROFILE_KEEP=1 the schema is kept after fn, and a kept one is
 * reused (fn gets `reused`, and skips its load): generating a million tasks takes half an hour,
 * a profile of the queries over them seconds. Without it, as withSchema.
 */
export async function withKeptSchema<T>(schema: string, fn: (reused: boolean) => Promise<T>): Promise<T> {
  if (process.env.PROFILE_KEEP !== '1') return withSchema(schema, () => fn(false));
  const [existing] = await adminQuery(`SELECT 1 FROM pg_namespace WHERE nspname = $1`, [schema]);
  if (!existing) await adminQuery(`CREATE SCHEMA ${schema}`);
  log(existing ? `reusing the kept schema ${schema}` : `keeping ${schema} afterwards (PROFILE_KEEP=1)`);
  return fn(Boolean(existing));
}

export function openDb(schema: string, max = 10): PgDatabase {
  return new PgDatabase({ connectionString: DATABASE_URL, schema, max, applicationName: `bench-${schema}` });
}

export async function machine(): Promise<Machine> {
  const [{ server_version }] = await adminQuery<{ server_version: string }>('SHOW server_version');
  const [{ n }] = await adminQuery<{ n: string }>(
    `SELECT count(*) AS n FROM pg_stat_activity WHERE backend_type = 'client backend' AND application_name NOT LIKE 'bench-%'`,
  );
  return {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    postgres: server_version,
    node: process.version,
    loadAtStart: Math.round(os.loadavg()[0] * 100) / 100,
    otherSessions: Number(n) - 1,
  };
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export const now = (): number => Number(process.hrtime.bigint()) / 1e6;

export function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

export function round(value: number, digits = 2): number {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Quick runs (BENCH_QUICK=1) go to dist-bench/quick-results/ (ignored by git), never over the real results. */
export const QUICK_RESULTS_DIR = path.join(ROOT, 'dist-bench', 'quick-results');

export function writeResult(result: BenchResult, quick = false): string {
  const dir = quick ? QUICK_RESULTS_DIR : RESULTS_DIR;
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${result.name}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  return file;
}

export function readResult(name: string, dir = RESULTS_DIR): BenchResult | null {
  const file = path.join(dir, `${name}.json`);
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8')) as BenchResult;
}

export function gitRevision(): string {
  try {
    const rev = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).trim();
    return dirty ? `${rev}+uncommitted` : rev;
  } catch {
    return 'unknown';
  }
}

/** Memory sampler: RSS and heap every `everyMs`, for showing a flat (streaming) profile. */
export class MemorySampler {
  readonly samples: { t: number; rssMiB: number; heapMiB: number; progress: number }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private started = 0;
  progress = 0;

  start(everyMs = 250): void {
    this.started = now();
    const sample = () => {
      const m = process.memoryUsage();
      this.samples.push({
        t: round((now() - this.started) / 1000, 2),
        rssMiB: round(m.rss / 2 ** 20, 1),
        heapMiB: round(m.heapUsed / 2 ** 20, 1),
        progress: this.progress,
      });
    };
    sample();
    this.timer = setInterval(sample, everyMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const m = process.memoryUsage();
    this.samples.push({
      t: round((now() - this.started) / 1000, 2),
      rssMiB: round(m.rss / 2 ** 20, 1),
      heapMiB: round(m.heapUsed / 2 ** 20, 1),
      progress: this.progress,
    });
  }

  /** max/min over the run, and the values at 10 %, 50 % and 100 % of progress */
  summary(): Record<string, number> {
    const s = this.samples;
    const at = (f: number) => s.find((x) => x.progress >= f) ?? s[s.length - 1];
    return {
      rssMaxMiB: Math.max(...s.map((x) => x.rssMiB)),
      heapMaxMiB: Math.max(...s.map((x) => x.heapMiB)),
      heapMinMiB: Math.min(...s.map((x) => x.heapMiB)),
      rssAt10: at(0.1).rssMiB,
      rssAt50: at(0.5).rssMiB,
      rssAt100: s[s.length - 1].rssMiB,
      heapAt10: at(0.1).heapMiB,
      heapAt50: at(0.5).heapMiB,
      heapAt100: s[s.length - 1].heapMiB,
    };
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
