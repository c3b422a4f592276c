import { PgDatabase } from '@app/event-store';
import { createTestDatabase, testDatabaseUrl, type TestDatabase } from '@app/event-store/testing';
import { NoticeClaims } from './notice-claims';

describe('NoticeClaims on PostgreSQL (two processes, each with its own pool)', () => {
  let base: TestDatabase;
  const opened: PgDatabase[] = [];
  const processDb = () => {
    const db = new PgDatabase({ connectionString: testDatabaseUrl(), schema: base.schema!, max: 2 });
    opened.push(db);
    return db;
  };

  beforeEach(async () => {
    base = await createTestDatabase('pg');
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((db) => db.close()));
    await base.drop();
  });

  it('one holder per notice; the holder renews; a release hands it on', async () => {
    const a = new NoticeClaims(processDb(), 'worker-a', 60_000);
    const b = new NoticeClaims(processDb(), 'worker-b', 60_000);
    expect(await a.claim('n-1')).toBe(true);
    expect(await b.claim('n-1')).toBe(false);
    expect(await a.claim('n-1')).toBe(true); // renewal
    expect(await b.claim('n-2')).toBe(true); // other notices are free
    await b.release('n-1'); // not b's: changes nothing
    expect(await b.claim('n-1')).toBe(false);
    await a.release('n-1');
    expect(await b.claim('n-1')).toBe(true);
    expect(await a.claim('n-1')).toBe(false);
  });

  it('a lease nobody renews (its process was killed) runs out and can be taken', async () => {
    const dead = new NoticeClaims(processDb(), 'worker-dead', 300);
    const alive = new NoticeClaims(processDb(), 'worker-alive', 60_000);
    expect(await dead.claim('n-1')).toBe(true);
    expect(await alive.claim('n-1')).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await alive.claim('n-1')).toBe(true);
    expect(await dead.claim('n-1')).toBe(false);
  });

  it('racing claims from ten pools: exactly one wins', async () => {
    const contenders = Array.from({ length: 10 }, (_, i) => new NoticeClaims(processDb(), `worker-${i}`, 60_000));
    const won = await Promise.all(contenders.map((c) => c.claim('n-race')));
    expect(won.filter(Boolean)).toHaveLength(1);
  });
});
