import { ManualClock } from '@app/domain';
import { PostgresEventStore, PgDatabase, migrate } from '@app/event-store';
import { Projector, migrateReadModels } from '@app/projections';
import { NoticeQueue, NoticeScanner, readDuePage, type DueCursor } from '@app/escalation';
import { allReadModels } from '@app/runtime';
import { BenchContext } from './lib/context';
import { FixedFeedStore } from './lib/feed-fix';
import { dropIndexes, seedReferenceData } from './lib/generate';
import { BenchResult, REDIS_URL, log, machine, median, now, openDb, round, schemaFor, withSchema } from './lib/harness';

/**
 * scan: one NoticeScanner pass (libs/escalation/src/scanner) with 1,000 notices due among
 * 10k / 100k / 1M open tasks × 3 rules, and with nothing due. The read models the scanner reads
 * (rm_tasks, rm_pending_notices — the planner's contract table — rm_rules, rm_agencies) and an
 * events table of the matching size (one TaskAssigned-sized event per task: the pass reads the
 * feed to check the read models are caught up) are written by SQL (INSERT … SELECT
 * generate_series; indexes built after each load), growing in place from one size to the next. The
 * events table holds only what the passes append: a pass reads the feed from the read models'
 * checkpoint, kept at the head, so its cost does not depend on how many events lie behind it
 * (checked: nothing-due passes take the same time with 100k filler events). A pass appends one NoticeIssued
 * per notice and enqueues it in BullMQ (Redis, prefix bench-scan, emptied after). Between passes
 * the issued rows are replaced by 1,000 fresh due rows and the checkpoint is moved to the head
 * (what the planner does when it projects the NoticeIssued events).
 * Baseline: itself at 10× fewer tasks. Goals: ≤ 1.5× time for 10× tasks; < 50 ms nothing due.
 */
export const NOW = new Date('2026-03-02T02:00:00Z'); // Monday 09:00 in Hanoi
const NOTHING_DUE_AT = new Date('2026-02-27T02:00:00Z');
const RULES = [
  { id: 'default-assignee-7wd', level: 0, digest: false, hour: 0 },
  { id: 'default-assignee-3wd', level: 0, digest: false, hour: 1 },
  { id: 'default-due-today', level: 1, digest: true, hour: 2 },
];
const DUE = 1000;

const AGENCY = (n: string) =>
  `(CASE WHEN ${n} % 60 < 30 THEN 'B' || lpad(((${n} % 60) + 1)::text, 2, '0') ELSE 'T' || lpad(((${n} % 60) - 29)::text, 2, '0') END)`;

export async function addTasks(db: PgDatabase, from: number, to: number): Promise<void> {
  // bulk load without the indexes, then build them once (much faster than row by row)
  const restore = [await dropIndexes(db, 'rm_tasks'), await dropIndexes(db, 'rm_pending_notices')];
  await db.query(
    `INSERT INTO rm_tasks (task_id, code, title, description, source_kind, source_ref, source_issued_on, lead_agency, coordinating_agencies,
       assignee_name, assignee_email, deliverable, approver, priority, deadline_expression, last_day, due, adjusted, original_expression,
       original_due, extension_count, progress_percent, progress_note, completed_at, on_time, cancelled_at, open_blockers, clarity,
       assigned_at, version, last_position)
     SELECT md5('scan-' || n)::uuid, 'SCAN-' || lpad(n::text, 7, '0'), 'Xây dựng cơ sở dữ liệu chuyên ngành số ' || n,
       'Hoàn thành xây dựng, cập nhật dữ liệu và kết nối với cơ sở dữ liệu quốc gia', 'resolution', '71/NQ-CP', '2025-04-01',
       ${AGENCY('n')}, ARRAY[${AGENCY('(n + 1)')}], 'Cán bộ ' || n, 'officer' || n || '@bench.example.org', 'Báo cáo kết quả',
       'Phó Thủ tướng', 'high', d::text, d::text, (d + time '23:59:59.999') AT TIME ZONE 'Asia/Ho_Chi_Minh', false, d::text,
       (d + time '23:59:59.999') AT TIME ZONE 'Asia/Ho_Chi_Minh', 0, 10, 'Đang triển khai', NULL, NULL, NULL, 0,
       '{"person": true, "task": true, "time": true, "responsibility": true, "deliverable": true, "authority": true, "missing": []}'::jsonb,
       '2025-06-02T02:00:00Z', 1, n
       FROM generate_series($1::int, $2::int) AS n, LATERAL (SELECT date '2026-03-16' + (n % 300) AS d) AS x`,
    [from, to],
  );
  await db.query(
    `INSERT INTO rm_pending_notices (notice_key, task_id, task_code, rule_id, occurrence, deadline_version, due, fire_at, level, digest, catch_up)
     SELECT 'n-' || md5('scan-' || n || '-' || r.id), md5('scan-' || n)::uuid, 'SCAN-' || lpad(n::text, 7, '0'), r.id, 0, 0,
            (date '2026-03-16' + (n % 300) + time '23:59:59.999') AT TIME ZONE 'Asia/Ho_Chi_Minh',
            timestamptz '2026-03-03T01:00:00Z' + (n % 300) * interval '1 day' + r.hour * interval '1 hour' + (n % 3600) * interval '1 second',
            r.level, r.digest, false
       FROM generate_series($1::int, $2::int) AS n,
            (VALUES ${RULES.map((r) => `('${r.id}', ${r.level}, ${r.digest}, ${r.hour})`).join(', ')}) AS r(id, level, digest, hour)`,
    [from, to],
  );
  for (const r of restore) await r();
}

/** Replaces the rows a pass issued with DUE fresh due rows (new occurrence numbers) and moves the checkpoint to the head. */
export async function resetDue(db: PgDatabase, tasks: number, round: number): Promise<void> {
  await db.query(`DELETE FROM rm_pending_notices WHERE fire_at <= $1`, [NOW]);
  const step = Math.max(1, Math.floor(tasks / DUE));
  await db.query(
    `INSERT INTO rm_pending_notices (notice_key, task_id, task_code, rule_id, occurrence, deadline_version, due, fire_at, level, digest, catch_up)
     SELECT 'n-' || md5('scan-due-' || $2::int || '-' || i), md5('scan-' || n)::uuid, 'SCAN-' || lpad(n::text, 7, '0'),
            CASE WHEN i % 2 = 0 THEN 'default-assignee-7wd' ELSE 'default-assignee-3wd' END, $2::int, 0,
            (date '2026-03-16' + (n % 300) + time '23:59:59.999') AT TIME ZONE 'Asia/Ho_Chi_Minh',
            $3::timestamptz - (i % 3600) * interval '1 second', 0, false, false
       FROM generate_series(1, ${DUE}) AS i, LATERAL (SELECT ((i - 1) * ${step}) % $1::int + 1 AS n) AS x`,
    [tasks, round, NOW],
  );
  await moveCheckpointToHead(db);
}

async function moveCheckpointToHead(db: PgDatabase): Promise<void> {
  await db.query(
    `UPDATE projection_checkpoints c SET transaction_id = h.transaction_id, position = h.position
       FROM (SELECT transaction_id, position FROM events ORDER BY events.transaction_id DESC, events.position DESC LIMIT 1) h
      WHERE c.name = 'read-models'`,
  );
}

interface SizeResult {
  tasks: number;
  pendingRows: number;
  events: number;
  dueMs: Record<string, number[]>;
  nothingDueMs: Record<string, number[]>;
  findDueMs: number[];
  issued: number;
}

export async function run(ctx: BenchContext): Promise<BenchResult> {
  const name = 'scan';
  const schema = schemaFor(name);
  const sizes = ctx.quick ? [1_000, 10_000, 100_000] : [10_000, 100_000, 1_000_000];
  const duePasses = ctx.quick ? 1 : 3;
  const emptyPasses = 5;
  const started = now();
  const m = await machine();
  const prefix = 'bench-scan';
  const queue = new NoticeQueue({ redisUrl: REDIS_URL, prefix });
  try {
    return await withSchema(schema, async () => {
      const db = openDb(schema, 4);
      try {
        await migrate(db);
        await migrateReadModels(db, allReadModels());
        const at = new Date('2025-06-01T02:00:00Z');
        await seedReferenceData(db, 60, at);
        const stores = { shipped: new PostgresEventStore(db, { notify: false }), fixed: new FixedFeedStore(db) };
        await new Projector(stores.shipped, db, allReadModels()).catchUp();
        await db.query(`DELETE FROM rm_pending_notices`);
        const clock = new ManualClock(NOW);
        const scanners = Object.fromEntries(
          Object.entries(stores).map(([k, store]) => [k, new NoticeScanner({ db, store, queue, clock }, { timeZone: 'Asia/Ho_Chi_Minh' })]),
        ) as Record<'shipped' | 'fixed', NoticeScanner>;
        const results: SizeResult[] = [];
        let have = 0;
        let round_ = 0;
        for (const size of sizes) {
          const t0 = now();
          await addTasks(db, have + 1, size);
          have = size;
          // let the bulk load settle before timing: vacuum/analyze now (not autovacuum mid-pass)
          // and flush its dirty pages (a checkpoint would otherwise slow every commit of the passes)
          await db.query('VACUUM (ANALYZE) rm_tasks');
          await db.query('VACUUM (ANALYZE) rm_pending_notices');
          await db.query('CHECKPOINT');
          log(`scan: ${size} tasks × ${RULES.length} rules written in ${((now() - t0) / 1000).toFixed(1)} s`);
          const r: SizeResult = {
            tasks: size,
            pendingRows: size * RULES.length,
            events: 0,
            dueMs: { shipped: [], fixed: [] },
            nothingDueMs: { shipped: [], fixed: [] },
            findDueMs: [],
            issued: 0,
          };
          await resetDue(db, size, ++round_);
          // the part of a pass that depends on the number of tasks: finding the due rows (the
          // scanner's readDuePage loop, 500 per page, joined with rm_tasks)
          for (let i = 0; i < emptyPasses; i++) {
            const t = now();
            let cursor: DueCursor | null = null;
            let found = 0;
            for (;;) {
              const page = await readDuePage(db, NOW, cursor, 500);
              found += page.length;
              if (page.length < 500) break;
              cursor = { fireAt: page[page.length - 1].fire_at, noticeKey: page[page.length - 1].notice_key };
            }
            r.findDueMs.push(round(now() - t, 1));
            if (found !== DUE) throw new Error(`found ${found} due rows, expected ${DUE}`);
          }
          for (let i = 0; i < emptyPasses; i++) {
            for (const k of ['fixed', 'shipped'] as const) {
              const t = now();
              const res = await scanners[k].scanOnce(NOTHING_DUE_AT);
              r.nothingDueMs[k].push(round(now() - t, 1));
              if (res.due !== 0) throw new Error(`nothing-due pass found ${res.due} due rows`);
            }
          }
          // one untimed pass first: the commits of the first appends after a bulk load pay for
          // the disk still writing it back
          await resetDue(db, size, ++round_);
          await scanners.shipped.scanOnce(NOW);
          for (let i = 0; i < duePasses; i++) {
            for (const k of ['shipped'] as const) {
              await resetDue(db, size, ++round_);
              const t = now();
              const res = await scanners[k].scanOnce(NOW);
              r.dueMs[k].push(round(now() - t, 1));
              if (res.issued !== DUE || res.deferred)
                throw new Error(`scan issued ${res.issued} of ${DUE} (deferred ${res.deferred}, skipped ${res.skipped})`);
              r.issued += res.issued;
            }
          }
          const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
          r.events = rows[0].n;
          log(
            `scan ${size}: 1000 due ${median(r.dueMs.shipped)} ms [${r.dueMs.shipped.join(', ')}]; finding them ${median(r.findDueMs)} ms; ` +
              `nothing due shipped ${median(r.nothingDueMs.shipped)} ms, fixed ${median(r.nothingDueMs.fixed)} ms`,
          );
          results.push(r);
        }
        const med = (r: SizeResult, kind: 'dueMs' | 'nothingDueMs', k: 'shipped' | 'fixed') => median(r[kind][k]);
        const rows: BenchResult['rows'] = [];
        for (let i = 1; i < results.length; i++) {
          const [a, b] = [results[i - 1], results[i]];
          for (const k of ['shipped'] as const) {
            const growth = med(b, 'dueMs', k) / med(a, 'dueMs', k);
            rows.push({
              bench: name,
              what: `pass, 1,000 due, ${fmt(b.tasks)} tasks × 3 rules`,
              figure: med(b, 'dueMs', k),
              unit: 'ms',
              baseline: med(a, 'dueMs', k),
              baselineWhat: `same at ${fmt(a.tasks)} tasks`,
              ratio: round(growth, 2),
              goal: '≤ 1.5× for 10× tasks',
              met: growth <= 1.5,
            });
          }
        }
        for (let i = 1; i < results.length; i++) {
          const [a, b] = [results[i - 1], results[i]];
          const growth = median(b.findDueMs) / median(a.findDueMs);
          rows.push({
            bench: name,
            what: `finding the 1,000 due rows (readDuePage), ${fmt(b.tasks)} tasks × 3 rules`,
            figure: median(b.findDueMs),
            unit: 'ms',
            baseline: median(a.findDueMs),
            baselineWhat: `same at ${fmt(a.tasks)} tasks`,
            ratio: round(growth, 2),
            goal: '≤ 1.5× for 10× tasks',
            met: growth <= 1.5,
          });
        }
        const last = results[results.length - 1];
        for (const k of ['shipped'] as const) {
          rows.push({
            bench: name,
            what: `pass, nothing due, ${fmt(last.tasks)} tasks × 3 rules`,
            figure: med(last, 'nothingDueMs', k),
            unit: 'ms',
            baseline: null,
            baselineWhat: '',
            ratio: null,
            goal: '< 50 ms',
            met: med(last, 'nothingDueMs', k) < 50,
          });
        }
        return {
          name,
          date: new Date().toISOString(),
          seconds: round((now() - started) / 1000, 1),
          machine: m,
          params: {
            sizes,
            rules: RULES.map((r) => r.id),
            due: DUE,
            duePasses,
            emptyPasses,
            now: NOW.toISOString(),
            nothingDueAt: NOTHING_DUE_AT.toISOString(),
          },
          rows,
          data: {
            sizes: results.map((r) => ({
              ...r,
              dueMedianMs: { shipped: med(r, 'dueMs', 'shipped') },
              findDueMedianMs: median(r.findDueMs),
              nothingDueMedianMs: { shipped: med(r, 'nothingDueMs', 'shipped'), fixed: med(r, 'nothingDueMs', 'fixed') },
            })),
          },
          notes: [],
        };
      } finally {
        await db.close();
      }
    });
  } finally {
    await queue.queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close().catch(() => undefined);
  }
}

const fmt = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`);
