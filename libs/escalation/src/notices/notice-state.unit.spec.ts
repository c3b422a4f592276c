import { foldNotice, isTerminal } from './notice-state';

const at = (iso: string) => new Date(iso);
const issued = {
  type: 'NoticeIssued',
  data: {
    noticeId: 'n-1',
    kind: 'escalation',
    ruleId: 'r1',
    level: 2,
    digest: false,
    items: [],
    recipients: [],
    fireAt: '2026-01-21T01:00:00.000Z',
    catchUp: false,
  },
  occurredAt: at('2026-01-21T01:00:05Z'),
};

describe('foldNotice', () => {
  it('is pending with no attempt once issued', () => {
    expect(foldNotice([issued])).toMatchObject({ status: 'pending', attempts: 0, version: 1, issuedAt: '2026-01-21T01:00:05.000Z' });
  });

  it('is merged, a terminal status nobody delivers, when issued into another letter', () => {
    const merged = { ...issued, data: { ...issued.data, mergedInto: 'letter-1' } };
    const state = foldNotice([merged]);
    expect(state).toMatchObject({ status: 'merged', attempts: 0 });
    expect(isTerminal(state)).toBe(true);
  });

  it('counts failed attempts, then ends sent with the Message-ID and the time of delivery', () => {
    const state = foldNotice([
      issued,
      {
        type: 'NoticeDeliveryAttemptFailed',
        data: { noticeId: 'n-1', attempt: 1, error: 'ECONNREFUSED', retryAt: null },
        occurredAt: at('2026-01-21T01:00:06Z'),
      },
      {
        type: 'NoticeDelivered',
        data: { noticeId: 'n-1', messageId: '<n-1@x>', accepted: ['a@x'], rejected: [], attempt: 2, response: '250' },
        occurredAt: at('2026-01-21T01:00:16Z'),
      },
    ]);
    expect(state).toMatchObject({ status: 'sent', attempts: 2, messageId: '<n-1@x>', sentAt: '2026-01-21T01:00:16.000Z', version: 3 });
  });

  it('ends failed or cancelled with the reason', () => {
    expect(
      foldNotice([
        issued,
        {
          type: 'NoticeFailed',
          data: { noticeId: 'n-1', attempt: 1, error: '550 no such user', permanent: true },
          occurredAt: at('2026-01-21T01:00:06Z'),
        },
      ]),
    ).toMatchObject({
      status: 'failed',
      lastError: '550 no such user',
    });
    expect(
      foldNotice([
        issued,
        { type: 'NoticeCancelled', data: { noticeId: 'n-1', reason: 'task A-1 completed' }, occurredAt: at('2026-01-21T01:00:06Z') },
      ]),
    ).toMatchObject({
      status: 'cancelled',
      lastError: 'task A-1 completed',
    });
  });
});
