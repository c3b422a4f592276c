import { BenchResult, median, round } from './harness';

/**
 * The prose of docs/benchmarks.md. Numbers come from the results of the run; the causes come
 * from the profiling done with bench/profile-*.ts (their one-off figures are quoted with that
 * origin). Keep the explanations here in step with the code they describe.
 */
const f = (v: number | undefined | null, d = 0) => (v === undefined || v === null || Number.isNaN(v) ? '–' : round(v, d).toLocaleString('en-US'));

export function narrative(results: Map<string, BenchResult>): string {
  const out: string[] = [];
  out.push(`## How to run

\`\`\`bash
npm run bench                 # everything, about 13 minutes on 2 cores; prints the table, rewrites this page
npm run bench -- scan api     # some benchmarks; the others keep their last results in bench/results/
BENCH_QUICK=1 npm run bench   # 10× smaller data, for working on the harness (does not touch this page)
node dist-bench/bench/generate.js --tasks 1000000 --events-per-task 10 --schema bench_data   # data only
\`\`\`

The command compiles \`bench/\` with the project's own tsc (\`bench/tsconfig.json\`, output in
\`dist-bench/\`), runs each benchmark in its own PostgreSQL schema \`bench_<name>\` of the \`test\`
database (\`BENCH_DATABASE_URL\` overrides it) and drops the schema afterwards; BullMQ keys use the
prefixes \`bench-scan\` / \`bench-deliver\` / \`bench-api\` and are removed. Each benchmark writes
\`bench/results/<name>.json\` (every run, every repetition, the machine); this page and the
charts are generated from those files. \`bench/profile-*.ts\` are the profiling aids used for
the analysis below (not part of the run).`);

  const append = results.get('append');
  const peer = results.get('append-peer');
  if (append || peer) {
    const lv = (r: BenchResult | undefined, w: number) => (r?.data.levels as any[] | undefined)?.find((l) => l.writers === w);
    const a8 = lv(append, 8);
    const p8 = lv(peer, 8);
    out.push(`## append and append-peer

One event per command with the expected version (a task of 10 real lifecycle events from the task
decider: the first append expects "no stream", the next ones the exact version), each writer on
its own streams, for ${append?.params.seconds ?? 2} s per run, ${append?.params.repetitions ?? 5} runs per system
alternating with the baseline; medians. The raw baseline inserts the same payloads (same columns,
same JSON) into a plain table with only a primary key, through the same pg pool (size = writers).
The peer is \`@event-driven-io/emmett-postgresql\` 0.42 (\`appendToStream\` with
\`expectedStreamVersion\`) on its own pg pool of the same size, in the same schema.

${a8 ? `At 8 writers the store made **${f(a8.median.store)} events/s against ${f(a8.median.raw)} raw (${round(a8.median.store / a8.median.raw, 2)}×)**; single appends took p50 ${a8.p50.store} ms / p99 ${a8.p99.store} ms (raw ${a8.p50.raw} / ${a8.p99.raw} ms).` : ''}
${p8 ? `In the peer run, at 8 writers: store ${f(p8.median.store)}/s, emmett ${f(p8.median.peer)}/s (${round(p8.median.peer / p8.median.raw, 2)}× raw, close to the 0.37× quality.md quotes), raw ${f(p8.median.raw)}/s: **${round(p8.median.store / p8.median.peer, 2)}× the peer**.` : ''}
The two benchmarks measure the store at 8 writers in separate minutes of the same run; the spread
between them (and between repetitions, all in the JSON) is the shared machine's noise, which is of
the order of the margins to the goals.

Server-side cost of one append, without commits or round trips (\`bench/profile-append-sql.ts\`:
3,000 calls in one PL/pgSQL loop): \`append_events\` 77-84 µs, of which \`event_hash()\` 7-9 µs;
a plain INSERT of the same row into \`events\` with its indexes 21 µs; the raw table's INSERT
12 µs. The rest of \`append_events\` (about 50 µs) is the PL/pgSQL body: parsing the events
JSON, the stream row read and compare-and-set, the ordinality loop. That CPU alone would allow
over 20,000 appends/s on 2 cores, so at 1-3k/s the wall-clock difference is mostly commit latency
(larger WAL records per append: the stream row and six index entries) and the shared machine.

Why the store is slower than the raw INSERT: one call of \`append_events\` reads the stream row,
computes the SHA-256 chain link (jsonb to text, two \`to_char\`), compare-and-sets the stream row
(a second row written, and its index) and inserts the event with five indexes (position, id,
(stream, version), (transaction_id, position) for the feed, recorded_at) plus the partial
idempotency-key index, against one row and one index for the raw table. Tried: dropping
\`events_recorded_at_idx\` (no query on \`events\` uses it; \`bench/profile-append.ts\`, 8 writers,
6 × 2 s alternating): 1,800 events/s with it, 1,747 without, raw 2,946 — no measurable gain, so it
is not proposed. Against the peer the store gains by doing one round trip with a prepared
statement, where the peer sends BEGIN, its function call with every value inlined in the SQL text
(parsed and planned each time) and COMMIT.${(() => {
      const p32 = lv(peer, 32);
      return p32 ? ` At 32 writers the store made ${round(p32.median.store / p32.median.peer, 2)}× the peer.` : '';
    })()} The 1.5× goal at 8 writers is ${p8 && p8.median.store / p8.median.peer >= 1.5 ? 'met' : 'missed'}${p8 ? ` (${round(p8.median.store / p8.median.peer, 2)}×)` : ''}; the margin is within this machine's run-to-run noise.
No further cheap change was found: what remains is the work the invariants require (optimistic
concurrency on the stream row, the hash chain, the feed index).`);
  }

  const rebuild = results.get('rebuild');
  if (rebuild) {
    const d = rebuild.data as any;
    const feed = d.feed;
    const mem = d.memory;
    const split = (s: Record<string, number> | undefined) =>
      s ? Object.entries(s).sort((a, b) => b[1] - a[1]).filter(([, v]) => v >= 0.01).map(([k, v]) => `${k} ${Math.round(v * 100)} %`).join(', ') : '–';
    out.push(`## rebuild

${f(rebuild.params.events as number)} events (${f(rebuild.params.tasks as number)} tasks × ${rebuild.params.eventsPerTask} events: assignment,
progress reports, a blocker raised and resolved, an extension requested and granted, a completion
for a third of them; 60 agencies and the 6 default rules appended through the store first). The
events are interleaved like real traffic (2,000 tasks advance one lifecycle step at a time), so a
catch-up batch of 20,000 events touches about 2,000 different tasks, most of them twice. The rebuild is
\`Projector.rebuild()\` over the worker's \`allReadModels()\` (${(rebuild.params.readModels as string[]).join(', ')}),
exactly what \`npm run cli -- rebuild\` runs (catch-up batches of ${f(rebuild.params.batchSize as number)} events, the next page read
while the current one is applied); the baseline reads the same events with \`readFeed\` in
pages of 500 (the live projector's read, nothing applied), ${rebuild.params.plainReadRuns} runs, median.

**The read-feed ORDER BY bug (fixed in b29558f while this work ran; the figures here are with the
fix).** \`libs/event-store/src/postgres/read-feed.ts\` used to say \`ORDER BY transaction_id, position\`
while its select list (\`EVENT_COLUMNS\`) has \`transaction_id::text AS transaction_id\`; in ORDER BY a
bare name means the *output* column, so PostgreSQL sorted by the text of the xid. The benchmark
found it through speed: the (transaction_id, position) index was not used, and every page read
from the start of the feed was a scan plus a top-N sort of the whole table${feed.shippedRowsRead ? ` (EXPLAIN ANALYZE of the old query text on this run's data: ${feed.shippedPlan}, ${f(feed.shippedRowsRead)} rows read to return 500; the fixed one: ${feed.fixedPlan}, ${f(feed.fixedRowsRead)} rows)` : ''};
measured by hand on a 1M-event table, 2,024 ms against 0.9 ms per page, i.e. over an hour just to
read 1M events in a rebuild or a catch-up. The same text order skips events once xids gain a
digit ('10000000' sorts before '9999999' and the xid8 cursor then passes the lower ones), which is
what b29558f fixes and tests. \`bench/lib/feed-fix.ts\` still times the store's readFeed against the
fixed query at the start of the rebuild benchmark and would measure with the fix (and say so) if
the shipped read were several times slower: in this run it was not (${f(feed.shippedMsPerPage, 1)} against ${f(feed.fixedMsPerPage, 1)} ms per page).

Rebuild: **${f(d.rebuildEventsPerSecond)} events/s = ${round(d.rebuildEventsPerSecond / median(d.plainReadEventsPerSecond), 3)}× the plain read** (${f(median(d.plainReadEventsPerSecond))} events/s): the 0.3× goal is ${d.rebuildEventsPerSecond / median(d.plainReadEventsPerSecond) >= 0.3 ? 'met' : 'missed'}.
Time per read model: ${split(d.shippedSplit)}.

Memory (sampled every 250 ms, see the chart): heap ${f(mem.heapAt10, 1)} MiB at 10 %, ${f(mem.heapAt50, 1)} MiB at 50 %,
${f(mem.heapAt100, 1)} MiB at the end (RSS max ${f(mem.rssMaxMiB, 1)} MiB): bounded by one batch, whatever the history's length.

![rebuild growth](bench-rebuild.svg)

![rebuild memory](bench-rebuild-memory.svg)

Data: \`bench/lib/generate.ts\` decides a few dozen task lifecycles with the real task decider
(deadlines resolved on the shipped 2025-2027 calendar), stamps them out per task (ids, codes,
agencies) and loads them with \`COPY\` on two connections, with the events indexes dropped during
the load and rebuilt after: ${f(d.generate.eventsPerSecond)} events/s here (1,000,000 events took 90 s in a
separate run on this machine, so 10,000,000 would take 15-20 minutes; not part of \`npm run bench\`).
The rows have the shape \`append_events\` writes, but \`hash\`/\`prev_hash\` are a per-stream chain of
SHA-256 values that \`event_hash()\` does not reproduce (that needs jsonb's canonical text):
\`verify\` reports the generated events as hash mismatches. Nothing else reads hashes — projections,
rebuilds and the API do not — so the benchmarks are unaffected. Agencies and rules are appended
through the store and verify.`);
  }

  const scan = results.get('scan');
  if (scan) {
    const sizes = (scan.data.sizes as any[]) ?? [];
    const row = (s: any) => `| ${f(s.tasks)} | ${f(s.pendingRows)} | ${f(s.dueMedianMs.shipped)} ms | ${f(s.findDueMedianMs, 1)} ms | ${f(s.nothingDueMedianMs.shipped, 1)} ms |`;
    out.push(`## scan

\`NoticeScanner.scanOnce()\` (libs/escalation/src/scanner), the code the worker runs, on read models
written by SQL: \`rm_tasks\` (open tasks, deadlines spread over 300 days), \`rm_pending_notices\`
(the planner's contract table: 3 rows per task, one per rule — default-assignee-7wd,
default-assignee-3wd, default-due-today — found by \`fire_at\`), agencies and rules projected from
events. 1,000 rows are due at the scan time (non-digest rules: 1,000 notices, each an appended
\`NoticeIssued\` and a BullMQ job). Between passes the issued rows are replaced by 1,000 fresh due
rows and the checkpoint is moved to the head, as the planner does when it projects the notices.
The sizes grow in place (10k → 100k → 1M tasks); after each load the tables are vacuumed and a
checkpoint is forced so the passes do not pay for the load. ${scan.params.duePasses} passes with 1,000 due, ${scan.params.emptyPasses}
with nothing due, medians.

| open tasks | pending rows | pass, 1,000 due | finding the 1,000 due rows | pass, nothing due |
| ---: | ---: | ---: | ---: | ---: |
${sizes.map(row).join('\n')}

A pass with nothing due stays flat and far under 50 ms at every size. Finding the 1,000 due
rows (keyset pages on the \`fire_at\` index joined to \`rm_tasks\`) ${(() => {
      const last = sizes[sizes.length - 1];
      const prev = sizes[sizes.length - 2];
      return last && prev ? `went from ${f(prev.findDueMedianMs, 1)} ms at ${f(prev.tasks)} tasks to ${f(last.findDueMedianMs, 1)} ms at ${f(last.tasks)} (${round(last.findDueMedianMs / prev.findDueMedianMs, 2)}×)` : 'is in the table';
    })()}. The plan
is the same at every size (a bitmap scan of \`rm_pending_notices_fire_idx\`, one primary-key lookup
in \`rm_tasks\` per due row); what can change at 1M is the buffer cache: \`rm_tasks\` is 601 MB there,
against the default 128 MB of \`shared_buffers\` on this server, and the due tasks are spread over
it. EXPLAIN (ANALYZE, BUFFERS) of the first page at 1M tasks (\`bench/profile-scan-plan.ts\`):
1,926 pages read from outside shared buffers, 23 ms; the same page warm, 6.6 ms. Whatever growth
this step shows comes from the server's cache size, not from the algorithm (size
\`shared_buffers\` for the read models in production). The plan also shows a real inefficiency: the index is on \`fire_at\` alone while the
page is ordered by \`(fire_at, notice_key)\`, so each page joins and sorts every due row before its
LIMIT (both pages did all 1,000 lookups). With an index on \`(fire_at, notice_key)\` a page reads
only its own 500 rows; without it, the pass after a long outage (say 50,000 rows due) does about
100 pages × 25,000 lookups on average — quadratic. A pass with 1,000
notices is dominated by work proportional to the notices, not to the tasks: profiled
(\`bench/profile-scan.ts\`, 1M tasks) 2,168 ms of a 3,190 ms pass were the 1,000 sequential
\`append_events\` calls (one commit each), 718 ms the 1,000 sequential BullMQ adds, 56 ms reading
the due rows. Its growth ratio between sizes is therefore noise from the shared machine (the
individual passes are in the JSON). Proposed (libs/escalation/src/scanner/notice-scanner.ts,
\`issueChunk\`): append the chunk's notices with a few in flight (8: the commits then share WAL
flushes, as the append benchmark shows 8 writers reaching several times one writer's rate) and
enqueue the chunk with one \`Queue.addBulk\`; measured in the deliver benchmark below.

![scan growth](bench-scan.svg)

![scan growth, the task-dependent part](bench-scan-find.svg)`);
  }

  const deliver = results.get('deliver');
  if (deliver) {
    const d = deliver.data as any;
    out.push(`## deliver

${f(deliver.params.notices as number)} notices, each about one task (real task streams, generated), issued as \`NoticeIssued\`
and enqueued with the notice id as job id, delivered by the mail processor
(\`startMailWorker\` + \`NoticeDeliverer\`: re-reads the notice and the task, renders the
Vietnamese template, sends with nodemailer's pool of 5 connections, appends \`NoticeDelivered\`)
into a local SMTP server (\`smtp-server\` in a child process that only records when each message
was accepted). Baseline: raw nodemailer sends of messages of the same size (${f(deliver.params.meanMessageBytes as number)} bytes) to the same
server, same pool settings, 10 in flight; ${deliver.params.rawRuns} runs, median.

- Issued one by one, as the scanner does today: **${f(d.sequential.rate)} notices/s end to end** (issuing alone ran at
  ${f(d.sequential.issueRate)}/s), issue→accepted p50 ${f(d.sequential.latencyMs.p50)} ms, p99 ${f(d.sequential.latencyMs.p99)} ms, max ${f(d.sequential.latencyMs.max)} ms.
  The issuer is the bottleneck; delivery keeps up, so latency stays low.
- Issued 8 at a time with one \`addBulk\` per 500 (the proposed scanner change): issuing ran at
  ${f(d.batched.issueRate)}/s, and the processor became the bottleneck: **${f(d.batched.rate)} notices/s end to end**,
  p50 ${f(d.batched.latencyMs.p50)} ms, p99 ${f(d.batched.latencyMs.p99)} ms (a burst of ${f(deliver.params.notices as number)} waits in the queue).
- Raw nodemailer: ${d.rawRates.map((r: number) => f(r)).join(' and ')} messages/s.

Where a job's time goes (\`bench/profile-deliver.ts\`, 2,000 pre-issued notices, concurrency 5,
156 notices/s in that run): 29.5 ms per job, of which 16.7 ms in the SMTP send (MIME build and
the exchange), 5.0 ms appending \`NoticeDelivered\`, 4.7 ms reading the notice and task streams,
2.1 ms reading agency names; the rest is rendering and BullMQ bookkeeping. Raising the worker
concurrency to 10 or 20 made it slower (120 and 91/s): the single Node process is CPU-bound on
this 2-core machine (MIME encoding, template rendering, pg and Redis protocol), not waiting on
I/O. The goal (≥ 0.5× raw) is missed because every notice costs the processor 3-4 database round
trips, a render and BullMQ's job bookkeeping on top of the raw send. Proposed, in
\`libs/escalation/src/delivery/notice-deliverer.ts\` / \`notice-tasks.ts\`: read the notice stream
and its task streams in one query (\`stream_id = ANY($1)\`), cache agency names for a few seconds,
and run the mail processor in its own process (\`npm run start:worker\`, several of them spread
by BullMQ) rather than beside the API; expected: the 12 ms of database time per job to about
7 ms. The p99 issue→accepted of a realistic scan (notices issued one by one) is the figure above.`);
  }

  const api = results.get('api');
  if (api) {
    const d = api.data as any;
    out.push(`## api

${f(api.params.tasks as number)} tasks (${api.params.eventsPerTask} events each, projected by the real read models), the API alone
(\`createApiApp\`, no worker) in a child process, autocannon in the parent with ${api.params.connections} connections,
${api.params.seconds} s per run, ${api.params.repetitions} runs per endpoint in rotation, medians of the per-run p50/p99/req/s.
\`GET /tasks/{id}\` picks one of 2,000 random task codes per request. ${api.params.summaryServed ? '' : '**/reports/summary was not served by this build: GET /tasks?limit=50 was measured in its place.**'}

| endpoint | p50 | p99 | req/s |
| --- | ---: | ---: | ---: |
| GET /health (baseline) | ${d.health.p50} ms | ${d.health.p99} ms | ${f(d.health.rps)} |
| GET /tasks/{id} | ${d.task.p50} ms | ${d.task.p99} ms | ${f(d.task.rps)} |
| ${api.params.summaryServed ? 'GET /reports/summary' : 'GET /tasks?limit=50'} | ${d.report.p50} ms | ${d.report.p99} ms | ${f(d.report.rps)} |
${d.uncached ? `| GET /reports/summary, cache defeated | ${d.uncached.p50} ms | ${d.uncached.p99} ms | ${f(d.uncached.rps)} |` : ''}

\`/health\` is not a trivial baseline: it runs \`SELECT 1\`, a Redis PING, the checkpoint read
(an INSERT … ON CONFLICT DO NOTHING and a SELECT) and \`max(position)\` on events, so under 50
connections it queues on the pool of 10 like the others. The summary is cached while the read
models do not move (\`libs/projections/src/reports/report-cache.ts\`), so the plain row measures
cache hits; the "cache defeated" row gives every request its own \`from\` instant (before every
assignment: the same figures), so each one aggregates all ${f(api.params.tasks as number)} tasks. That is the worst case, not
the usual one: after a projected write every summary request has the same key again and
concurrent ones share one computation (report-cache.ts), so real traffic pays one aggregate per
write, not one per request. ${(() => {
      const h = d.health.p99;
      const parts = [`cached summary p99 ${d.report.p99} ms = ${round(d.report.p99 / h, 2)}× health p99: goal ${d.report.p99 / h < 10 ? 'met' : 'missed'}`];
      if (d.uncached) parts.push(`cache defeated p99 ${f(d.uncached.p99)} ms = ${round(d.uncached.p99 / h, 2)}× (p50 ${f(d.uncached.p50)} ms, ${f(d.uncached.rps)} req/s): ${d.uncached.p99 / h < 10 ? 'within' : 'beyond'} the goal — 50 concurrent full aggregates queue on the pool of 10 connections and 2 cores`);
      return parts.join('; ') + '.';
    })()} Between runs the harness waits until a lone \`/health\` answers in under 100 ms, so no run
pays for the previous one's backlog; the API's per-token rate limiter (600 requests/min by
default) is turned off for the benchmark (\`RATE_LIMIT_MAX=0\`): it measures the API, not the
limiter.`);
  }

  out.push(`## Proposed changes outside bench/ (measured here, not applied)

| where | change | measured / expected gain |
| --- | --- | --- |
| \`libs/event-store/src/postgres/read-feed.ts\`, \`FEED_SQL\` and \`FEED_OF_TYPES_SQL\` | ORDER BY the xid8 column, not the \`transaction_id::text\` output column | **already done in b29558f** during this work: correctness (no skipped events when xids gain a digit) and a page from the start of the feed reads 500 rows instead of the whole table (2,024 → 0.9 ms at 1M events) |
| \`libs/domain/src/rules/fire-times.ts\` (or \`shared/time.ts\`) | build DateTimes in a \`FixedOffsetZone\` when the IANA zone's offset never changes (Asia/Ho_Chi_Minh: +07:00 since 1975), or cache offsets | planner CPU 13.1 → 5.1 s in the profile (3,000 tasks); rebuild 1,626 → 2,767 events/s in that profile run |
| \`apps/cli/src/rebuild.command.ts\` / \`Projector.rebuild\` | batches of 5,000 when rebuilding (the option exists: \`RebuildOptions.batchSize\`) | with the zone change: ${rebuild ? `${f((rebuild.data as any).rebuildEventsPerSecond)} → ${f((rebuild.data as any).proposed?.rate ?? 0)} events/s` : 'see rebuild'}, heap still flat |
| \`libs/domain/src/rules/fire-times.ts\` \`planOccurrences\` / \`libs/escalation/src/planning/plan-pending.ts\` | stop at the first future occurrence beyond \`issuedUpTo\` instead of materialising all of them | not measured; planOccurrences is most of the planner's remaining CPU |
| \`libs/escalation/src/planning/pending-notices-projection.ts\` DDL | \`rm_pending_notices_fire_idx\` on \`(fire_at, notice_key)\` instead of \`(fire_at)\` (the order of \`readDuePage\`) | each page joins its 500 rows instead of every due row: 2× fewer lookups at 1,000 due, linear instead of quadratic after an outage (plan read, not timed) |
| \`libs/escalation/src/scanner/notice-scanner.ts\` \`issueChunk\` | 8 appends in flight, one \`Queue.addBulk\` per chunk | ${deliver ? `issuing (append + enqueue) ${f((deliver.data as any).sequential.issueRate)} → ${f((deliver.data as any).batched.issueRate)} notices/s in the deliver benchmark (mail processor running beside it)` : 'see deliver'}; the appends and adds are about 90 % of a 1,000-notice pass |
| \`libs/escalation/src/delivery/notice-deliverer.ts\`, \`notice-tasks.ts\` | one query for the notice and task streams; cache agency names; mail processor in its own process(es) | expected 12 → ~7 ms of database time per notice (not measured) |

Tried and not proposed: dropping the unused \`events_recorded_at_idx\` (no measurable append gain);
raising the mail worker's concurrency above the SMTP pool size (slower on 2 cores).`);
  return out.join('\n\n');
}
