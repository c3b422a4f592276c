import type { NoticeMail, NoticeTask } from '../mail/notice-mail.types';

/**
 * Builders for notice emails in tests: a realistic Vietnamese task (Resolution 71/NQ-CP, lead
 * agency BCA, one extension) that each test bends to what it checks.
 */

/** End of a day in Asia/Ho_Chi_Minh, the way deadlines are stored: `endOfDayVn('2026-01-31')`. */
export function endOfDayVn(day: string): Date {
  return new Date(`${day}T23:59:59.999+07:00`);
}

export function aNoticeTask(overrides: Partial<NoticeTask> = {}): NoticeTask {
  return {
    taskId: '0b7c6a1e-4f1d-4c7e-9d59-1f0a2b3c4d5e',
    code: 'NQ71-012',
    title: 'Hoàn thiện cơ sở dữ liệu quốc gia về dân cư, kết nối với các bộ, ngành, địa phương',
    leadAgency: { code: 'BCA', name: 'Bộ Công an' },
    source: { kind: 'resolution', ref: '71/NQ-CP', issuedOn: '2025-04-01' },
    due: endOfDayVn('2026-01-31'),
    originalDue: endOfDayVn('2025-12-31'),
    extensions: [{ from: endOfDayVn('2025-12-31'), to: endOfDayVn('2026-01-31'), decisionRef: '1234/VPCP-KSTT' }],
    assignee: { name: 'Nguyễn Thị Hồng Nhung', email: 'nhung.nth@bca.gov.vn' },
    status: 'overdue',
    ...overrides,
  };
}

export function aNoticeMail(overrides: Partial<NoticeMail> = {}): NoticeMail {
  return {
    noticeId: 'task-0b7c6a1e.rule-r1.v2.0',
    kind: 'reminder',
    level: 0,
    recipient: { email: 'vanphong@bca.gov.vn', title: 'Chánh Văn phòng', agencyName: 'Bộ Công an' },
    firedAt: new Date('2026-02-05T08:00:00+07:00'),
    tasks: [aNoticeTask()],
    ...overrides,
  };
}
