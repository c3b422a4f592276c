import { digestId, noticeId } from '@app/domain';
import { DueItem, draftNotices } from './draft-notices';

const TASK_A = '11111111-1111-4111-8111-111111111111';
const TASK_B = '22222222-2222-4222-8222-222222222222';
const head = { email: 'Head@BTC.example.org', name: 'Thủ trưởng', title: 'Bộ trưởng', agency: 'BTC', as: 'agency_head' };
const officer = { email: 'an@btc.example.org', name: 'Nguyễn Văn An', title: null, agency: 'BTC', as: 'assignee' };

function item(overrides: Partial<DueItem> = {}): DueItem {
  const base = { taskId: TASK_A, taskCode: 'A-1', ruleId: 'r1', occurrence: 0, deadlineVersion: 0 };
  const merged = { ...base, ...overrides };
  return {
    noticeKey: noticeId(merged),
    due: '2026-01-20T23:59:59.999+07:00',
    fireAt: new Date('2026-01-21T01:00:00Z'),
    level: 2,
    digest: false,
    catchUp: false,
    recipients: [officer, head],
    ...merged,
  };
}

describe('draftNotices', () => {
  it('makes one notice per non-digest item, keyed by the planner key, to all its recipients once', () => {
    const a = item({ recipients: [officer, head, { ...officer, email: 'AN@btc.example.org', as: 'email' }] });
    const [draft] = draftNotices([a]);
    expect(draft).toMatchObject({ noticeId: a.noticeKey, digest: false, kind: 'escalation', fireAt: '2026-01-21T01:00:00.000Z' });
    expect(draft.recipients.map((r) => r.email)).toEqual(['an@btc.example.org', 'Head@BTC.example.org']);
    expect(draft.items).toEqual([{ taskId: TASK_A, taskCode: 'A-1', ruleId: 'r1', occurrence: 0, deadlineVersion: 0, due: a.due }]);
  });

  it('calls a level-0 notice before the deadline a reminder', () => {
    const [draft] = draftNotices([item({ level: 0, fireAt: new Date('2026-01-15T01:00:00Z') })]);
    expect(draft.kind).toBe('reminder');
  });

  it('groups digest items per recipient address whatever their rule, named after the most severe one', () => {
    const a = item({ digest: true, recipients: [head] });
    const b = item({
      digest: true,
      taskId: TASK_B,
      taskCode: 'B-1',
      due: '2026-01-10T23:59:59.999+07:00',
      fireAt: new Date('2026-01-21T02:00:00Z'),
      recipients: [{ ...head, email: 'head@btc.example.org' }],
    });
    const other = item({ digest: true, taskId: TASK_B, taskCode: 'B-1', ruleId: 'r2', level: 1, recipients: [head] });
    const drafts = draftNotices([a, b, other]);
    const letters = drafts.filter((d) => !d.mergedInto);
    expect(letters).toHaveLength(1);
    const [digest] = letters;
    expect(digest.noticeId).toBe(digestId('head@btc.example.org', 'r1', new Date('2026-01-21T02:00:00Z')));
    expect(digest.items.map((i) => i.taskCode)).toEqual(['B-1', 'A-1']);
    expect(digest.recipients).toHaveLength(1);
    expect(digest).toMatchObject({ digest: true, fireAt: '2026-01-21T02:00:00.000Z', merged: [other.noticeKey] });
    // the level-1 rule on task B fell due with the level-2 one: recorded as merged into the digest
    expect(drafts[0]).toMatchObject({ noticeId: other.noticeKey, mergedInto: digest.noticeId, ruleId: 'r2' });
  });

  it('merges a task created already overdue into one letter per recipient at the most severe level', () => {
    const today = item({ ruleId: 'due-today', level: 1, recipients: [officer] });
    const late = item({ ruleId: 'overdue-1wd', level: 2, recipients: [officer, head] });
    const week = item({ ruleId: 'overdue-7d', level: 3, digest: true, recipients: [head] });
    const drafts = draftNotices([today, late, week]);
    const letters = drafts.filter((d) => !d.mergedInto);
    expect(letters.map((d) => [d.ruleId, d.recipients.map((r) => r.email)])).toEqual([
      ['overdue-1wd', ['an@btc.example.org']],
      ['overdue-7d', ['Head@BTC.example.org']],
    ]);
    expect(drafts.filter((d) => d.mergedInto).map((d) => [d.ruleId, d.mergedInto])).toEqual([['due-today', late.noticeKey]]);
    // overdue-1wd still goes to the officer, and is recorded as merged for the head
    expect(letters[1].merged).toEqual([late.noticeKey]);
  });

  it('gives the same ids for the same items in any order (a repeated pass issues nothing new)', () => {
    const items = [item({ digest: true }), item({ digest: true, taskId: TASK_B, taskCode: 'B-1' }), item({ occurrence: 3 })];
    const ids = (list: DueItem[]) =>
      draftNotices(list)
        .map((d) => d.noticeId)
        .sort();
    expect(ids([...items].reverse())).toEqual(ids(items));
  });

  it('sends a digest item one notice per recipient, each listing it', () => {
    const drafts = draftNotices([item({ digest: true })]);
    expect(drafts.map((d) => d.recipients[0].email).sort()).toEqual(['Head@BTC.example.org', 'an@btc.example.org']);
    expect(drafts.every((d) => d.items.length === 1)).toBe(true);
  });

  it('keeps a digest item nobody receives as a notice of its own, so its failure is recorded', () => {
    const lonely = item({ digest: true, recipients: [] });
    expect(draftNotices([lonely])).toEqual([expect.objectContaining({ noticeId: lonely.noticeKey, recipients: [] })]);
  });
});
