import { Logger } from '@nestjs/common';
import type { SqlDatabase } from '@app/event-store';

/**
 * One active holder per store: a PostgreSQL session-level advisory lock held on a dedicated
 * connection (architecture.md "Scaling out"). Stand-bys try again every `retryMs`; the leader
 * checks its connection every `heartbeatMs` and steps down when it is gone (the server released
 * the lock when the session ended, so a stand-by may already have taken over). Ending the
 * process ends the session, so a SIGKILLed leader hands over as soon as PostgreSQL notices.
 *
 * The key is derived in SQL from the connection's schema and the lock name, so engines sharing
 * one database in different schemas (DATABASE_SCHEMA, the test suites) do not block each other.
 * On PGlite (one process, one connection) the first caller simply wins.
 */
export interface LeaderLockOptions {
  /** how often a stand-by tries to take the lock (default 3 s) */
  retryMs?: number;
  /** how often the leader checks its session is alive (default 5 s) */
  heartbeatMs?: number;
  /** a heartbeat slower than this counts as a lost connection (default 5 s) */
  heartbeatTimeoutMs?: number;
  /** called once the lock is held; a throw releases the lock and campaigns again */
  onElected?(): Promise<void> | void;
  /** called when the lock is lost or released */
  onDeposed?(): Promise<void> | void;
}

const KEY = `hashtextextended(current_schema() || '/' || $1::text, 0)`;
const TRY_LOCK_SQL = `SELECT pg_try_advisory_lock(${KEY}) AS locked`;
const UNLOCK_SQL = `SELECT pg_advisory_unlock(${KEY}) AS unlocked`;
// pg_locks shows a bigint advisory key as classid (high 32 bits) and objid (low 32 bits).
const HELD_SQL = `SELECT EXISTS (
  SELECT 1 FROM pg_locks
  WHERE locktype = 'advisory' AND granted AND objsubid = 1
    AND ((classid::bigint << 32) | objid::bigint) = ${KEY}
) AS held`;

/**
 * Whether some session of this database holds the lock of `name` (a worker process is alive and
 * leading that role), seen from any process: /health uses it in a process without a worker.
 * Undefined on PGlite, where only this process exists.
 */
export async function leaderLockHeld(db: SqlDatabase, name: string): Promise<boolean | undefined> {
  if (db.kind === 'pglite') return undefined;
  const { rows } = await db.query<{ held: boolean }>(HELD_SQL, [name]);
  return rows[0]?.held === true;
}

export class LeaderLock {
  private readonly logger: Logger;
  private leader = false;
  private running = false;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;

  constructor(
    private readonly db: SqlDatabase,
    /** e.g. `projector`, `scanner`: each role has its own lock */
    readonly name: string,
    private readonly options: LeaderLockOptions = {},
  ) {
    this.logger = new Logger(`LeaderLock(${name})`);
  }

  get isLeader(): boolean {
    return this.leader;
  }

  /** Starts campaigning; resolves after the first attempt, true when this process leads. */
  async start(): Promise<boolean> {
    if (this.running) return this.leader;
    this.running = true;
    let firstAttempt!: () => void;
    const attempted = new Promise<void>((resolve) => (firstAttempt = resolve));
    this.loop = this.campaign(firstAttempt);
    await attempted;
    return this.leader;
  }

  /** Steps down (releasing the lock) and stops campaigning. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wakeUp?.();
    await this.loop;
    this.loop = null;
  }

  private async campaign(firstAttempt: () => void): Promise<void> {
    while (this.running) {
      try {
        await this.db.withSession((session) => this.holdSession(session, firstAttempt));
      } catch (error) {
        if (this.leader) this.logger.warn(`lost the ${this.name} lock: ${(error as Error).message}`);
        else this.logger.warn(`could not campaign for the ${this.name} lock: ${(error as Error).message}`);
        await this.depose();
      }
      firstAttempt();
      if (this.running) await this.sleep(this.options.retryMs ?? 3000);
    }
  }

  /** Runs until stopped or the session fails (then throws). */
  private async holdSession(session: SqlDatabase, firstAttempt: () => void): Promise<void> {
    while (this.running) {
      if (!this.leader) {
        const { rows } = await session.query<{ locked: boolean }>(TRY_LOCK_SQL, [this.name]);
        if (rows[0]?.locked) {
          this.leader = true;
          this.logger.log(`holding the ${this.name} lock: this process is the active ${this.name}`);
          try {
            await this.options.onElected?.();
          } catch (error) {
            await session.query(UNLOCK_SQL, [this.name]).catch(() => undefined);
            throw error;
          }
        }
        firstAttempt();
        if (!this.leader) {
          await this.sleep(this.options.retryMs ?? 3000);
          continue;
        }
      }
      await this.sleep(this.options.heartbeatMs ?? 5000);
      if (!this.running) break;
      // PGlite's one connection cannot be lost on its own, and its queries wait behind any open
      // transaction (a long projector batch), which a timeout would mistake for a dead session.
      if (session.kind === 'pglite') continue;
      await withTimeout(session.query('SELECT 1'), this.options.heartbeatTimeoutMs ?? 5000);
    }
    if (this.leader) {
      await this.depose();
      await session.query(UNLOCK_SQL, [this.name]).catch(() => undefined);
      this.logger.log(`released the ${this.name} lock`);
    }
  }

  private async depose(): Promise<void> {
    if (!this.leader) return;
    this.leader = false;
    try {
      await this.options.onDeposed?.();
    } catch (error) {
      this.logger.error(`stepping down as ${this.name} failed: ${(error as Error).message}`);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        if (self.wakeUp === done) self.wakeUp = null;
        resolve();
      }
      this.wakeUp = done;
    });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
