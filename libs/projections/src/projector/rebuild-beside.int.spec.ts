import { TestEventStore, TestDatabaseKind, createTestEventStore } from '@app/event-store/testing';
import { expect as expectVersion } from '@app/event-store';
import { migrateReadModels } from '../schema/read-model-schema';
import { readModelProjections } from '../read-model-projections';
import { Projector } from './projector';

/**
 * The switch on both databases (the e2e suite shows queries answering meanwhile): a read-model
 * version change at start, and a rebuild while the serving set is being followed, leave the
 * new set in the serving schema and nothing beside it.
 */
describe.each<TestDatabaseKind>(['pg', 'pglite'])('rebuilding beside the serving read models on %s', (kind) => {
  let t: TestEventStore;
  const register = (code: string, name: string) =>
    t.store.append(
      `agency-${code}`,
      [
        {
          type: 'AgencyRegistered',
          data: {
            code,
            name,
            kind: 'ministry',
            head: { name: `Thủ trưởng ${code}`, title: 'Bộ trưởng', email: `head@${code}.example.org` },
          },
          occurredAt: new Date('2026-01-05T02:00:00Z'),
        },
      ],
      { expectedVersion: expectVersion.noStream() },
    );
  const names = async () => (await t.db.query<{ name: string }>('SELECT name FROM rm_agencies ORDER BY code')).rows.map((r) => r.name);
  const leftovers = async () =>
    (
      await t.db.query<{ nspname: string }>(
        `SELECT nspname FROM pg_namespace WHERE nspname IN (current_schema() || '_rm_next', current_schema() || '_rm_old')`,
      )
    ).rows;
  /** the serving schema's indexes, as definitions without the schema's name */
  const indexes = async () =>
    (
      await t.db.query<{ def: string }>(
        `SELECT replace(indexdef, schemaname || '.', '') AS def FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname`,
      )
    ).rows.map((r) => r.def);
  const until = async (check: () => Promise<boolean>) => {
    for (let i = 0; i < 200 && !(await check()); i++) await new Promise((r) => setTimeout(r, 20));
  };

  beforeEach(async () => {
    t = await createTestEventStore(kind);
    await migrateReadModels(t.db, readModelProjections());
    await register('BCA', 'Bộ Công an');
    await register('BTC', 'Bộ Tài chính');
  });
  afterEach(async () => {
    await t.drop();
  });

  it('rebuilds beside and switches when the stored read models are of another version', async () => {
    const projector = new Projector(t.store, t.db, readModelProjections(), { pollIntervalMs: 10 });
    await projector.catchUp();
    await t.db.query(`UPDATE rm_agencies SET name = 'bản cũ'`);
    await t.db.query(`UPDATE projection_checkpoints SET model_version = model_version - 1`);

    await projector.start();
    try {
      expect(await names()).toEqual(['Bộ Công an', 'Bộ Tài chính']);
      expect(await leftovers()).toEqual([]);
      await register('BKHCN', 'Bộ Khoa học và Công nghệ');
      await until(async () => (await names()).length === 3); // the live loop applies it
      expect(await names()).toEqual(['Bộ Công an', 'Bộ Khoa học và Công nghệ', 'Bộ Tài chính']);
    } finally {
      await projector.stop();
    }
  });

  it('keeps the serving set until the switch, then continues from the switched checkpoint', async () => {
    const live = new Projector(t.store, t.db, readModelProjections(), { pollIntervalMs: 10 });
    await live.start();
    try {
      await until(async () => (await names()).length === 2);
      await t.db.query(`UPDATE rm_agencies SET name = 'bản cũ'`);
      const before = await indexes();
      expect(before).toContainEqual(expect.stringMatching(/^CREATE INDEX rm_task_history_occurred_version_idx ON rm_task_history /));
      const builder = new Projector(t.store, t.db, readModelProjections(), { catchUpBatchSize: 1 });
      await builder.rebuild(undefined, {
        beforeSwitch: async () => {
          expect(await names()).toEqual(['bản cũ', 'bản cũ']);
          await register('BKHCN', 'Bộ Khoa học và Công nghệ');
        },
      });
      expect(await names()).toEqual(['Bộ Công an', 'Bộ Khoa học và Công nghệ', 'Bộ Tài chính']);
      expect(await leftovers()).toEqual([]);
      // the indexes only readers use, dropped while the history was replayed, are all back
      expect(await indexes()).toEqual(before);
      await register('BNV', 'Bộ Nội vụ');
      await until(async () => (await names()).length === 4);
      expect(await names()).toEqual(['Bộ Công an', 'Bộ Khoa học và Công nghệ', 'Bộ Nội vụ', 'Bộ Tài chính']);
    } finally {
      await live.stop();
    }
  });
});
