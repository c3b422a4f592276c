/**
 * Anchors over HTTP: an auditor anchors the history, reads the public key, and verifies; after
 * an owner rewrote a task's history (triggers off, event edited, chain recomputed), the chains
 * still look intact and the anchor names the task's stream.
 */
import { TestApp, agencyBody, startTestApp, taskBody } from './support/test-app';

describe('anchored verification over HTTP', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { SCAN_INTERVAL_MS: '3600000' } });
    await t.as('coordinator').post('/api/v1/agencies', agencyBody('BCA', 'Bộ Công an')).expect(201);
    await t.as('coordinator').post('/api/v1/agencies', agencyBody('BKHCN', 'Bộ Khoa học và Công nghệ')).expect(201);
    const task = await t
      .as('coordinator')
      .post('/api/v1/tasks', taskBody({ code: 'NQ71-031' }))
      .expect(201);
    // Anchors cover the feed, which (like the projector) waits for older transactions of other suites to end.
    await t.as('auditor').get(`/api/v1/tasks?minPosition=${task.body.position}`).expect(200);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('anchors, verifies, and after an owner rewrote history names the stream the chains no longer see', async () => {
    const { body: key } = await t.as('auditor').get('/api/v1/audit/anchors/public-key').expect(200);
    expect(key.publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const { body: anchor } = await t.as('auditor').post('/api/v1/audit/anchors').expect(201);
    const [counts] = await t.sql(`SELECT count(DISTINCT stream_id)::int AS streams, count(*)::int AS events FROM events`);
    expect(anchor).toMatchObject({ format: 'dle-anchor/1', ...counts, root: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const list = await t.as('auditor').get('/api/v1/audit/anchors').expect(200);
    expect(list.body.items).toEqual([anchor]);

    const before = await t.as('auditor').get('/api/v1/audit/verify').expect(200);
    expect(before.body).toMatchObject({ ok: true, anchors: [{ ok: true, failures: [] }] });

    const [{ stream_id: stream }] = await t.sql(`SELECT stream_id FROM events WHERE type = 'TaskAssigned'`);
    await t.sql(`ALTER TABLE events DISABLE TRIGGER USER`);
    await t.sql(`UPDATE events SET data = jsonb_set(data, '{deadline}', '"Q4/2026"') WHERE stream_id = $1 AND version = 1`, [stream]);
    await t.sql(
      `UPDATE events SET hash = event_hash(prev_hash, stream_id, version, type, data, metadata, occurred_at, recorded_at) WHERE stream_id = $1 AND version = 1`,
      [stream],
    );
    await t.sql(`UPDATE streams SET last_hash = (SELECT hash FROM events WHERE stream_id = $1 AND version = 1) WHERE id = $1`, [stream]);
    await t.sql(`ALTER TABLE events ENABLE TRIGGER USER`);

    const after = await t.as('auditor').get('/api/v1/audit/verify').expect(200);
    expect(after.body.failures).toEqual([]); // the chains were recomputed: alone they prove nothing here
    expect(after.body).toMatchObject({
      ok: false,
      anchors: [
        {
          ok: false,
          failures: [{ streamId: stream, version: 1, reason: 'version 1 no longer has the anchored hash: an event up to it was changed' }],
        },
      ],
    });

    // pasted from a mailbox, without the stream heads: the root alone still disproves it
    const pasted = await t
      .as('auditor')
      .post('/api/v1/audit/verify', { anchors: JSON.stringify(anchor), publicKey: key.publicKey })
      .expect(200);
    expect(pasted.body.anchors[0]).toMatchObject({ ok: false, failures: [{ streamId: '*' }] });
  });

  it('names the field of a bad anchor body', async () => {
    const bad = async (body: unknown, field: string) => {
      const res = await t.as('auditor').post('/api/v1/audit/verify', body).expect(400);
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual([field]);
    };
    await bad({}, 'anchors');
    await bad({ anchors: 'not an anchor' }, 'anchors');
    await bad({ anchors: [{ format: 'dle-anchor/1' }] }, 'anchors[0].createdAt');
    await bad({ anchors: [], publicKey: 'x' }, 'anchors');
    const { body: anchor } = await t.as('auditor').post('/api/v1/audit/anchors').expect(201);
    await bad({ anchors: [anchor], publicKey: 'not a key' }, 'publicKey');
    await bad({ anchors: [{ ...anchor, leaves: [['task-x', 'one', 'aa']] }] }, 'anchors[0].leaves');
    await t.as('coordinator').post('/api/v1/audit/anchors').expect(403);
  });
});

describe('anchors made by the worker', () => {
  let t: TestApp;
  afterAll(async () => {
    await t?.close();
  });

  it('anchors at start when the file has no anchor younger than ANCHOR_INTERVAL_HOURS', async () => {
    t = await startTestApp({ env: { SCAN_INTERVAL_MS: '3600000', ANCHOR_INTERVAL_HOURS: '24' } });
    let items: unknown[] = [];
    for (let i = 0; i < 100 && items.length === 0; i++) {
      items = (await t.as('auditor').get('/api/v1/audit/anchors').expect(200)).body.items;
      if (items.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(items).toEqual([expect.objectContaining({ format: 'dle-anchor/1', createdAt: t.clock.now().toISOString() })]);
  });
});
