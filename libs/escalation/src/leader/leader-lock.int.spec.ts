import { Client } from 'pg';
import { PgDatabase } from '@app/event-store';
import { createTestDatabase, testDatabaseUrl, type TestDatabase } from '@app/event-store/testing';
import { LeaderLock } from './leader-lock';

const FAST = { retryMs: 50, heartbeatMs: 50, heartbeatTimeoutMs: 1000 };

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('LeaderLock on PostgreSQL', () => {
  let base: TestDatabase;
  const opened: PgDatabase[] = [];
  const locks: LeaderLock[] = [];
  /** another process's connection pool on the same schema */
  const processDb = (schema = base.schema!) => {
    const db = new PgDatabase({ connectionString: testDatabaseUrl(), schema, max: 2 });
    opened.push(db);
    return db;
  };
  const lock = (db: PgDatabase, name = 'scanner', hooks: { onElected?(): void; onDeposed?(): void } = {}) => {
    const l = new LeaderLock(db, name, { ...FAST, ...hooks });
    locks.push(l);
    return l;
  };

  beforeEach(async () => {
    base = await createTestDatabase('pg');
  });
  afterEach(async () => {
    await Promise.all(locks.splice(0).map((l) => l.stop()));
    await Promise.all(opened.splice(0).map((db) => db.close()));
    await base.drop();
  });

  it('elects exactly one holder; the stand-by takes over when the holder steps down', async () => {
    const elected: string[] = [];
    const a = lock(processDb(), 'scanner', { onElected: () => void elected.push('a') });
    const b = lock(processDb(), 'scanner', { onElected: () => void elected.push('b') });
    expect(await a.start()).toBe(true);
    expect(await b.start()).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect([a.isLeader, b.isLeader]).toEqual([true, false]);
    await a.stop();
    await until(() => b.isLeader);
    expect(elected).toEqual(['a', 'b']);
  });

  it('keeps the roles apart: the projector and the scanner locks are held independently', async () => {
    const db = processDb();
    expect(await lock(db, 'scanner').start()).toBe(true);
    expect(await lock(db, 'projector').start()).toBe(true);
  });

  it('does not block an engine in another schema of the same database', async () => {
    const other = await createTestDatabase('pg');
    try {
      expect(await lock(processDb()).start()).toBe(true);
      expect(await lock(processDb(other.schema)).start()).toBe(true);
    } finally {
      await Promise.all(locks.splice(0).map((l) => l.stop()));
      await other.drop();
    }
  });

  it('steps down when its connection dies, and someone takes over', async () => {
    let deposed = 0;
    const a = lock(processDb(), 'projector', { onDeposed: () => void deposed++ });
    const b = lock(processDb(), 'projector');
    await a.start();
    await b.start();
    // Kill the holder's session from outside, as a network failure or a DBA would.
    const admin = new Client({ connectionString: testDatabaseUrl() });
    await admin.connect();
    try {
      await admin.query(
        `SELECT pg_terminate_backend(l.pid) FROM pg_locks l
          WHERE l.locktype = 'advisory' AND l.granted
            AND ((l.classid::bigint << 32) | l.objid::bigint) = (hashtextextended($1 || '/projector', 0) & x'ffffffffffffffff'::bigint)`,
        [base.schema],
      );
    } finally {
      await admin.end();
    }
    await until(() => b.isLeader);
    await until(() => deposed === 1);
    // The old holder campaigns again and stands by.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(a.isLeader).toBe(false);
  });

  it('releases the lock on stop, so a restarted process leads at once', async () => {
    const a = lock(processDb());
    await a.start();
    await a.stop();
    expect(await lock(processDb()).start()).toBe(true);
  });
});

describe('LeaderLock on PGlite (one process)', () => {
  it('is simply held by the first caller', async () => {
    const { db, drop } = await createTestDatabase('pglite');
    const projector = new LeaderLock(db, 'projector', FAST);
    const scanner = new LeaderLock(db, 'scanner', FAST);
    try {
      expect(await projector.start()).toBe(true);
      expect(await scanner.start()).toBe(true);
    } finally {
      await projector.stop();
      await scanner.stop();
      await drop();
    }
  });
});
