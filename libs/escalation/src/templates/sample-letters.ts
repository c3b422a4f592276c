import type { NoticeMail, NoticeReader, NoticeTask } from '../mail/notice-mail.types';

const FIRED = new Date('2026-02-05T08:00:00+07:00');
const endOf = (day: string) => new Date(`${day}T23:59:59.999+07:00`);

function sampleTask(code: string, due: string | null, extended: boolean): NoticeTask {
  return {
    taskId: `00000000-0000-4000-8000-00000000000${code.length}`,
    code,
    title: 'Xây dựng Cơ sở dữ liệu quốc gia về khoa học, công nghệ và đổi mới sáng tạo',
    leadAgency: { code: 'BCA', name: 'Bộ Công an' },
    source: { kind: 'resolution', ref: '71/NQ-CP', issuedOn: '2025-04-01' },
    due: due ? endOf(due) : null,
    originalDue: due ? endOf(extended ? '2026-01-15' : due) : null,
    extensions: extended && due ? [{ from: endOf('2026-01-15'), to: endOf(due), decisionRef: '123/VPCP-TH' }] : [],
    assignee: { name: 'Nguyễn Văn An', email: 'an.nguyen@bca.gov.vn' },
    status: 'overdue',
  };
}

/**
 * Letters every template must render (strict mode): one task and a digest, in both languages,
 * for each reader, with and without an acknowledgement link, an overdue, a coming and a
 * recurring task, one extended. A template that fails on any of them is refused when saved.
 */
export function sampleLetters(): NoticeMail[] {
  const tasks = [sampleTask('NQ71-001', '2026-01-31', true), sampleTask('NQ71-02', '2026-02-20', false), sampleTask('NQ71-3', null, false)];
  const readers: NoticeReader[] = ['officer', 'head', 'coordinator'];
  return readers.flatMap((reader, i) =>
    [[tasks[0]], [tasks[1]], [tasks[2]], tasks].map((list): NoticeMail => ({
      noticeId: 'mau-thu',
      kind: reader === 'officer' ? 'reminder' : 'escalation',
      level: reader === 'officer' ? 0 : 1,
      reader,
      round: i + 1,
      recipient: { email: 'bt@bca.gov.vn', title: reader === 'head' ? 'Bộ trưởng' : undefined, name: 'Tô Lâm', agencyName: 'Bộ Công an' },
      firedAt: FIRED,
      tasks: list,
      replyBy: endOf('2026-02-10'),
      acknowledgeUrl: reader === 'officer' ? null : 'https://theodoi.example.gov.vn/api/v1/acknowledgements/mau',
    })),
  );
}
