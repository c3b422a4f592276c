// Test helpers, imported as '@app/event-store/testing'; production code must not import them.
export * from './test-database';
export * from './test-events';
export { describeEventStoreContract, type ContractStore, type ContractCapabilities } from '../contract/event-store.contract';
export { InMemoryKurrentDb } from '../kurrentdb/testing/in-memory-kurrentdb';
