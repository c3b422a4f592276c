/**
 * Profiling aid (not part of `npm run bench`): server-side cost of one append, without commits
 * or round trips — N calls in one DO block each, so only the CPU/index work is timed:
 * append_events (new stream, then exact version), a plain INSERT into `events` (same indexes,
 * hash given), event_hash() alone, and the raw table's INSERT.
 *   node dist-bench/bench/profile-append-sql.js [N=3000]
 */
import { migrate } from '@app/event-store';
import { sampleLifecycles } from './lib/generate';
import { log, openDb, withSchema } from './lib/harness';

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 3000);
  const schema = 'bench_profile_sql';
  await withSchema(schema, async () => {
    const db = openDb(schema, 1);
    try {
      await migrate(db);
      await db.exec(`CREATE TABLE raw_events (position bigserial PRIMARY KEY, id uuid NOT NULL, stream_id text NOT NULL, version bigint NOT NULL,
        type text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL, occurred_at timestamptz NOT NULL, recorded_at timestamptz NOT NULL, hash text NOT NULL)`);
      const event = sampleLifecycles(1)[0][0];
      const data = JSON.stringify(event.data).replace(/'/g, "''");
      const meta = JSON.stringify({
        actor: { role: 'coordinator', name: 'Văn phòng Chính phủ' },
        correlationId: '0b6a3f1e-4d2c-4f8a-9c57-2e9d1b7a5c30',
      });
      const payload = JSON.stringify([
        {
          id: '00000000-0000-7000-8000-000000000000',
          type: event.type,
          schemaVersion: 1,
          data: event.data,
          metadata: JSON.parse(meta),
          occurredAt: new Date().toISOString(),
        },
      ]).replace(/'/g, "''");
      const time = async (label: string, body: string) => {
        const { rows } = await db.query<{ ms: number }>(
          `
          CREATE OR REPLACE FUNCTION pg_temp.bench_loop() RETURNS double precision LANGUAGE plpgsql AS $$
          DECLARE t0 timestamptz := clock_timestamp(); r record;
          BEGIN
            FOR i IN 1 .. ${n} LOOP ${body} END LOOP;
            RETURN extract(epoch FROM clock_timestamp() - t0) * 1000;
          END $$;
          SELECT pg_temp.bench_loop() AS ms`.replace(/^\s+/gm, ''),
        );
        log(`${label.padEnd(48)} ${((rows[rows.length - 1]?.ms / n) * 1000).toFixed(1)} µs per call`);
      };
      // multi-statement text: run via exec, then read the value
      const timeExec = async (label: string, body: string) => {
        await db.exec(`CREATE OR REPLACE FUNCTION bench_loop() RETURNS double precision LANGUAGE plpgsql AS $f$
          DECLARE t0 timestamptz := clock_timestamp(); r record;
          BEGIN
            FOR i IN 1 .. ${n} LOOP ${body} END LOOP;
            RETURN extract(epoch FROM clock_timestamp() - t0) * 1000;
          END $f$`);
        const { rows } = await db.query<{ ms: number }>('SELECT bench_loop() AS ms');
        log(`${label.padEnd(52)} ${((rows[0].ms / n) * 1000).toFixed(1)} µs per call`);
      };
      void time;
      const payloadWithId = (expr: string) => `replace('${payload}', '00000000-0000-7000-8000-000000000000', ${expr})::jsonb`;
      for (let round = 0; round < 2; round++) {
        await timeExec(
          'append_events, new stream (no_stream)',
          `PERFORM append_events('s-${round}-' || i, 'no_stream', NULL, ${payloadWithId(`gen_random_uuid()::text`)}, now());`,
        );
        await timeExec(
          'append_events, existing stream (exact version)',
          `PERFORM append_events('s-${round}-' || i, 'exact', 1, ${payloadWithId(`gen_random_uuid()::text`)}, now());`,
        );
        await timeExec(
          'event_hash() alone',
          `PERFORM event_hash(NULL, 's-x-' || i, 1, '${event.type}', '${data}'::jsonb, '${meta}'::jsonb, now(), now());`,
        );
        await timeExec(
          'INSERT INTO events (6 indexes), hash given',
          `INSERT INTO events (id, stream_id, version, type, data, metadata, occurred_at, recorded_at, hash) VALUES (gen_random_uuid(), 'p-${round}-' || i, 1, '${event.type}', '${data}'::jsonb, '${meta}'::jsonb, now(), now(), md5(i::text) || md5(i::text));`,
        );
        await timeExec(
          'INSERT INTO raw_events (primary key only)',
          `INSERT INTO raw_events (id, stream_id, version, type, data, metadata, occurred_at, recorded_at, hash) VALUES (gen_random_uuid(), 'r-${round}-' || i, 1, '${event.type}', '${data}'::jsonb, '${meta}'::jsonb, now(), now(), md5(i::text) || md5(i::text));`,
        );
      }
    } finally {
      await db.close();
    }
  });
}
main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
