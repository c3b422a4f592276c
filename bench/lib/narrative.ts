import { BenchResult, median, round } from './harness';

/**
 * The prose of docs/benchmarks.md. Numbers come from the results of the run; the causes come
 * from the profiling done with bench/profile-*.ts (their one-off figures are quoted with that
 * origin). Keep the explanations here in step with the code they describe.
 */
const f = (v: number | undefined | null, d = 0) =>
  v === undefined || v === null || Number.isNaN(v) ? '–' : round(v, d).toLocaleString('en-US');

export function narrative(results: Map<string, BenchResult>): string {
  const out: string[] = [];
  out.push(`## How to run

\`\`\`bash
npm run bench                 # everything, about 10 minutes on 2 cores; prints the table, rewrites this page
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
between them (and between repetitions, all in the JSON) is this machine's run-to-run noise, which is of
the order of the margins to the goals.

How an append is done: a single event (what almost every command produces) is one SQL statement
(\`APPEND_ONE_SQL\` in \`libs/event-store/src/postgres/append-events.ts\`): read the stream row, check
the expectation, compute the SHA-256 chain link with \`event_hash()\`, write the stream row back only
if its version is still the one read (\`INSERT … ON CONFLICT … DO UPDATE … WHERE\`), insert the event.
Batches go through the PL/pgSQL \`append_events\`. Before this round single events went through
\`append_events\` too; its interpretation was about half of an append's server time
(\`bench/profile-append-sql.ts\`: 110-140 µs per call against 25-32 µs for the bare INSERT into
\`events\`), and the switch took the 8-writer store from 4,773 to 5,514 events/s beside a raw
9,308 / 9,121 (\`bench/profile-append.ts\`, alternating runs). Under the 8-writer load now (\`top\`,
quiet machine): PostgreSQL spends about 200 µs of CPU per append against 94 µs per raw INSERT, the
Node process 111 µs against 74 µs, and the two cores are nearly busy. What the store still does
beyond the raw table: the stream row's read and compare-and-set (a second row written), the chain
link (jsonb to text, two \`to_char\`, SHA-256), and five more index entries (id, (stream, version),
the feed's (transaction_id, position), recorded_at, the partial idempotency key) against one row and
one index for the raw
table. Against the peer the store gains by doing one round trip with a prepared statement, where
the peer sends BEGIN, its function call with every value inlined in the SQL text (parsed and
planned each time) and COMMIT.${(() => {
      const p32 = lv(peer, 32);
      return p32 ? ` At 32 writers the store made ${round(p32.median.store / p32.median.peer, 2)}× the peer.` : '';
    })()} At 8 writers the 1.5× goal is ${p8 && p8.median.store / p8.median.peer >= 1.5 ? 'met' : 'missed'}${p8 ? ` (${round(p8.median.store / p8.median.peer, 2)}×)` : ''} and the 0.6× raw goal ${a8 && a8.median.store / a8.median.raw >= 0.6 ? 'met' : 'missed'}${a8 ? ` (${round(a8.median.store / a8.median.raw, 2)}×)` : ''}: see the last section for
what was tried and what it would take (the remaining cost is the work the invariants require:
concurrency on the stream row, the hash chain, the feed index).`);
  }

  const rebuild = results.get('rebuild');
  if (rebuild) {
    const d = rebuild.data as any;
    const feed = d.feed;
    const mem = d.memory;
    const split = (s: Record<string, number> | undefined) =>
      s
        ? Object.entries(s)
            .sort((a, b) => b[1] - a[1])
            .filter(([, v]) => v >= 0.01)
            .map(([k, v]) => `${k} ${Math.round(v * 100)} %`)
            .join(', ')
        : '–';
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

The benchmark first checks the feed query's plan on this data (\`bench/lib/feed-fix.ts\`, kept since the
ORDER BY bug fixed in b29558f made a page from the start of a 1M-event feed a whole-table sort):
${f(feed.shippedMsPerPage, 1)} ms per 500-event page as shipped, ${feed.fixedPlan ?? 'an index scan'}.

Rebuild: **${f(d.rebuildEventsPerSecond)} events/s = ${round(d.rebuildEventsPerSecond / median(d.plainReadEventsPerSecond), 3)}× the plain read** (${f(median(d.plainReadEventsPerSecond))} events/s): the 0.3× goal is ${d.rebuildEventsPerSecond / median(d.plainReadEventsPerSecond) >= 0.3 ? 'met' : 'missed'}.
Busy share of the rebuild's wall time per read model: ${split(d.shippedSplit)}; they add up to more
than 100 % because the replay runs them in lanes, side by side (docs/architecture.md, "Rebuilds"):
the sources (tasks, rules, settings, agencies, people) on one connection, the planner on another a
batch behind them, the task history (with the report images the task fold hands it) on a third
once the sources have committed the batch, notifications and workflow outbox on a fourth, so Node's
folding and planning overlap PostgreSQL's writes instead of taking turns. The indexes only readers
use are built once at the end, and the task replay keeps the fold states of the last 20,000 tasks in
memory, writing each once. Profiled (\`bench/profile-rebuild.ts\`, 300k events, this round, each
change measured before it was kept): 17.7 s before; deferred indexes 17.1 s; task states sent as one
JSON array (node-postgres' escaping of a \`json[]\` parameter cost more than the insert) 14.5 s;
lanes 11.8 s; the history as a projection of its own and no state read for a new task 11.4 s; the
planner remembering the instants of send-window starts and the working-day shifts of deadlines (it
asked luxon and the calendar the same questions for every task) 10.7 s. In that last run Node used
9.2 s of CPU and PostgreSQL 7.7 s over 10.7 s on 2 cores: Node is now the limit, about a third of its
time garbage collection (the decoded feed, the JSON of the writes, the planner's dates). Larger batches no longer help (40,000: the same), smaller ones hurt (10,000:
17.4 s). The plain read is the moving half of the ratio: 116,514-149,929 events/s in an earlier run on
this machine, 77,329-106,883 in the run before this one, ${f(Math.min(...d.plainReadEventsPerSecond))}-${f(Math.max(...d.plainReadEventsPerSecond))} in this one, with the same data and feed query;
the machine's speed moves both halves alike (loading the generated events: 53,090 events/s on its
fastest day, 22,061 on its slowest, ${f(d.generate.eventsPerSecond)} in this run). With the history's report
images the rebuild made 0.212× in a first run and 0.192× in the next (with \`jit=off\` on the
connections); with images before and after each row, whose tally entries are now made once per
event in the fold loop (no memo per event), ${round(d.rebuildEventsPerSecond / median(d.plainReadEventsPerSecond), 3)}× in this one: within this machine's spread.

Where Node's time goes now (\`CPU_PROFILE=… UNTIMED=1 PROFILE_KEEP=1 node dist-bench/bench/profile-rebuild.js 30000\`,
300k events, the rebuild alone): the task fold 27 %, of it the tally entries and images of every
event 15 % (a third of that the risk schedule's days, since counted as day numbers: 1.7 → 0.5 s of CPU in a later profile); decoding the feed and the rows read 15 %;
the planner 12 %; the history's rows 8 %; the workflow outbox 5 %; garbage collection 13 %; idle
15 %. In that profile Node used 18.4 s of CPU and PostgreSQL 13.7 s over 20.5 s on 2 cores. This round's
change (entries and images made in the fold loop instead of two WeakMap memos asked per event;
\`localDay\` from the zone's offset without a luxon DateTime) took the same rebuild from 23.4-24.5 s
to 20.5-21.1 s in the runs right after (Node 21.3-21.7 → 18.4-18.6 s of CPU); half an hour later the
machine ran slower and the same code took 20.4-23.0 s. A larger young generation
(\`--max-semi-space-size\` 32 or 64 MiB) measured within noise (20.4-22.4 s against 22.2-23.0 s) and was
not adopted.

Memory (sampled every 250 ms, see the chart): heap ${f(mem.heapAt10, 1)} MiB at 10 %, ${f(mem.heapAt50, 1)} MiB at 50 %,
${f(mem.heapAt100, 1)} MiB at the end (RSS max ${f(mem.rssMaxMiB, 1)} MiB): bounded by the pages in flight (two ahead of the
slowest lane) and the 20,000 fold states kept, whatever the history's length; the saw-tooth is V8's
old generation between major collections, whose lows stay level through the replay (the lowest heap in
each tenth of the run after the first: ${heapLows(d.memorySamples)} MiB); in the last tenth the 20,000 kept fold
states are drained and written.

![rebuild growth](bench-rebuild.svg)

![rebuild memory](bench-rebuild-memory.svg)

Data: \`bench/lib/generate.ts\` decides a few dozen task lifecycles with the real task decider
(deadlines resolved on the shipped 2025-2027 calendar), stamps them out per task (ids, codes,
agencies) and loads them with \`COPY\` on two connections, with the events indexes dropped during
the load and rebuilt after: ${f(d.generate.events)} events in ${f(d.generate.seconds, 1)} s here (${f(d.generate.eventsPerSecond)} events/s, so 10,000,000 would take
a few minutes; not part of \`npm run bench\`).
The rows have the shape \`append_events\` writes, but \`hash\`/\`prev_hash\` are a per-stream chain of
SHA-256 values that \`event_hash()\` does not reproduce (that needs jsonb's canonical text):
\`verify\` reports the generated events as hash mismatches. Nothing else reads hashes — projections,
rebuilds and the API do not — so the benchmarks are unaffected. Agencies and rules are appended
through the store and verify.`);
  }

  const scan = results.get('scan');
  if (scan) {
    const sizes = (scan.data.sizes as any[]) ?? [];
    const row = (s: any) =>
      `| ${f(s.tasks)} | ${f(s.pendingRows)} | ${f(s.dueMedianMs.shipped)} ms | ${f(s.findDueMedianMs, 1)} ms | ${f(s.nothingDueMedianMs.shipped, 1)} ms |`;
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
      return last && prev
        ? `went from ${f(prev.findDueMedianMs, 1)} ms at ${f(prev.tasks)} tasks to ${f(last.findDueMedianMs, 1)} ms at ${f(last.tasks)} (${round(last.findDueMedianMs / prev.findDueMedianMs, 2)}×)`
        : 'is in the table';
    })()}. The plan
is the same at every size (\`rm_pending_notices_due_idx\` on \`(fire_at, notice_key)\`, so a keyset
page reads only its own 500 rows, then one primary-key lookup in \`rm_tasks\` per due row); what
grows at 1M is the share of those lookups that miss the buffer cache: \`rm_tasks\` is about 600 MB
there against the default 128 MB of \`shared_buffers\`, and the due tasks are spread over it (size
\`shared_buffers\` for the read models in production). The rest of a pass is proportional to the
notices, not to the tasks: each notice is an appended \`NoticeIssued\` (8 in flight, so commits
share WAL flushes) and a BullMQ job (one \`addBulk\` per 100 notices).

![scan growth](bench-scan.svg)

![scan growth, the task-dependent part](bench-scan-find.svg)`);
  }

  const deliver = results.get('deliver');
  if (deliver) {
    const d = deliver.data as any;
    out.push(`## deliver

${f(deliver.params.notices as number)} notices, each about one task (real task streams, generated), issued as the scanner
issues them (\`NoticeIssued\` appended with 8 in flight, one BullMQ \`addBulk\` per 100) and delivered
by the mail processor in its own process, as a worker process runs it (\`bench/deliver-worker.ts\`:
\`startMailWorker\` + \`NoticeDeliverer\`, concurrency 5; each job re-reads the notice and the task,
renders the Vietnamese template, sends with nodemailer's pool of 5 connections, appends
\`NoticeDelivered\`) into a local SMTP server (\`smtp-server\` in a child process that only records
when each message was accepted). Baseline: raw nodemailer sends of messages of the same size
(${f(deliver.params.meanMessageBytes as number)} bytes, text and HTML) to the same server, same pool settings, 10 in flight. ${deliver.params.pipelineRuns} pipeline
runs alternating with ${deliver.params.rawRuns} raw runs, medians.

${(d.runs as any[]).map((r) => `- ${r.label}: ${f(r.rate)} notices/s end to end (issuing ${f(r.issueRate)}/s), issue→accepted p50 ${f(r.latencyMs.p50)} ms, p99 ${f(r.latencyMs.p99)} ms`).join('\n')}
- raw nodemailer: ${d.rawRates.map((r: number) => f(r)).join(' and ')} messages/s
${d.twoProcesses ? `- reported, not the goal: the same with the mail processor in two processes sharing the queue (as two \`npm run start:worker\` would): ${f(d.twoProcesses.rate)} notices/s, p99 ${f(d.twoProcesses.latencyMs.p99)} ms` : ''}

Issuing is no longer the bottleneck (it was 325 notices/s when the scanner appended and enqueued
one notice at a time); the mail processor is, so a burst of ${f(deliver.params.notices as number)} waits in the queue and the
p99 above is the time to drain it, not the delay of a single notice. The processor's Node process
runs at 100 % CPU (\`top\`): about 2.5 ms per notice (\`bench/profile-deliver.ts\` with
\`CPU_PROFILE=\`): nodemailer's MIME build and SMTP exchange as in the raw send, plus reading the
notice and task streams, appending \`NoticeDelivered\`, BullMQ's fetch and completion scripts, and
three Handlebars renders. Raising the concurrency to 10 or the SMTP pool to 10 changed nothing
beyond the run-to-run noise (286-402 notices/s at the same settings). A second mail process
${d.twoProcesses ? `made ${f(d.twoProcesses.rate)} notices/s in this run against ${f(median((d.runs as any[]).map((r) => r.rate)))} with one` : 'was not measured in this run'}; over this round's runs
it gained between nothing and about a fifth: with PostgreSQL (two reads and a committed append per
notice), Redis (BullMQ's scripts) and the SMTP sink on the same two cores, the machine is the limit,
while the raw baseline spends CPU only in nodemailer and the sink. On a machine with cores to
spare, more worker processes are how the processor scales.`);
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
${d.large ? `| GET /health, store of ${f(d.large.tasks)} tasks | ${d.large.health.p50} ms | ${d.large.health.p99} ms | ${f(d.large.health.rps)} |\n| GET /reports/summary, cache defeated, ${f(d.large.tasks)} tasks | ${d.large.uncached.p50} ms | ${d.large.uncached.p99} ms | ${f(d.large.uncached.rps)} |` : ''}

\`/health\` is not a trivial baseline: it runs \`SELECT 1\`, a Redis PING, the checkpoint read
(an INSERT … ON CONFLICT DO NOTHING and a SELECT) and \`max(position)\` on events, so under 50
connections it queues on the pool of 10 like the others. The summary is cached while the read
models do not move (\`libs/projections/src/reports/report-cache.ts\`), so the plain row measures
cache hits; the "cache defeated" row gives every request its own \`from\` instant (before every
assignment: the same figures), so each one is computed afresh. It counts from \`rm_task_tally\`
(the projector's counts per agency, source, assignment day, completion state, deadline and
early-warning schedule; docs/architecture.md "Reports"), not from the ${f(api.params.tasks as number)} task rows, so the worst
case no longer depends on the cache. ${(() => {
      const h = d.health.p99;
      const parts = [
        `cached summary p99 ${d.report.p99} ms = ${round(d.report.p99 / h, 2)}× health p99: goal ${d.report.p99 / h < 10 ? 'met' : 'missed'}`,
      ];
      if (d.uncached)
        parts.push(
          `cache defeated p99 ${f(d.uncached.p99)} ms = ${round(d.uncached.p99 / h, 2)}× (p50 ${f(d.uncached.p50)} ms, ${f(d.uncached.rps)} req/s): goal ${d.uncached.p99 / h < 10 ? 'met' : 'missed'}`,
        );
      return parts.join('; ') + '.';
    })()} Between runs the harness waits until a lone \`/health\` answers in under 100 ms, so no run
pays for the previous one's backlog; the API's per-token rate limiter (600 requests/min by
default) is turned off for the benchmark (\`RATE_LIMIT_MAX=0\`): it measures the API, not the
limiter.

Two runs on 2026-12-06, after the history's rows got images before and after, served fewer
requests per second than the run the day before on every endpoint. In the first: /health 865 → 545, a task
1,066 → 631, the cached summary 1,091 → 577, the summary with the cache defeated 301 → 164, the
past list 384 → 178 (p99 679 ms, 3.92× /health). The code of the cached summary and of /health did not change,
so most of that is the machine's day. The past list (reported, no goal; as of 2025-06-03, when
none of the tasks had changed yet) was taken apart on the same data (100k tasks, 2 events each):
its list statement takes 0.3 ms on the server (\`EXPLAIN ANALYZE\`: an anti-join on the history's
index, 57 buffers), finding the changed tasks 1 ms, the poor agencies 0.7 ms from the evaluator's
cache, and the 50 rows with their risk about 5 ms in Node, a fifth of it writing instants through
luxon. So under 50 connections the request is bound by Node's CPU, not by the history. With the
instants written from the zone's offset (\`formatInZone\`, 2.15 → 1.17 µs each) the second run, the
one in the table, served the past list at ${f(d.past?.rps ?? 0)} requests/s (p99 ${f(d.past?.p99 ?? 0)} ms) beside /health at
${f(d.health.rps)}; the other endpoints moved within the noise.`);
  }

  const past = results.get('past-report');
  if (past) {
    const sizes = (past.data.sizes as any[]) ?? [];
    out.push(`## past-report

The summary as of 90 days back, the auditors' daily question, evaluated as the API does with no
cache (a fresh \`ReportEvaluator\` per request, in process), at ${sizes.map((s) => f(s.tasks)).join(', ')} tasks
(${past.params.eventsPerTask} events each, a third completed) with the same ${f(past.params.changedSince as number)} tasks changed since that date (a
progress report each, appended now). Beside it, the current summary without cache in the same store.
Medians of ${past.params.repetitions} runs.

| tasks | events | as of 90 days back | now, cache defeated | overdue then / now |
| ---: | ---: | ---: | ---: | ---: |
${sizes.map((s) => `| ${f(s.tasks)} | ${f(s.events)} | ${round(s.pastMedianMs, 1)} ms | ${round(s.nowMedianMs, 1)} ms | ${f(s.overdueThen)} / ${f(s.overdueNow)} |`).join('\n')}

A past summary is the tally evaluated at the past date, less the changed tasks as the tally counts
them now, plus those tasks as they stood then, all at that date
(\`libs/projections/src/reports/report-past.ts\`): its cost is in the tally's rows and the tasks
changed since, not in the tasks. Each history row carries the task's report images, its tally
entry before and after the event (\`tasks/task-images.ts\`). Summed over a task's late rows (by the
history's \`occurred_at\` index), the images before count +1 and the images after −1, which leaves the
task as it stood then +1 and as the tally counts it now −1; the tally's own statements add these
rows (\`pastTallyDeltaSql\` in \`reports/report-sql.ts\`). The late rows are the newest of the table
and share pages, so a changed task costs no probe at all. Only a task with an entry backdated to
before the date after a later one (found by partial indexes of the rows that came out of order)
is folded again from its events.

The round before, the changed tasks were found by the same index, but each one's rm_tasks row
and its image after the last event by the date were read by a probe (4.5 and 6 µs on the server
at 1M tasks, nine buffer visits, 9-11 ms for 1,000 tasks), then its images taken apart and its
status computed per task: \`pastDelta\` took 17-19 ms at 100k tasks (\`EXPLAIN ANALYZE\`), and the
past summary 22-26 ms against 4.4 ms for the current one. With the images before and after each
row, the delta of 1,000 changed tasks is 3.1-3.3 ms on the server at 100k tasks (\`bench/profile-summary.ts\`),
of which 0.5 ms reads the late rows; equal images cancel before they are taken apart (200 distinct
images for 1,000 tasks here). The runs before on the same sizes measured 18.3, 30.5 and 31.0 ms,
before them 39.5, 36.8 and 88.2 ms, and 345.4, 271.3 and 220.5 ms.

How each size is measured: after the load, the projection and \`VACUUM (ANALYZE)\`, a
\`CHECKPOINT\`, then a wait until no autovacuum worker runs (${sizes.map((s) => `${s.settleSeconds ?? '?'} s`).join(', ')} at the three sizes in
this run: nothing was left running), then two untimed rounds of both summaries, which open the
pool's four connections and whose backends fault in the pages they touch: at ${f(sizes.at(-1)?.tasks ?? 0)} tasks the
past summary took ${((sizes.at(-1)?.warmupPastMs as number[]) ?? []).join(' and ')} ms in them, the current one ${((sizes.at(-1)?.warmupNowMs as number[]) ?? []).join(' and ')} ms (they are kept in
\`bench/results/past-report.json\`, not in the medians). A server that has been answering for a
while has both already. Then the ${past.params.repetitions} timed runs, in order: as of 90 days back ${((sizes.at(-1)?.pastRunsMs as number[]) ?? []).map((x) => round(x, 1)).join(', ')} ms;
now ${((sizes.at(-1)?.nowRunsMs as number[]) ?? []).map((x) => round(x, 1)).join(', ')} ms.

The run before this one timed the first rounds too, four of its nine at 1M cold (96, 39, 34,
35 ms), and measured 28.9 ms at 1M against 11.2 ms at 100k (2.57×, missed) and 12.3 ms now
(2.36×); an earlier run that day 24.3 / 15.5 / 9.8 ms. With the cold rounds kept apart the
growth is met and the margin to the current summary narrower, since the current summary lost
its cold rounds too. Projecting the 10M events took 1,251 s in this run (the images now made once per
event in the fold loop), 1,354-1,373 s in the two runs before, 1,081 s before the images before
and after each row.

![past-report](bench-past-report.svg)`);
  }

  // the goal rows of this run, to say which are met without restating numbers by hand
  const goalRow = (bench: string, goal: string, what = '') =>
    results
      .get(bench)
      ?.rows.filter((r) => r.goal === goal && r.what.startsWith(what))
      .pop();
  const state = (row: { met?: boolean | null; ratio?: number | null } | undefined) =>
    row ? `${row.met ? 'met' : 'missed'} in this run (${row.ratio}×)` : 'not measured in this run';
  out.push(`## What was changed for these goals, and what is left

Applied (each measured with \`bench/profile-*.ts\` before it was kept):

| where | change | effect measured here |
| --- | --- | --- |
| \`libs/event-store/src/postgres/append-events.ts\` | a single-event append is one SQL statement (an UPDATE as the stream row's compare-and-set, an INSERT … DO NOTHING for a new stream) instead of a call of the PL/pgSQL \`append_events\` (batches keep it) | 8 writers, \`bench/profile-append.ts\`: 4,773 → 5,514 events/s with an upsert (raw 9,308 / 9,121), then 4,982 → 5,675 with the UPDATE (raw 9,639 / 9,579) |
| \`libs/domain/src/shared/zone.ts\` | luxon zone that remembers UTC offsets per quarter hour (Intl is asked only at both ends of a bucket, and every time inside a bucket holding a transition) | planner CPU in a 100k-event rebuild 18 s → 3.3 s |
| \`libs/domain/src/rules/fire-times.ts\` | \`plannedOccurrences\`: lazy, the planner stops at the first occurrence it may use | part of the line above |
| \`libs/projections/src/projector/projector.ts\` | catch-up batches of 20,000 events (rebuilds, and a live projector that fell behind), the next page read while the current one is applied | rebuild of 300k events: 5,000-event batches 5.8k events/s, 20,000 13.6k events/s (each task folded and re-planned once per batch, not once per event) |
| \`libs/projections/src/schema/read-model-schema.ts\` | task fold state stored as \`json\` (lz4 where the server has it), not \`jsonb\` | state upserts 4.7 s → 3.5 s per 300k events |
| \`libs/projections/src/projector/deferred-indexes.ts\` | a rebuild drops the indexes only readers use and builds them once after the replay | rebuild of 300k events (\`bench/profile-rebuild.ts\`): 17.7 → 17.1 s |
| \`libs/projections/src/tasks/task-projection.ts\` | task states sent as one JSON array zipped with the ids (\`ROWS FROM\`), not a \`json[]\` node-postgres escapes element by element; during a replay the last 20,000 states stay in memory and each is written once | 17.1 → 14.5 s (5,000 states: 440 → 135 ms per statement, every live batch too) |
| \`libs/projections/src/projector/replay-lanes.ts\` | the replay runs the read models in lanes on their own connections (sources; the planner a batch behind; the rest), overlapping Node and PostgreSQL | 14.5 → 11.8 s; 1M events: 18.6k → 24.5k events/s |
| \`libs/projections/src/tasks/task-history-projection.ts\` | rm_task_history written by a projection of its own (the third lane), and no state read for a task whose first event is in the batch | 11.8 → 11.4 s; 1M events 25.7k events/s |
| \`libs/domain/src/rules/fire-times.ts\`, \`calendar/working-calendar.ts\` | the instant of a day's send-window start and a deadline's working-day shifts remembered | 11.4 → 10.7 s (the planner's JavaScript 1.9 → 1.2 s) |
| \`libs/projections/src/tasks/task-images.ts\`, \`reports/report-past.ts\` | each history row carries the task's report image after its event; a past report sorts the changed tasks out in one statement and counts them from their images by SQL, folding only after a backdated entry; the history's time indexes carry the task ids (an index-only scan instead of a parallel plan whose workers took longer to start than the query) | past summary, 100k tasks, 1,000 changed (\`bench/profile-summary.ts\`): 255.7 → 41-47 ms; rebuild 0.212× against 0.213× before |
| \`libs/event-store/src/postgres/pg-database.ts\`, \`reports/report-sql.ts\` | connections with \`jit=off\`; each changed task's rm_tasks row by a probe (\`OFFSET 0\` lateral) | at 1M tasks the statistics expect a hundred times more changed tasks than there are: the plan crossed \`jit_above_cost\`, and compiling took 228 ms of a 349 ms statement (\`EXPLAIN ANALYZE\`); a first run with the images alone measured 184.4 ms at 1M tasks |
| \`libs/event-store/src/postgres/pg-database.ts\`, \`reports/report-sql.ts\` (\`pastDelta\`) | connections with \`max_parallel_workers_per_gather=0\`; the changed tasks' late versions from the history's time indexes (which now carry the version), their rows and images by probe, and their status, risk and month cells counted in the same statement | at 1M tasks (\`bench/profile-summary.ts\`): sorting the changed tasks out 43-49 → 19-21 ms with their cells counted too; the past summary 64-91 → 23-26 ms |
| \`tasks/task-images.ts\`, \`task-history-projection.ts\`, \`reports/report-sql.ts\` (\`pastTallyDeltaSql\`) | each history row carries the task's tally entry before and after its event (and, when it came out of order, the previous event's times); a past report adds the late rows' images to the tally in the tally's own statements and folds only what partial indexes of out-of-order rows or missing images point to | at 100k tasks, 1,000 changed (\`bench/profile-summary.ts\`): the changed tasks' delta 17-19 → 3.1-3.3 ms on the server, a past status count 22 → 8 ms; rebuild of 1M events 72.1 s before and 68.4 s after, in runs side by side (the images made once per fold state) |
| \`tasks/task-projection.ts\`, \`libs/domain/src/shared/time.ts\` (\`localDay\`) | each event's tally entry and image made once in the fold loop, the state before an event being the one after the last (two WeakMap memos were asked per event); the local day from the zone's remembered offset, without a luxon DateTime; canonical instants of the fold state taken as they are; the early warning's days counted as day numbers, not day strings (\`localDayNumber\`, \`dayOfNumber\`) | rebuild of 300k events (\`bench/profile-rebuild.ts\`, untimed): 23.4-24.5 → 20.5-21.1 s, Node 21.5 → 18.5 s of CPU; projecting 10M events for past-report 1,354-1,373 → 1,251 s (before the day numbers); the risk schedule 1.7 → 0.5 s of CPU in the profile of the same rebuild |
| \`libs/domain/src/shared/time.ts\` (\`formatInZone\`) | every instant of an API answer written from the zone's remembered offset, without a luxon DateTime (luxon still writes \`Z\` for UTC, offsets of seconds and years outside 0-9999) | 2.15 → 1.17 µs per instant; a 50-row task list 2.8 → 2.0-2.6 ms in Node (30k tasks, in process); api bench, the past list: 178 → 230 requests/s, p99 679 → 329 ms, in runs an hour apart |
| \`libs/escalation/src/scanner/notice-scanner.ts\` | 8 appends in flight, one \`addBulk\` per 100 notices | issuing 325 → 1,400-2,000 notices/s in the deliver benchmark; a 1,000-notice pass 674-973 ms → about 400 ms |
| \`libs/escalation/src/delivery/notice-tasks.ts\`, \`notice-templates.ts\`, \`render-notice-mail.ts\` | agency names read once per 30 s, task streams read in parallel, template folder found once, zone offsets remembered | mail processor 274 → 320 notices/s in \`bench/profile-deliver.ts\` (same machine, noisy: ±15 % between runs) |

Where each goal stands, and what holds it back:

- **append**, 0.6× raw at 8 writers: ${state(goalRow('append', '≥ 0.6× raw'))}; 1.5× the peer: ${state(goalRow('append-peer', '≥ 1.5× peer'))}.
  Across the full runs of this round the 8-writer ratio to raw ranged from 0.52× to 0.60× after the
  single-statement append (0.47× before it): the goal sits at the edge of this machine's run-to-run noise. Per append PostgreSQL spends about 200 µs of CPU for
  the store against 94 µs for the raw INSERT, and Node 111 µs against 74 µs (\`top\` over an 8 s
  8-writer load on the quiet machine, before the UPDATE change). The difference is the work the
  invariants need — the stream row's compare-and-set, the SHA-256 chain link, five more index
  entries. Dropping the unused \`events_recorded_at_idx\` measured no gain (twice, within noise).
  What might close the rest: no stream row at all (the (stream, version) unique index as the only
  guard, the head hash read from the last event); that changes the store's concurrency proof and
  was not attempted.
- **rebuild**, 0.3× a plain read: ${state(goalRow('rebuild', '≥ 0.3× plain read, memory flat'))}. The rebuild now runs its read
  models in lanes that overlap Node and PostgreSQL (above), 14,028 → 28,443 events/s on the day the lanes
  were measured (${rebuild ? f((rebuild.data as any).rebuildEventsPerSecond) : '(not measured)'} events/s in this run, on a machine running at half that day's speed); the Node process is
  the limit (9.2 s of CPU for 300k events against PostgreSQL's 7.7 s, a third of it garbage
  collection). What is left is less JavaScript per event: decoding only the columns a projection
  reads, fewer Date and luxon objects in the planner, writing rows without building JSON documents first.
- **deliver**, 0.5× raw: ${state(goalRow('deliver', '≥ 0.5× raw; p99 reported'))}; over the earlier runs of this round with the processor in its own process 0.46× to 0.54× (two mail processes: 0.46× to 0.57×).
  Re-measured after the merged letters, channels and sessions were in: the pipeline made 371 notices/s
  against 277 in the run before, but raw nodemailer 889 messages/s against 525, so the ratio fell to
  0.42×: the raw send gained more from a faster machine than the pipeline, whose work is spread over
  Node, PostgreSQL and Redis on the same two cores. The mail
  processor's Node process runs at 100 % CPU; a notice costs it about 2.5 ms (five database round
  trips: the notice's and the task's streams, the addressee's directory entry, the letter's round,
  the append; BullMQ's fetch/complete scripts, rendering three templates, nodemailer) against 1.3 ms
  for a raw send, and PostgreSQL and Redis share the same two cores. In a CPU profile of the
  processor (\`bench/profile-deliver.ts\` with \`CPU_PROFILE=\`) nodemailer is a third of its time,
  node-postgres a fifth (half of that in the socket writes of its queries), Redis and BullMQ a
  twentieth, the templates and dates another; taking two of the five round trips out altogether
  made 276 notices/s against 255 (+8 %), so no saving in the queries reaches 0.5× on this machine.
- **scan**, a pass with 1,000 due at 1M tasks against 100k: ${state(goalRow('scan', '≤ 1.5× for 10× tasks', 'pass, 1,000 due, 1M'))}; the pass is now dominated by the notices, not the tasks.
- **api**, cached summary: ${state(goalRow('api', 'p99 < 10× health p99', 'GET /reports/summary:'))}; with the cache defeated: ${state(goalRow('api', 'p99 < 10× health p99', 'GET /reports/summary, cache'))}.
- **past-report**, 10× tasks: ${state(goalRow('past-report', '<= 1.5x for 10x tasks'))}; against the current summary: ${state(goalRow('past-report', '<= 3x'))}.
  Neither the unchanged nor the changed tasks are replayed or probed: a changed task costs its
  newest history rows, read in order by the date's index, and the images left after equal ones
  cancel. What remains beside the current summary is that read and the grouping of the images
  (about 3 ms on the server for 1,000 changed tasks), done in both the status and the risk
  statement. The 10× figure compares ${past ? round((past.data.sizes as any[]).at(-1).pastMedianMs, 1) : '?'} ms at 1M tasks with
  ${past ? round((past.data.sizes as any[]).at(-2)?.pastMedianMs ?? 0, 1) : '?'} ms at 100k, on a settled server with the
  pool's connections warmed (above); both margins are of the order of this machine's run-to-run noise.`);
  return out.join('\n\n');
}

/** the lowest heap sample in each tenth of a run after the first, as text */
function heapLows(samples: { heapMiB: number }[] | undefined): string {
  if (!samples?.length) return '?';
  const lows: number[] = [];
  for (let i = 1; i < 10; i++) {
    const part = samples.slice(Math.floor((i * samples.length) / 10), Math.floor(((i + 1) * samples.length) / 10));
    if (part.length) lows.push(Math.round(Math.min(...part.map((x) => x.heapMiB))));
  }
  return lows.join(', ');
}
