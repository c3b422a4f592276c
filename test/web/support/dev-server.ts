/**
 * For working on the console by hand (not a test): the API on a fixed port with the console's
 * seed data, the test tokens of test/support/test-app.ts, and the clock at NOW.
 *
 *   node -r ./test/support/worker-process-register.js test/web/support/dev-server.ts [port]
 */
import 'reflect-metadata';
import { startSmtpTestServer } from '@app/escalation/testing';
import { NoticeQueue } from '@app/escalation';
import { TOKENS, startTestApp } from '../../support/test-app';
import { FAILING_RECIPIENT, NOW, seedConsoleData, settleNotices } from './seed';

async function main(): Promise<void> {
  const port = Number(process.argv[2] ?? 3100);
  const smtp = await startSmtpTestServer();
  const t = await startTestApp({
    now: NOW,
    env: { SMTP_URL: smtp.url, SCAN_INTERVAL_MS: '3600000', QUEUE_PREFIX: `web-dev-${process.pid}` },
  });
  t.app.get(NoticeQueue).retry = { attempts: 1, backoffMs: 100 };
  await seedConsoleData(t, { beforeScan: () => smtp.rejectRecipient(FAILING_RECIPIENT, 550) });
  await settleNotices(t);
  await t.app.listen(port);
  console.log(`console dev server on http://127.0.0.1:${port} (schema ${t.schema})`, TOKENS);
  const stop = async () => {
    await t.close();
    await smtp.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
