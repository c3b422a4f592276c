/**
 * Rebuild without downtime (issue 17): a new read-model set is built beside the serving one
 * while the API keeps answering from the old set (and the live projector keeps it current),
 * then switched in one transaction. Queries never fail, and commands made during the rebuild
 * are in the new set.
 */
import { EVENT_STORE, EventStore, SqlDatabase } from '@app/event-store';
import { SQL_DATABASE } from '@app/platform';
import { Projector } from '@app/projections';
import { allReadModels } from '@app/runtime';
import { TestApp, agencyBody, startTestApp, taskBody } from './support/test-app';

describe('rebuilding the read models beside the serving ones', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { SCAN_INTERVAL_MS: '3600000' } });
    await t.as('coordinator').post('/api/v1/agencies', agencyBody('BCA', 'Bộ Công an')).expect(201);
    await t.as('coordinator').post('/api/v1/agencies', agencyBody('BKHCN', 'Bộ Khoa học và Công nghệ')).expect(201);
    for (const code of ['NQ71-001', 'NQ71-002', 'NQ71-003', 'NQ71-004']) {
      await t.as('coordinator').post('/api/v1/tasks', taskBody({ code })).expect(201);
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers from the old set during the rebuild, from the new one after the switch, never an error', async () => {
    const last = await t
      .as('coordinator')
      .post('/api/v1/tasks', taskBody({ code: 'NQ71-005' }))
      .expect(201);
    await t.as('auditor').get(`/api/v1/tasks/NQ71-005?minPosition=${last.body.position}`).expect(200);
    // Mark the serving set, so an answer shows which set it came from (the events never say this).
    await t.sql(`UPDATE rm_tasks SET title = 'bản cũ'`);

    const statuses: number[] = [];
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const [list, summary] = await Promise.all([
          t.as('auditor').get('/api/v1/tasks?limit=50'),
          t.as('auditor').get('/api/v1/reports/summary'),
        ]);
        statuses.push(list.status, summary.status);
      }
    })();

    // The list reads the read models (a single task is folded from its events, whatever the set).
    const listed = async (code: string, minPosition = 0) => {
      const res = await t.as('auditor').get(`/api/v1/tasks?limit=50&minPosition=${minPosition}`).expect(200);
      return res.body.items.find((item: { code: string }) => item.code === code);
    };
    const db = t.app.get<SqlDatabase>(SQL_DATABASE);
    const store = t.app.get<EventStore>(EVENT_STORE);
    const builder = new Projector(store, db, allReadModels(), { catchUpBatchSize: 2 });
    let progressDuringRebuild = 0;
    const applied = await builder.rebuild(undefined, {
      beforeSwitch: async () => {
        expect((await listed('NQ71-001')).title).toBe('bản cũ');
        // a command while the new set waits to be switched: the live projector applies it to the old set
        const res = await t.as('bca').post('/api/v1/tasks/NQ71-002/progress', { percent: 60, note: 'Trong lúc dựng lại' }).expect(201);
        progressDuringRebuild = res.body.position;
        expect((await listed('NQ71-002', progressDuringRebuild)).progress).toMatchObject({ percent: 60 });
        expect((await listed('NQ71-001')).title).toBe('bản cũ');
      },
    });
    polling = false;
    await poll;

    expect(applied).toBeGreaterThanOrEqual(7);
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);

    expect(await listed('NQ71-001')).toMatchObject({ title: taskBody().title });
    expect(await listed('NQ71-002', progressDuringRebuild)).toMatchObject({ title: taskBody().title, progress: { percent: 60 } });
    const schemas = await t.sql(`SELECT nspname FROM pg_namespace WHERE nspname LIKE $1`, [`${t.schema}_rm_%`]);
    expect(schemas).toEqual([]);

    // the live projector goes on from the switched checkpoint
    const later = await t.as('bca').post('/api/v1/tasks/NQ71-003/progress', { percent: 30 }).expect(201);
    expect(await listed('NQ71-003', later.body.position)).toMatchObject({ title: taskBody().title, progress: { percent: 30 } });
  });
});
