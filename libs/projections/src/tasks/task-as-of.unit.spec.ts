import { TASK_ID, assigned } from '@app/domain/testing/task-fixtures';
import type { StoredEvent } from '@app/event-store';
import { foldTaskAsOf, isTaskEvent } from './task-as-of';

const stored = (version: number, event: { type: string; data: object }, occurredAt: string, recordedAt: string): StoredEvent => ({
  id: `e${version}`,
  streamId: `task-${TASK_ID}`,
  version,
  position: version,
  transactionId: String(version),
  type: event.type,
  schemaVersion: 1,
  data: { ...event.data },
  metadata: {},
  occurredAt: new Date(occurredAt),
  recordedAt: new Date(recordedAt),
  hash: 'h',
  prevHash: null,
});

describe('foldTaskAsOf', () => {
  const history = [
    stored(1, assigned(), '2026-01-05T02:00:00Z', '2026-01-05T02:00:01Z'),
    // backdated: occurred on the 10th, recorded only on the 20th
    stored(
      2,
      { type: 'TaskCancelled', data: { taskId: TASK_ID, reason: 'Nhiệm vụ không còn phù hợp' } },
      '2026-01-10T02:00:00Z',
      '2026-01-20T02:00:00Z',
    ),
  ];

  it('folds what occurred by asOf and was recorded by knownAt', () => {
    expect(foldTaskAsOf(history)).toMatchObject({
      exists: true,
      cancelled: { reason: 'Nhiệm vụ không còn phù hợp', at: '2026-01-10T02:00:00.000Z' },
      version: 2,
    });
    expect(foldTaskAsOf(history, { asOf: new Date('2026-01-09T00:00:00Z') })).toMatchObject({ exists: true, cancelled: null, version: 1 });
    expect(foldTaskAsOf(history, { asOf: new Date('2026-01-15T00:00:00Z'), knownAt: new Date('2026-01-15T00:00:00Z') })).toMatchObject({
      cancelled: null,
      version: 1,
    });
    expect(foldTaskAsOf(history, { asOf: new Date('2026-01-04T00:00:00Z') }).exists).toBe(false);
  });

  it('narrows by the type guard: an event of another aggregate is not folded', () => {
    const foreign = stored(2, { type: 'AgencyRegistered', data: { code: 'BCA' } }, '2026-01-06T02:00:00Z', '2026-01-06T02:00:00Z');
    expect(isTaskEvent(foreign)).toBe(false);
    expect(isTaskEvent(history[1])).toBe(true);
    expect(foldTaskAsOf([history[0], foreign])).toMatchObject({ exists: true, version: 1 });
  });
});
