/**
 * The API alone (no worker) in its own process for the `api` benchmark, so autocannon in the
 * parent does not share its event loop. Reads BENCH_SCHEMA, BENCH_TOKEN; tells the parent its
 * port over IPC.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '@app/platform';
import { createApiApp } from '../apps/api/src/bootstrap';
import { DATABASE_URL, REDIS_URL } from './lib/harness';

async function main(): Promise<void> {
  const config = loadConfig({
    ...process.env,
    DATABASE_URL,
    DATABASE_SCHEMA: process.env.BENCH_SCHEMA!,
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'dle-bench-api-')),
    REDIS_URL,
    QUEUE_PREFIX: 'bench-api',
    PORT: '0',
    // the benchmark measures the API, not its per-token rate limiter (600/min by default)
    RATE_LIMIT_MAX: '0',
    AUTH_TOKENS: JSON.stringify([{ token: process.env.BENCH_TOKEN, role: 'admin', name: 'bench' }]),
  });
  const app = await createApiApp(config, { withWorker: false });
  app.useLogger(['error']);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  process.send?.({ port: address.port });
  process.on('message', async (msg: { stop?: boolean }) => {
    if (msg?.stop) {
      await app.close();
      process.exit(0);
    }
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
