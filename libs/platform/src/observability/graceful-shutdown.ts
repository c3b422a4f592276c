import type { Server } from 'node:http';

export interface Closable {
  close(): Promise<void>;
}

export interface GracefulShutdownOptions {
  /** the HTTP server to drain first (API processes) */
  server?: Server;
  /** SHUTDOWN_TIMEOUT_MS: how long requests in flight may take before their connections are closed */
  timeoutMs: number;
  logger: { log(message: string): void; warn(message: string): void; error(message: string): void };
  signals?: NodeJS.Signals[];
  /** default process.exit */
  exit?(code: number): void;
  /** runs after the app closed, before exit (a private Redis started for this process stops here) */
  afterClose?(): Promise<void>;
}

/**
 * SIGTERM (or SIGINT) stops a process cleanly and exits 0:
 * 1. the HTTP server stops accepting connections and every request in flight is answered
 *    (idle keep-alive connections are closed as they go quiet; after `timeoutMs` the rest are cut);
 * 2. `app.close()` runs Nest's shutdown hooks: the mail worker finishes its jobs in flight, the
 *    scanner its pass, the projector its batch; leader locks, queues and the database close.
 * A second signal, or hooks still running well past the timeout, exit 1 at once.
 *
 * Used instead of Nest's enableShutdownHooks(), which runs the hooks before the server stops
 * taking requests (the projector a `minPosition` wait relies on would already be stopped) and
 * ends the process by re-raising the signal (exit status 143, not 0).
 */
export function installGracefulShutdown(app: Closable, options: GracefulShutdownOptions): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  let inFlight = 0;
  options.server?.on('request', (_req, res) => {
    inFlight++;
    res.once('close', () => inFlight--);
  });
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      options.logger.warn(`${signal} again: exiting now`);
      exit(1);
      return;
    }
    stopping = true;
    const hardLimit = setTimeout(
      () => {
        options.logger.error('shutdown hooks still running after the grace period: exiting now');
        exit(1);
      },
      Math.max(10_000, 2 * options.timeoutMs) + 5_000,
    );
    hardLimit.unref();
    void (async () => {
      try {
        if (options.server) {
          options.logger.log(`${signal}: no new connections; waiting for ${inFlight} request(s) in flight`);
          await drain(options.server, options.timeoutMs, options.logger);
        }
        options.logger.log(`${signal}: finishing jobs in flight and closing`);
        await app.close();
        await options.afterClose?.();
        options.logger.log('stopped');
        exit(0);
      } catch (error) {
        options.logger.error(`shutdown failed: ${(error as Error).message}`);
        exit(1);
      }
    })();
  };
  for (const signal of signals) process.on(signal, onSignal);
}

function drain(server: Server, timeoutMs: number, logger: GracefulShutdownOptions['logger']): Promise<void> {
  return new Promise((resolve) => {
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    const cut = setTimeout(() => {
      logger.warn(`requests still running after ${timeoutMs} ms: closing their connections`);
      server.closeAllConnections();
    }, timeoutMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
  });
}
