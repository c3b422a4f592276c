import { ReadModelWaiter } from '@app/platform';
import { ScannerService } from '@app/runtime';
import { TestApp, agencyBody, taskBody } from '../../support/test-app';

export const API = '/api/v1';
/** "Now" of the console tests: a Tuesday in the first quarter of 2026, office hours, +07:00. */
export const NOW = '2026-03-10T09:00:00+07:00';
/** The BKHCN officer: her mailbox is the one the tests' SMTP server refuses. */
export const FAILING_RECIPIENT = 'binh.tran@bkhcn.example.org';

const AGENCIES: [string, string, string][] = [
  ['BCA', 'Bộ Công an', 'ministry'],
  ['BKHCN', 'Bộ Khoa học và Công nghệ', 'ministry'],
  ['BTC', 'Bộ Tài chính', 'ministry'],
  ['HN', 'Ủy ban nhân dân thành phố Hà Nội', 'province'],
];

const NQ71 = { kind: 'resolution', ref: '71/NQ-CP', issuedOn: '2025-04-01' };
const KH02 = { kind: 'plan', ref: '02-KH/BCĐTW', issuedOn: '2025-06-10' };
const TB = { kind: 'conclusion', ref: 'TB-2025-12-22', issuedOn: '2025-12-22' };

/**
 * A small first-quarter-2026 history for the console: every status of the 2 × 2 counting, an
 * extension and a pending extension request, progress, blockers, a task with "6 rõ" gaps, a
 * cancelled and a recurring task, and the notices the shipped rules send on the morning of NOW
 * (`beforeScan` lets the caller make its SMTP server refuse FAILING_RECIPIENT, so some fail).
 * The clock follows the story, so record times differ from one another and "as known on" has
 * something to show.
 */
export async function seedConsoleData(t: TestApp, opts: { beforeScan?: () => void } = {}): Promise<{ last: number }> {
  let last = 0;
  const at = (iso: string) => t.clock.set(iso);
  const ok = async (res: { status: number; body: any }, what: string) => {
    if (res.status >= 300) throw new Error(`${what} → ${res.status} ${JSON.stringify(res.body)}`);
    if (typeof res.body?.position === 'number') last = Math.max(last, res.body.position);
    return res.body;
  };
  const post = (who: Parameters<TestApp['as']>[0], url: string, body: unknown) =>
    t
      .as(who)
      .post(`${API}${url}`, body)
      .then((r) => ok(r, `POST ${url}`));
  const assign = (code: string, overrides: Record<string, unknown>) =>
    post('coordinator', '/tasks', taskBody({ code, coordinatingAgencies: [], ...overrides }));

  at('2025-12-29T08:30:00+07:00');
  for (const [code, name, kind] of AGENCIES) await post('coordinator', '/agencies', { ...agencyBody(code, name), kind });
  await t
    .as('admin')
    .put(`${API}/settings/coordinators`, { emails: ['vpcp@vpcp.example.org'] })
    .then((r) => ok(r, 'PUT coordinators'));

  at('2026-01-02T10:00:00+07:00');
  await assign('NQ71-001', {
    title: 'Ban hành quy chế khai thác cơ sở dữ liệu dân cư',
    leadAgency: 'BCA',
    coordinatingAgencies: ['BKHCN'],
    deadline: '2026-01-30',
    source: NQ71,
  });
  await assign('NQ71-002', { title: 'Kết nối dữ liệu căn cước với các bộ, ngành', leadAgency: 'BCA', deadline: '02/2026', source: NQ71 });
  await assign('NQ71-003', {
    title: 'Hoàn thành xác thực điện tử cho dịch vụ công',
    leadAgency: 'BCA',
    deadline: '2026-03-06',
    source: NQ71,
    priority: 'critical',
  });
  await assign('NQ71-004', {
    title: 'Xây dựng Cơ sở dữ liệu quốc gia về khoa học, công nghệ và đổi mới sáng tạo',
    leadAgency: 'BCA',
    coordinatingAgencies: ['BKHCN'],
    deadline: 'Q1/2026',
    source: NQ71,
  });
  await assign('NQ71-005', {
    title: 'Trình Chính phủ nghị định về sàn giao dịch công nghệ',
    leadAgency: 'BKHCN',
    deadline: '2026-03-13',
    source: NQ71,
    assignee: { name: 'Trần Thị Bình', email: 'binh.tran@bkhcn.example.org' },
  });
  await assign('NQ71-006', {
    title: 'Báo cáo đánh giá cơ chế tài chính cho đổi mới sáng tạo',
    leadAgency: 'BTC',
    deadline: '2026-02-20',
    source: NQ71,
    assignee: { name: 'Lê Văn Cường', email: 'cuong.le@btc.example.org' },
  });
  await assign('KH02-001', {
    title: 'Triển khai nền tảng số dùng chung của Kế hoạch 02',
    leadAgency: 'BKHCN',
    deadline: '2026-02-27',
    source: KH02,
    assignee: { name: 'Trần Thị Bình', email: 'binh.tran@bkhcn.example.org' },
  });
  await assign('KH02-002', {
    title: 'Theo dõi, tổng hợp chi thường xuyên cho chuyển đổi số',
    leadAgency: 'BTC',
    deadline: 'ongoing',
    source: KH02,
    assignee: { name: 'Lê Văn Cường', email: 'cuong.le@btc.example.org' },
  });
  await assign('TB-001', {
    title: 'Rà soát danh mục dữ liệu mở của thành phố',
    leadAgency: 'HN',
    deadline: '2026-04-30',
    source: TB,
    assignee: { name: 'Phạm Thu Hà', email: 'ha.pham@hanoi.example.org' },
  });
  // "6 rõ" gaps: no deliverable, no approver, no assignee.
  await assign('TB-002', {
    title: 'Nghiên cứu mô hình trung tâm dữ liệu vùng',
    leadAgency: 'HN',
    deadline: '2026-06-30',
    source: TB,
    deliverable: undefined,
    approver: undefined,
    assignee: undefined,
    description: undefined,
  });

  at('2026-01-20T15:00:00+07:00');
  await post('bca', '/tasks/NQ71-001/completion', { deliverableRef: 'Quyết định số 15/QĐ-BCA', note: 'Đã ban hành' });
  await post('bca', '/tasks/NQ71-004/progress', { percent: 20, note: 'Đã hoàn thành khảo sát hiện trạng' });

  at('2026-02-09T09:30:00+07:00');
  await post('coordinator', '/tasks/KH02-001/extensions', {
    newDeadline: '03/2026',
    reason: 'Phó Thủ tướng đồng ý gia hạn do chờ hạ tầng',
    decisionRef: '812/VPCP-KSTT',
  });
  await post('bca', '/tasks/NQ71-003/blockers', { description: 'Chưa có hướng dẫn kỹ thuật về chữ ký số từ xa' });
  await post('coordinator', '/tasks/TB-001/cancellation', { reason: 'Đã lồng ghép vào nhiệm vụ khác của thành phố' });

  at('2026-03-03T16:00:00+07:00');
  await post('bca', '/tasks/NQ71-002/completion', { deliverableRef: 'Báo cáo số 88/BC-BCA' });
  await post('bca', '/tasks/NQ71-004/progress', { percent: 60, note: 'Đã có bản dự thảo cơ sở dữ liệu' });
  await post('bca', '/tasks/NQ71-004/extension-requests', { proposedDeadline: '2026-06-30', reason: 'Chờ ý kiến thẩm định của các bộ' });
  await post('bkhcn', '/tasks/NQ71-005/blockers', { description: 'Chờ ý kiến thẩm định của Bộ Tư pháp' });

  // A progress report on the 6th, recorded only on the 9th (business time ≠ record time).
  at('2026-03-09T11:00:00+07:00');
  await post('coordinator', '/tasks/NQ71-003/progress', {
    percent: 80,
    note: 'Báo cáo muộn: đã thử nghiệm tại 3 tỉnh',
    occurredAt: '2026-03-06T10:00:00+07:00',
  });

  at(NOW);
  await settle(t, last);
  opts.beforeScan?.();
  await t.app.get(ScannerService).scanOnce(t.clock.now());
  return { last };
}

export async function settle(t: TestApp, position?: number): Promise<void> {
  const [{ max }] = await t.sql<{ max: number }>('SELECT coalesce(max(position), 0)::int AS max FROM events');
  const target = Math.max(max, position ?? 0);
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      return await t.app.get(ReadModelWaiter).waitFor(target);
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
  }
}

/** Waits until every notice issued so far has been delivered or has failed (delivery goes through BullMQ). */
export async function settleNotices(t: TestApp, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await settle(t);
    const res = await t.as('auditor').get(`${API}/notifications?limit=500`);
    const pending = (res.body.items as { status: string }[]).filter((n) => n.status === 'pending').length;
    if (res.status === 200 && pending === 0) return;
    if (Date.now() > deadline) throw new Error(`${pending} notices still pending after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
