/**
 * Profiling aid (not part of `npm run bench`): where the mail processor spends its time per
 * notice. Pre-issues N notices, then drains them with the worker at the given concurrency and
 * timed wrappers around the store, the database, the SMTP transport and the renderer.
 *   [CPU_PROFILE=file.cpuprofile] node dist-bench/bench/profile-deliver.js [notices=2000] [concurrency=5] [smtp pool=5]
 * CPU_PROFILE profiles only the delivery (not the set-up) with the inspector.
 */
import { fork } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { NoticeIssued, noticeId as noticeIdOf, noticeStreamId, systemClock } from '@app/domain';
import { PostgresEventStore, expect, migrate, type SqlDatabase } from '@app/event-store';
import { Projector, migrateReadModels } from '@app/projections';
import { NoticeDeliverer, NoticeQueue, createMailTransport, startMailWorker, type MailTransport } from '@app/escalation';
import { Logger } from '@nestjs/common';
import { allReadModels } from '@app/runtime';
import { startCpuProfile } from './lib/cpu-profile';
import { generateTasks, seedReferenceData } from './lib/generate';
import { DATABASE_URL, REDIS_URL, log, now, openDb, sleep, withSchema } from './lib/harness';

async function main(): Promise<void> {
  Logger.overrideLogger(['error']);
  const notices = Number(process.argv[2] ?? 2000);
  const concurrency = Number(process.argv[3] ?? 5);
  const pool = Number(process.argv[4] ?? 5);
  const schema = 'bench_profile_deliver';
  const sink = fork(path.join(__dirname, 'smtp-sink.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve) => sink.once('message', (m: any) => resolve(m.port)));
  const count = () =>
    new Promise<number>((resolve) => {
      sink.once('message', (m: any) => resolve(m.count));
      sink.send({ count: true });
    });
  const queue = new NoticeQueue({ redisUrl: REDIS_URL, prefix: 'bench-profile-deliver' });
  await withSchema(schema, async () => {
    const db = openDb(schema, 10);
    try {
      await migrate(db);
      await migrateReadModels(db, allReadModels());
      await seedReferenceData(db, 60, new Date('2025-06-01T02:00:00Z'));
      await new Projector(new PostgresEventStore(db, { notify: false }), db, allReadModels()).catchUp();
      await generateTasks(db, { connectionString: DATABASE_URL, schema }, { tasks: notices, eventsPerTask: 1, codePrefix: 'PDL' });
      const plain = new PostgresEventStore(db);
      const { rows } = await db.query<{ data: any }>(`SELECT data FROM events WHERE type = 'TaskAssigned' ORDER BY position`);
      for (const { data: d } of rows) {
        const item = {
          taskId: d.taskId,
          taskCode: d.code,
          ruleId: 'default-assignee-3wd',
          occurrence: 0,
          deadlineVersion: 0,
          due: d.deadline.due,
        };
        const data: NoticeIssued['data'] = {
          noticeId: noticeIdOf(item),
          kind: 'reminder',
          ruleId: item.ruleId,
          level: 0,
          digest: false,
          items: [item],
          recipients: [{ email: d.assignee.email, name: d.assignee.name, agency: d.leadAgency, as: 'assignee' }],
          fireAt: new Date().toISOString(),
          catchUp: false,
        };
        await plain.append(noticeStreamId(data.noticeId), [{ type: 'NoticeIssued', data: { ...data }, occurredAt: new Date() }], {
          expectedVersion: expect.noStream(),
        });
        await queue.enqueueDelivery(data.noticeId);
      }
      const spent = new Map<string, number>();
      const add = (k: string, ms: number) => spent.set(k, (spent.get(k) ?? 0) + ms);
      const proxy: SqlDatabase = Object.create(db);
      proxy.query = async (sql: string, params?: unknown[], o?: any) => {
        const t = now();
        try {
          return await db.query(sql, params, o);
        } finally {
          add(`sql ${sql.replace(/\s+/g, ' ').trim().slice(0, 60)}`, now() - t);
        }
      };
      const store = new PostgresEventStore(proxy);
      const smtp = createMailTransport({
        smtpUrl: `smtp://127.0.0.1:${port}`,
        maxConnections: pool,
        outboxDir: mkdtempSync(path.join(tmpdir(), 'dle-prof-')),
      });
      const transport: MailTransport = Object.create(smtp);
      transport.send = async (msg) => {
        const t = now();
        try {
          return await smtp.send(msg);
        } finally {
          add('smtp send', now() - t);
        }
      };
      const deliverer = new NoticeDeliverer(
        { store, db: proxy, transport, clock: systemClock, queue },
        { mailFrom: '"Hệ thống" <no-reply@bench.example.org>', publicUrl: 'http://localhost:3000', timeZone: 'Asia/Ho_Chi_Minh' },
      );
      let jobs = 0;
      const profiling = process.env.CPU_PROFILE ? await startCpuProfile() : null;
      const t0 = now();
      const worker = startMailWorker(
        { redisUrl: REDIS_URL, prefix: 'bench-profile-deliver', concurrency, now: () => new Date() },
        {
          deliver: async (id, attempt) => {
            const t = now();
            try {
              return await deliverer.deliver(id, attempt);
            } finally {
              jobs++;
              add('(whole job)', now() - t);
            }
          },
          alert: async () => undefined,
        },
      );
      while ((await count()) < notices) await sleep(100);
      const seconds = (now() - t0) / 1000;
      if (profiling) await profiling.stopInto(process.env.CPU_PROFILE!);
      await worker.close();
      await smtp.close();
      log(`${notices} notices delivered in ${seconds.toFixed(1)} s (${Math.round(notices / seconds)}/s) at concurrency ${concurrency}`);
      for (const [k, ms] of [...spent].sort((a, b) => b[1] - a[1]).slice(0, 10))
        log(`  ${(ms / jobs).toFixed(2).padStart(7)} ms/job  ${k}`);
    } finally {
      await db.close();
    }
  });
  await queue.queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  sink.send({ stop: true });
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
