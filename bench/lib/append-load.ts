import { randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { PgDatabase, PostgresEventStore, expect, migrate } from '@app/event-store';
import { uuidV7 } from '@app/event-store/postgres/uuid-v7';
import { sampleLifecycles } from './generate';
import { DATABASE_URL, adminQuery, dropSchema, log, median, now, openDb, round } from './harness';

/**
 * The append load shared by `append` and `append-peer`: W writers, each on its own streams,
 * appending one event per command with the expected version (a task of 10 real lifecycle
 * events: the first with "no stream", the next ones with the exact version, then a new task),
 * for a fixed time. Every system gets the same payloads, the same pool size (= W) and the same
 * concurrency; runs alternate between systems so drift in the shared machine's load hits each.
 */
export type System = 'raw' | 'store' | 'peer' | 'store-lean';

/**
 * 'store-lean': the same store in a second schema (<schema>_lean) without the indexes listed
 * here, to measure what a proposed schema change would gain, side by side.
 */
export const LEAN_DROPPED_INDEXES = ['events_recorded_at_idx'];

export interface AppendLoadOptions {
  schema: string;
  systems: System[];
  writers: number[];
  seconds: number;
  repetitions: number;
}

export interface LevelResult {
  writers: number;
  /** events/s of each run, per system */
  runs: Record<string, number[]>;
  median: Record<string, number>;
  /** latency of one append, ms, from the last repetition */
  p50: Record<string, number>;
  p99: Record<string, number>;
}

const LIFECYCLES = sampleLifecycles(64);
const METADATA = { actor: { role: 'coordinator', name: 'Văn phòng Chính phủ' }, correlationId: randomUUID() };

const RAW_DDL = `CREATE TABLE IF NOT EXISTS raw_events (
  position bigserial PRIMARY KEY,
  id uuid NOT NULL,
  stream_id text NOT NULL,
  version bigint NOT NULL,
  type text NOT NULL,
  data jsonb NOT NULL,
  metadata jsonb NOT NULL,
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL,
  hash text NOT NULL
)`;
const RAW_INSERT = `INSERT INTO raw_events (id, stream_id, version, type, data, metadata, occurred_at, recorded_at, hash)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8)`;

type AppendOne = (stream: string, version: number, event: { type: string; data: Record<string, unknown> }) => Promise<void>;

interface Driver {
  appendOne: AppendOne;
  close(): Promise<void>;
}

async function openDriver(system: System, schema: string, writers: number, db: PgDatabase): Promise<Driver> {
  if (system === 'raw') {
    return {
      appendOne: async (stream, version, event) => {
        await db.query(
          RAW_INSERT,
          [
            uuidV7(),
            stream,
            version + 1,
            event.type,
            JSON.stringify(event.data),
            JSON.stringify(METADATA),
            new Date(),
            randomBytes(32).toString('hex'),
          ],
          { name: 'bench_raw_insert' },
        );
      },
      close: async () => undefined,
    };
  }
  if (system === 'store' || system === 'store-lean') {
    // as the API uses it: the shared pool, NOTIFY at most every 20 ms
    const own = system === 'store-lean' ? openDb(`${schema}_lean`, writers) : null;
    const store = new PostgresEventStore(own ?? db);
    return {
      appendOne: async (stream, version, event) => {
        await store.append(stream, [{ type: event.type, data: event.data, metadata: METADATA, occurredAt: new Date() }], {
          expectedVersion: version === 0 ? expect.noStream() : expect.exact(version),
        });
      },
      close: async () => {
        await store.close();
        await own?.close();
      },
    };
  }
  // the peer: emmett-postgresql's event store on its own pg.Pool of the same size, same schema
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when the peer is measured
  const { getPostgreSQLEventStore } = require('@event-driven-io/emmett-postgresql');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when the peer is measured
  const { STREAM_DOES_NOT_EXIST } = require('@event-driven-io/emmett');
  const pool = new Pool({
    connectionString: DATABASE_URL,
    max: writers,
    options: `-c search_path=${schema}`,
    application_name: `bench-${schema}`,
  });
  pool.on('error', () => undefined);
  const store = getPostgreSQLEventStore(DATABASE_URL, { connectionOptions: { pool }, schema: { autoMigration: 'CreateOrUpdate' } });
  return {
    appendOne: async (stream, version, event) => {
      await store.appendToStream(stream, [{ type: event.type, data: event.data, metadata: METADATA }], {
        expectedStreamVersion: version === 0 ? STREAM_DOES_NOT_EXIST : BigInt(version),
      });
    },
    close: async () => {
      await store.close().catch(() => undefined);
      await pool.end().catch(() => undefined);
    },
  };
}

/** One timed run: returns events/s and per-append latencies. */
async function drive(appendOne: AppendOne, writers: number, seconds: number): Promise<{ rate: number; latencies: number[] }> {
  const start = now();
  const deadline = start + seconds * 1000;
  let count = 0;
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      let task = w;
      while (now() < deadline) {
        const stream = `task-${randomUUID()}`;
        const life = LIFECYCLES[task++ % LIFECYCLES.length];
        for (let v = 0; v < life.length && now() < deadline; v++) {
          const t0 = now();
          await appendOne(stream, v, life[v]);
          latencies.push(now() - t0);
          count++;
        }
      }
    }),
  );
  return { rate: count / ((now() - start) / 1000), latencies };
}

export async function runAppendLoad(options: AppendLoadOptions): Promise<LevelResult[]> {
  const lean = options.systems.includes('store-lean') ? `${options.schema}_lean` : null;
  if (lean) {
    await dropSchema(lean);
    await adminQuery(`CREATE SCHEMA ${lean}`);
    const l = openDb(lean, 1);
    await migrate(l);
    for (const index of LEAN_DROPPED_INDEXES) await l.query(`DROP INDEX ${index}`);
    await l.close();
  }
  try {
    return await load(options);
  } finally {
    if (lean) await dropSchema(lean);
  }
}

async function load(options: AppendLoadOptions): Promise<LevelResult[]> {
  const setup = openDb(options.schema, 1);
  await migrate(setup);
  await setup.exec(RAW_DDL);
  await setup.close();
  if (options.systems.includes('peer')) {
    // create the peer's schema once, outside the timed runs
    const probe = openDb(options.schema, 1);
    const driver = await openDriver('peer', options.schema, 1, probe);
    await driver.appendOne(`task-${randomUUID()}`, 0, LIFECYCLES[0][0]);
    await driver.close();
    await probe.close();
  }
  const results: LevelResult[] = [];
  for (const writers of options.writers) {
    const db = openDb(options.schema, writers);
    const drivers = new Map<System, Driver>();
    for (const system of options.systems) drivers.set(system, await openDriver(system, options.schema, writers, db));
    // warm-up: connections opened, statements prepared, caches filled
    for (const system of options.systems) await drive(drivers.get(system)!.appendOne, writers, 0.7);
    const runs: Record<string, number[]> = Object.fromEntries(options.systems.map((s) => [s, []]));
    const p50: Record<string, number> = {};
    const p99: Record<string, number> = {};
    for (let rep = 0; rep < options.repetitions; rep++) {
      // rotate the order so no system always runs right after the same other one
      const order = options.systems.map((_, i) => options.systems[(i + rep) % options.systems.length]);
      for (const system of order) {
        const { rate, latencies } = await drive(drivers.get(system)!.appendOne, writers, options.seconds);
        runs[system].push(round(rate, 0));
        const sorted = latencies.sort((a, b) => a - b);
        p50[system] = round(sorted[Math.floor(sorted.length * 0.5)] ?? NaN, 2);
        p99[system] = round(sorted[Math.floor(sorted.length * 0.99)] ?? NaN, 2);
      }
    }
    for (const driver of drivers.values()) await driver.close();
    await db.close();
    const med = Object.fromEntries(options.systems.map((s) => [s, round(median(runs[s]), 0)]));
    log(`append ${writers} writers: ${options.systems.map((s) => `${s} ${med[s]}/s [${runs[s].join(', ')}]`).join(' · ')}`);
    results.push({ writers, runs, median: med, p50, p99 });
  }
  return results;
}
