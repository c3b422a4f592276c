import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { FreezableProxy } from '../../../../test/support/freezable-proxy';
import { PgDatabase } from './pg-database';

const URL_ = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Time-outs on the pg pool: each kind fails fast with an error the API maps to 503, and the pool stays usable. */
describe('PgDatabase time-outs', () => {
  it('statement_timeout: the server cancels a long statement (57014); the pool and transactions carry on', async () => {
    const db = new PgDatabase({ connectionString: URL_, statementTimeoutMs: 300, max: 1 });
    try {
      const started = Date.now();
      await expect(db.query('SELECT pg_sleep(3)')).rejects.toMatchObject({ code: '57014' });
      expect(Date.now() - started).toBeLessThan(2000);
      await expect(db.transaction((tx) => tx.query('SELECT pg_sleep(3)'))).rejects.toMatchObject({ code: '57014' });
      expect((await db.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await db.close();
    }
  });

  it('a busy server is not taken for a hung one: a query longer than the hang check still completes', async () => {
    const db = new PgDatabase({ connectionString: URL_, queryTimeoutMs: 200, max: 2 });
    try {
      const { rows } = await db.query('SELECT pg_sleep(1.2), 42 AS answer');
      expect(rows[0].answer).toBe(42);
      const inTransaction = await db.transaction((tx) => tx.query('SELECT pg_sleep(0.8), 7 AS answer'));
      expect(inTransaction.rows[0].answer).toBe(7);
    } finally {
      await db.close();
    }
  });

  it('a hung server: the query on an open connection fails within the hang check and the probe, and the pool recovers', async () => {
    const target = new URL(URL_);
    const proxy = new FreezableProxy(target.hostname, Number(target.port || 5432));
    const proxied = new URL(URL_);
    proxied.port = String(await proxy.start());
    const db = new PgDatabase({ connectionString: proxied.toString(), queryTimeoutMs: 300, connectTimeoutMs: 1000, max: 1 });
    try {
      await db.query('SELECT 1'); // the pool's one connection is open and idle
      proxy.freeze();
      const started = Date.now();
      await expect(db.query('SELECT 1')).rejects.toThrow(/Connection terminated/);
      expect(Date.now() - started).toBeLessThan(2500);
      proxy.thaw();
      expect((await db.query('SELECT 2 AS two')).rows).toEqual([{ two: 2 }]);
    } finally {
      proxy.thaw();
      await db.close();
      await proxy.stop();
    }
  });

  describe('against a server that accepts connections and never answers', () => {
    let silent: Server;
    const sockets = new Set<Socket>();
    let port: number;

    beforeAll(async () => {
      silent = createServer((socket) => {
        sockets.add(socket);
        socket.on('error', () => undefined);
      });
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      port = (silent.address() as AddressInfo).port;
    });

    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    });

    it('the connect time-out ends the wait for queries and transactions', async () => {
      const db = new PgDatabase({ connectionString: `postgres://postgres@127.0.0.1:${port}/test`, connectTimeoutMs: 500 });
      try {
        const started = Date.now();
        await expect(db.query('SELECT 1')).rejects.toThrow(/timeout/i);
        await expect(db.transaction((tx) => tx.query('SELECT 1'))).rejects.toThrow(/timeout/i);
        expect(Date.now() - started).toBeLessThan(3000);
      } finally {
        await db.close();
      }
    });
  });
});
