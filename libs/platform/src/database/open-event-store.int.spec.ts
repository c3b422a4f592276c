import { KurrentDbEventStore, PostgresEventStore, PgliteDatabase } from '@app/event-store';
import type { AppConfig } from '../config/app-config';
import { openEventStore } from './open-event-store';

// The API, the worker and the CLI all open the store here, so EVENT_STORE picks the adapter for each.
describe('openEventStore', () => {
  const db = new PgliteDatabase();
  afterAll(() => db.close());

  it('opens PostgreSQL/PGlite by default and KurrentDB when EVENT_STORE=kurrentdb', async () => {
    const postgres = await openEventStore({ EVENT_STORE: 'postgres' } as AppConfig, db, { notify: false });
    expect(postgres).toBeInstanceOf(PostgresEventStore);
    await postgres.close();
    // the client connects on first use, so no server is needed to see which adapter was chosen
    const kurrent = await openEventStore(
      { EVENT_STORE: 'kurrentdb', KURRENTDB_URL: 'kurrentdb://127.0.0.1:2113?tls=false' } as AppConfig,
      db,
    );
    expect(kurrent).toBeInstanceOf(KurrentDbEventStore);
    await kurrent.close();
  });
});
