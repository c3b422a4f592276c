import { randomBytes } from 'node:crypto';
import { describeEventStoreContract } from '../contract/event-store.contract';
import { KurrentDbEventStore } from './kurrentdb-event-store';

// The contract suite against a real KurrentDB, e.g.
//   docker compose --profile kurrentdb up -d kurrentdb
//   KURRENTDB_URL='kurrentdb://admin:changeit@localhost:2113?tls=false' npx jest libs/event-store/src/kurrentdb
// Without KURRENTDB_URL the suite is reported skipped and nothing connects (the store is only
// created in the suite's beforeAll). Each run owns a fresh stream prefix, so runs can share a
// server and verify() sees only this run's streams.
const url = process.env.KURRENTDB_URL;

(url ? describe : describe.skip)(
  url ? 'KurrentDB adapter against KURRENTDB_URL' : 'KurrentDB adapter (KURRENTDB_URL unset: no KurrentDB server reachable)',
  () => {
    describeEventStoreContract('kurrentdb', async () => {
      const store = await KurrentDbEventStore.connect(url!, { streamPrefix: `t${randomBytes(5).toString('hex')}-` });
      return { store, cleanup: () => store.close() };
    });
  },
);
