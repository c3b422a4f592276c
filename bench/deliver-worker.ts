/**
 * The mail processor alone in its own process for the `deliver` benchmark, as a worker process
 * runs it (apps/worker MailDeliveryService: NoticeDeliverer + startMailWorker, default
 * concurrency, nodemailer pool of 5), so the parent's issuing does not share its event loop.
 * Reads BENCH_SCHEMA, BENCH_SMTP_URL, BENCH_PREFIX; says `ready` over IPC; `stop` closes it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Logger } from '@nestjs/common';
import { systemClock } from '@app/domain';
import { PostgresEventStore } from '@app/event-store';
import { NoticeDeliverer, NoticeQueue, createMailTransport, startMailWorker } from '@app/escalation';
import { REDIS_URL, openDb } from './lib/harness';

async function main(): Promise<void> {
  Logger.overrideLogger(['error']);
  const db = openDb(process.env.BENCH_SCHEMA!, 10);
  const store = new PostgresEventStore(db);
  const prefix = process.env.BENCH_PREFIX!;
  const queue = new NoticeQueue({ redisUrl: REDIS_URL, prefix });
  const transport = createMailTransport({
    smtpUrl: process.env.BENCH_SMTP_URL,
    outboxDir: mkdtempSync(path.join(tmpdir(), 'dle-bench-outbox-')),
  });
  const deliverer = new NoticeDeliverer(
    { store, db, transport, clock: systemClock, queue },
    {
      mailFrom: '"Hệ thống theo dõi nhiệm vụ" <no-reply@bench.example.org>',
      publicUrl: 'http://localhost:3000',
      timeZone: 'Asia/Ho_Chi_Minh',
    },
  );
  const worker = startMailWorker(
    { redisUrl: REDIS_URL, prefix, now: () => new Date() },
    {
      deliver: (id, attempt) => deliverer.deliver(id, attempt),
      alert: async () => undefined,
    },
  );
  await worker.waitUntilReady();
  process.send?.({ ready: true });
  process.on('message', async (msg: { stop?: boolean }) => {
    if (!msg?.stop) return;
    await worker.close();
    await transport.close();
    await queue.close();
    await store.close();
    await db.close();
    process.exit(0);
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
