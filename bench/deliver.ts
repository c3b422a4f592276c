import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import nodemailer from 'nodemailer';
import { NoticeIssued, noticeId as noticeIdOf, noticeStreamId } from '@app/domain';
import { PostgresEventStore, expect, migrate } from '@app/event-store';
import { Projector, migrateReadModels } from '@app/projections';
import { NoticeQueue } from '@app/escalation';
import { allReadModels } from '@app/runtime';
import { BenchContext } from './lib/context';
import { generateTasks, seedReferenceData } from './lib/generate';
import {
  BenchResult,
  DATABASE_URL,
  REDIS_URL,
  log,
  machine,
  median,
  now,
  openDb,
  percentile,
  round,
  schemaFor,
  sleep,
  withSchema,
} from './lib/harness';

/**
 * deliver: 10,000 notices from issue (NoticeIssued appended and the job enqueued as the scanner
 * does: groups of 100, 8 appends in flight, one addBulk per group) to acceptance by a local SMTP
 * server, through BullMQ (Redis) and the mail processor in its own process, as a worker process
 * runs it (deliver-worker.ts: startMailWorker + NoticeDeliverer, default concurrency 5,
 * nodemailer pool of 5 connections), against raw nodemailer sends of messages of
 * the same size to the same server (same pool settings, 10 in flight). The SMTP server runs in a
 * child process and records when each message was accepted. Goal: ≥ 0.5 × raw; p99 issue→accepted
 * reported.
 */
export async function run(ctx: BenchContext): Promise<BenchResult> {
  const name = 'deliver';
  const schema = schemaFor(name);
  const notices = ctx.quick ? 1_000 : 10_000;
  const started = now();
  const m = await machine();
  const sink = fork(path.join(__dirname, 'smtp-sink.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ask = <T>(msg: object, key: string): Promise<T> =>
    new Promise((resolve) => {
      const on = (reply: any) => {
        if (key in reply) {
          sink.off('message', on);
          resolve(reply[key]);
        }
      };
      sink.on('message', on);
      sink.send(msg);
    });
  const port = await new Promise<number>((resolve) => sink.once('message', (msg: any) => resolve(msg.port)));
  const smtpUrl = `smtp://127.0.0.1:${port}`;
  const prefix = 'bench-deliver';
  const queue = new NoticeQueue({ redisUrl: REDIS_URL, prefix });
  const mailers: ChildProcess[] = [];
  try {
    return await withSchema(schema, async () => {
      const db = openDb(schema, 10);
      try {
        await migrate(db);
        await migrateReadModels(db, allReadModels());
        await seedReferenceData(db, 60, new Date('2025-06-01T02:00:00Z'));
        await new Projector(new PostgresEventStore(db, { notify: false }), db, allReadModels()).catchUp();
        // the tasks the notices are about (the processor re-reads each task's stream)
        await generateTasks(db, { connectionString: DATABASE_URL, schema }, { tasks: notices, eventsPerTask: 1, codePrefix: 'DLV' });
        const store = new PostgresEventStore(db);
        const { rows } = await db.query<{ stream_id: string; data: any }>(
          `SELECT stream_id, data FROM events WHERE type = 'TaskAssigned' ORDER BY position`,
        );

        // --- the pipeline: issue → BullMQ → NoticeDeliverer → nodemailer → SMTP, the mail
        // processor in its own process(es) as worker processes run it
        const startMailers = async (count: number) => {
          for (let i = 0; i < count; i++) {
            const child = fork(path.join(__dirname, 'deliver-worker.js'), [], {
              env: { ...process.env, BENCH_SCHEMA: schema, BENCH_SMTP_URL: smtpUrl, BENCH_PREFIX: prefix },
              stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
            });
            mailers.push(child);
            await new Promise<void>((resolve, reject) => {
              child.once('message', () => resolve());
              child.once('exit', (code) => reject(new Error(`mail processor exited with ${code}`)));
            });
          }
        };
        const stopMailers = async () => {
          await Promise.all(mailers.splice(0).map(stop));
        };
        const notice = (d: any, ruleId: string) => {
          const item = { taskId: d.taskId, taskCode: d.code, ruleId, occurrence: 0, deadlineVersion: 0, due: d.deadline.due };
          const data: NoticeIssued['data'] = {
            noticeId: noticeIdOf(item),
            kind: 'reminder',
            ruleId,
            level: 0,
            digest: false,
            items: [item],
            recipients: [{ email: d.assignee.email, name: d.assignee.name, agency: d.leadAgency, as: 'assignee' }],
            fireAt: new Date().toISOString(),
            catchUp: false,
          };
          return data;
        };
        const append = (data: NoticeIssued['data']) =>
          store.append(
            noticeStreamId(data.noticeId),
            [
              {
                type: 'NoticeIssued',
                data: { ...data },
                metadata: { actor: { role: 'system', name: 'bench' } },
                occurredAt: new Date(data.fireAt),
              },
            ],
            {
              expectedVersion: expect.noStream(),
            },
          );
        /** one pipeline run: issue every notice (one way or the other) while the worker delivers; wait for the sink */
        const pipeline = async (
          label: string,
          ruleId: string,
          issueAll: (drafts: NoticeIssued['data'][], issuedAt: Map<string, number>) => Promise<void>,
        ) => {
          sink.send({ clear: true });
          const drafts = rows.map((r) => notice(r.data, ruleId));
          const issuedAt = new Map<string, number>();
          const t0 = Date.now();
          await issueAll(drafts, issuedAt);
          const issueSeconds = (Date.now() - t0) / 1000;
          const limit = Date.now() + (ctx.quick ? 60_000 : 300_000);
          while ((await ask<number>({ count: true }, 'count')) < notices && Date.now() < limit) await sleep(100);
          const accepted = await ask<{ id: string; at: number; bytes: number }[]>({ report: true }, 'accepted');
          const count = accepted.length;
          const seconds = (Math.max(...accepted.map((a) => a.at)) - t0) / 1000;
          const latencies = accepted.filter((a) => issuedAt.has(a.id)).map((a) => a.at - issuedAt.get(a.id)!);
          const meanBytes = Math.round(accepted.reduce((s, a) => s + a.bytes, 0) / Math.max(1, accepted.length));
          const result = {
            label,
            accepted: count,
            seconds: round(seconds, 2),
            rate: round(count / seconds, 0),
            issueSeconds: round(issueSeconds, 2),
            issueRate: round(notices / issueSeconds, 0),
            latencyMs: {
              p50: percentile(latencies, 50),
              p90: percentile(latencies, 90),
              p99: percentile(latencies, 99),
              max: Math.max(...latencies),
            },
            meanBytes,
          };
          log(
            `deliver (${label}): ${count}/${notices} accepted in ${seconds.toFixed(1)} s (${result.rate}/s; issuing ${result.issueRate}/s), p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms`,
          );
          return result;
        };
        // as the scanner issues (notice-scanner.ts issueChunk): groups of 100 notices, 8 appends
        // in flight, then one addBulk for the group
        const asTheScannerDoes = async (drafts: NoticeIssued['data'][], issuedAt: Map<string, number>) => {
          for (let i = 0; i < drafts.length; i += 100) {
            const group = drafts.slice(i, i + 100);
            let next = 0;
            await Promise.all(
              Array.from({ length: 8 }, async () => {
                while (next < group.length) {
                  const data = group[next++];
                  issuedAt.set(data.noticeId, Date.now());
                  await append(data);
                }
              }),
            );
            await queue.enqueueDeliveries(group.map((d) => d.noticeId));
          }
        };
        // pipeline and raw runs alternate (each pipeline run with its own rule, so its own notices)
        const runs: Awaited<ReturnType<typeof pipeline>>[] = [];
        const rawRates: number[] = [];
        const ruleIds = ['default-assignee-3wd', 'default-assignee-7wd'];
        await startMailers(1);
        for (let rep = 0; rep < (ctx.quick ? 1 : 2); rep++) {
          runs.push(await pipeline(`run ${rep + 1}`, ruleIds[rep], asTheScannerDoes));
          sink.send({ clear: true });
          rawRates.push(await rawSend(smtpUrl, notices, runs[rep].meanBytes, ask));
          log(`deliver: raw nodemailer ${Math.round(rawRates[rawRates.length - 1])}/s`);
        }
        await stopMailers();
        // reported beside the goal: the same with two worker processes sharing the queue
        await startMailers(2);
        const twoProcesses = await pipeline('two mail processes', 'default-due-today', asTheScannerDoes);
        await stopMailers();
        const { rows: delivered } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE type = 'NoticeDelivered'`);
        const pipelineRate = median(runs.map((r) => r.rate));
        const count = Math.min(...runs.map((r) => r.accepted));
        const latencies = { p50: median(runs.map((r) => r.latencyMs.p50)), p99: median(runs.map((r) => r.latencyMs.p99)) };
        const raw = median(rawRates);
        const ratio = pipelineRate / raw;
        return {
          name,
          date: new Date().toISOString(),
          seconds: round((now() - started) / 1000, 1),
          machine: m,
          params: {
            notices,
            workerConcurrency: 5,
            smtpPool: 5,
            rawInFlight: 10,
            meanMessageBytes: runs[0].meanBytes,
            issueGroup: 100,
            issueInFlight: 8,
            pipelineRuns: runs.length,
            rawRuns: rawRates.length,
          },
          rows: [
            {
              bench: name,
              what: `${notices / 1000}k notices issue→SMTP accepted, issued as the scanner does (p50 ${round(latencies.p50 / 1000, 2)} s, p99 ${round(latencies.p99 / 1000, 2)} s)`,
              figure: round(pipelineRate, 0),
              unit: 'notices/s',
              baseline: round(raw, 0),
              baselineWhat: 'raw nodemailer sends, same server',
              ratio: round(ratio, 3),
              goal: '≥ 0.5× raw; p99 reported',
              met: ratio >= 0.5 && count === notices,
            },
            {
              bench: name,
              what: `same, mail processor in two processes (p50 ${round(twoProcesses.latencyMs.p50 / 1000, 2)} s, p99 ${round(twoProcesses.latencyMs.p99 / 1000, 2)} s)`,
              figure: twoProcesses.rate,
              unit: 'notices/s',
              baseline: round(raw, 0),
              baselineWhat: 'raw nodemailer sends, same server (one process)',
              ratio: round(twoProcesses.rate / raw, 3),
              goal: '(reported: scaling out)',
              met: null,
            },
          ],
          data: {
            delivered: delivered[0].n,
            runs,
            twoProcesses,
            rawRates: rawRates.map((r) => round(r, 0)),
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
    await Promise.all(mailers.map(stop));
    await stop(sink);
  }
}

async function rawSend(smtpUrl: string, count: number, bytes: number, ask: <T>(msg: object, key: string) => Promise<T>): Promise<number> {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: 5,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    maxRequeues: 0,
  } as any);
  const body = 'Nhắc việc: nhiệm vụ sắp đến hạn. '.repeat(Math.max(1, Math.floor((bytes * 0.35) / 40)));
  const html = `<p>${'Nhắc việc: nhiệm vụ sắp đến hạn. '.repeat(Math.max(1, Math.floor((bytes * 0.35) / 40)))}</p>`;
  const t0 = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (next < count) {
        const i = next++;
        await transport.sendMail({
          from: '"Hệ thống theo dõi nhiệm vụ" <no-reply@bench.example.org>',
          to: `officer.${i}@bench.example.org`,
          subject: `[Nhắc việc] Nhiệm vụ RAW-${i} còn 3 ngày làm việc đến hạn`,
          text: body,
          html,
          messageId: `<raw-${i}@bench.example.org>`,
        });
      }
    }),
  );
  while ((await ask<number>({ count: true }, 'count')) < count) await sleep(50);
  const seconds = (Date.now() - t0) / 1000;
  transport.close();
  return count / seconds;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.send({ stop: true });
  await new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve(null);
    }, 3000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(null);
    });
  });
}
