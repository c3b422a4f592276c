import { Client, type ClientBase, type ClientConfig } from 'pg';

/** The longest a liveness probe waits (connecting, then `SELECT 1`). */
const PROBE_MAX_MS = 2000;
/** Queries waiting at the same moment share one probe. */
const PROBE_REUSE_MS = 1000;

/**
 * Tells a busy server from a hung one. A query unanswered after `afterMs` makes the watch ask
 * the server, on a fresh connection, for `SELECT 1`. A server that answers is only busy: the
 * query keeps waiting (the server's statement_timeout bounds it), so a long projector batch or
 * report is not cut short. A server that does not answer (stopped, frozen, a dead network path:
 * no server-side time-out can catch those) gets the query's connection cut, which fails the
 * query at once; the pool opens fresh connections when the server is back.
 */
export class HangWatch {
  private probe: Promise<boolean> | null = null;
  private probeStartedAt = 0;

  constructor(
    private readonly config: ClientConfig,
    private readonly afterMs: number,
  ) {}

  watch<T>(client: ClientBase, running: Promise<T>): Promise<T> {
    if (!this.afterMs) return running;
    let done = false;
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      timer = setTimeout(() => {
        void this.serverAnswers().then((alive) => {
          if (done) return;
          if (alive) arm();
          else cut(client);
        });
      }, this.afterMs);
      timer.unref();
    };
    arm();
    return running.finally(() => {
      done = true;
      clearTimeout(timer);
    });
  }

  private serverAnswers(): Promise<boolean> {
    if (this.probe && Date.now() - this.probeStartedAt < PROBE_REUSE_MS) return this.probe;
    this.probeStartedAt = Date.now();
    const bound = Math.min(PROBE_MAX_MS, (this.config.connectionTimeoutMillis as number | undefined) || PROBE_MAX_MS);
    this.probe = (async () => {
      const client = new Client({ ...this.config, connectionTimeoutMillis: bound, query_timeout: bound });
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.query('SELECT 1');
        return true;
      } catch {
        return false;
      } finally {
        cut(client);
      }
    })();
    return this.probe;
  }
}

/** Ends a connection without a goodbye: a hung server would never answer one. */
export function cut(client: ClientBase): void {
  (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
}
