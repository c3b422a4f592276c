import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ManualClock } from '@app/domain';
import { type Anchor, expect as expectVersion, generateAnchorKeyPair, signAnchor, privateKeyFromPem } from '@app/event-store';
import { TestEventStore, createTestEventStore, testEvent, untilFeedShows } from '@app/event-store/testing';
import { Anchoring, parseAnchorLines } from './anchoring';

/**
 * Tampering done as the database owner (this test connects as a superuser, who can disable the
 * immutability triggers and recompute the chains with event_hash): the chains then look
 * intact, and only the anchors kept outside the database show what changed, and where.
 */
describe('anchors outside the database', () => {
  let t: TestEventStore;
  let dir: string;
  let anchoring: Anchoring;
  const keys = generateAnchorKeyPair();
  const clock = new ManualClock(new Date('2026-03-02T01:00:00Z'));

  const append = async (stream: string, n: number) => {
    for (let i = 0; i < n; i++) {
      await t.store.append(stream, [testEvent('ProgressReported', { percent: (i + 1) * 10 })], { expectedVersion: expectVersion.any() });
    }
  };
  const asOwner = (sql: string) =>
    t.db.exec(
      `ALTER TABLE events DISABLE TRIGGER USER; ALTER TABLE streams DISABLE TRIGGER USER; ${sql}; ALTER TABLE events ENABLE TRIGGER USER; ALTER TABLE streams ENABLE TRIGGER USER;`,
    );
  /** what a forger with owner rights does: edit an event, recompute the chain after it, move the head */
  const rehash = (stream: string) =>
    asOwner(`
      DO $$ DECLARE r record; prev text := NULL; BEGIN
        FOR r IN SELECT position FROM events WHERE stream_id = '${stream}' ORDER BY version LOOP
          UPDATE events SET prev_hash = prev WHERE position = r.position;
          UPDATE events SET hash = event_hash(prev_hash, stream_id, version, type, data, metadata, occurred_at, recorded_at)
            WHERE position = r.position RETURNING hash INTO prev;
        END LOOP;
        UPDATE streams SET last_hash = prev WHERE id = '${stream}';
      END $$`);

  beforeEach(async () => {
    t = await createTestEventStore('pg');
    dir = mkdtempSync(path.join(tmpdir(), 'anchors-'));
    const keyFile = path.join(dir, 'anchor.key');
    writeFileSync(keyFile, keys.privateKeyPem);
    anchoring = new Anchoring(t.db, t.store, { DATA_DIR: dir, EVENT_STORE: 'postgres', ANCHOR_KEY_FILE: keyFile }, clock);
    await append('task-a', 3);
    await append('task-b', 2);
    await append('task-c', 2);
    // an anchor covers the feed, which a transaction open in a suite beside this one holds back
    await untilFeedShows(t.store, 7);
  });
  afterEach(async () => {
    await t.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs the heads of every stream, appends the anchor to its file, and holds while nothing changed', async () => {
    const anchor = await anchoring.create();
    expect(anchor).toMatchObject({
      format: 'dle-anchor/1',
      createdAt: '2026-03-02T01:00:00.000Z',
      streams: 3,
      events: 7,
      root: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(anchor.leaves!.map(([stream, version]) => [stream, version])).toEqual([
      ['task-a', 3],
      ['task-b', 2],
      ['task-c', 2],
    ]);
    expect(anchoring.list()).toEqual([anchor]);
    await append('task-a', 1); // later events are not covered, and are no damage
    const result = await anchoring.verify(anchoring.list());
    expect(result).toMatchObject({ ok: true, anchors: [{ ok: true, failures: [] }] });
    expect(result.notCovered).toBe(
      `events after position ${anchor.feed.position} (the last anchor that holds) are covered by the chains only`,
    );
  });

  it('names the stream and version of an edited and rehashed event, a deleted stream and a truncated tail', async () => {
    await anchoring.create();
    await asOwner(`UPDATE events SET data = '{"percent": 100}' WHERE stream_id = 'task-a' AND version = 1`);
    await rehash('task-a');
    await asOwner(`DELETE FROM events WHERE stream_id = 'task-b'; DELETE FROM streams WHERE id = 'task-b'`);
    await asOwner(
      `DELETE FROM events WHERE stream_id = 'task-c' AND version = 2; UPDATE streams SET version = 1, last_hash = (SELECT hash FROM events WHERE stream_id = 'task-c' AND version = 1) WHERE id = 'task-c'`,
    );

    expect((await t.store.verify()).ok).toBe(true); // the chains alone see nothing
    const result = await anchoring.verify(anchoring.list());
    expect(result.ok).toBe(false);
    expect(result.anchors[0].failures).toEqual([
      {
        streamId: 'task-a',
        version: 3,
        position: expect.any(Number),
        reason: 'version 3 no longer has the anchored hash: an event up to it was changed',
      },
      { streamId: 'task-b', version: 2, position: 0, reason: 'anchored at version 2, now missing: the stream was deleted' },
      { streamId: 'task-c', version: 2, position: expect.any(Number), reason: 'anchored at version 2, now ends at 1: truncated' },
    ]);
  });

  it('refuses a forged or altered anchor, and says what it cannot prove without anchors', async () => {
    const anchor = await anchoring.create();
    const altered: Anchor = { ...anchor, root: '0'.repeat(64) };
    const otherKey = generateAnchorKeyPair();
    const { format, createdAt, feed, streams, events, leaves } = anchor;
    const forged = signAnchor({ format, createdAt, feed, streams, events, leaves: leaves! }, privateKeyFromPem(otherKey.privateKeyPem));
    const result = await anchoring.verify([altered, forged]);
    expect(result.anchors.map((a) => a.failures[0].reason)).toEqual([
      'anchor refused: signature does not verify: the anchor was forged or altered',
      'anchor refused: signed with another key than the published one',
    ]);
    // the auditor's own copy of the public key decides, not the server's
    const byPublished = await anchoring.verify([forged], otherKey.publicKeyPem);
    expect(byPublished.anchors[0].ok).toBe(true);

    const none = await anchoring.verify([]);
    expect(none).toMatchObject({ ok: true, anchors: [] });
    expect(none.notCovered).toMatch(
      /^no anchors given: intact chains prove no change only against someone without the database owner rights/,
    );
  });

  it('checks an anchor pasted without its stream heads by its root', async () => {
    const anchor = await anchoring.create();
    const pasted = parseAnchorLines(JSON.stringify({ ...anchor, leaves: undefined }));
    expect((await anchoring.verify(pasted)).ok).toBe(true);
    await asOwner(`UPDATE events SET data = '{"percent": 99}' WHERE stream_id = 'task-b' AND version = 2`);
    await rehash('task-b');
    const result = await anchoring.verify(pasted);
    expect(result.anchors[0]).toMatchObject({
      ok: false,
      failures: [{ streamId: '*', reason: expect.stringMatching(/^the history up to the anchored position differs/) }],
    });
  });
});
