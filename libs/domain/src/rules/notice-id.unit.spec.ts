import { digestId, noticeId } from './notice-id';

const key = { taskId: '7f9c2ba4-e88f-5b2a-9b8c-123456789abc', ruleId: 'default-assignee-7wd', deadlineVersion: 0, occurrence: 0 };

describe('noticeId', () => {
  it('is deterministic', () => {
    expect(noticeId(key)).toBe(noticeId({ ...key }));
  });

  it('is colon-free and short, safe as a BullMQ job id, whatever the inputs hold', () => {
    const id = noticeId({ ...key, taskId: 'a:b', ruleId: 'x:y', deadlineVersion: '2026-03-31T23:59:59.999+07:00' });
    expect(id).toMatch(/^n-[0-9a-f]{32}$/);
    expect(id).not.toContain(':');
  });

  it('changes with task, rule, deadline version and occurrence', () => {
    const ids = new Set([
      noticeId(key),
      noticeId({ ...key, taskId: 'other' }),
      noticeId({ ...key, ruleId: 'default-assignee-3wd' }),
      noticeId({ ...key, deadlineVersion: 1 }),
      noticeId({ ...key, occurrence: 1 }),
    ]);
    expect(ids.size).toBe(5);
  });

  it('cannot be collided by moving a separator between fields', () => {
    expect(noticeId({ ...key, taskId: 'a-b', ruleId: 'c' })).not.toBe(noticeId({ ...key, taskId: 'a', ruleId: 'b-c' }));
  });
});

describe('digestId', () => {
  const fireAt = new Date('2026-03-30T01:00:00.000Z');

  it('is deterministic, colon-free and ignores the case of the address', () => {
    const id = digestId('head@bca.gov.vn', 'default-overdue-7d', fireAt);
    expect(id).toMatch(/^d-[0-9a-f]{32}$/);
    expect(digestId(' Head@BCA.gov.vn ', 'default-overdue-7d', new Date(fireAt.getTime()))).toBe(id);
  });

  it('differs per recipient, rule and fire time', () => {
    const ids = new Set([
      digestId('head@bca.gov.vn', 'r', fireAt),
      digestId('head@hni.gov.vn', 'r', fireAt),
      digestId('head@bca.gov.vn', 'r2', fireAt),
      digestId('head@bca.gov.vn', 'r', new Date(fireAt.getTime() + 1000)),
    ]);
    expect(ids.size).toBe(4);
  });
});
