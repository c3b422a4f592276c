import { aNoticeMail, aNoticeTask, endOfDayVn } from '@app/escalation/testing';
import { renderNoticeMail } from './render-notice-mail';
import type { NoticeMail } from './notice-mail.types';

const publicUrl = 'https://theodoi.example.gov.vn';
const render = (mail: NoticeMail, timeZone?: string) => renderNoticeMail(mail, { publicUrl, timeZone });
const firedOn = (isoWithOffset: string) => new Date(isoWithOffset);

describe('renderNoticeMail: one task', () => {
  it('uses the official "V/v" subject with the code and the deadline as dd/mm/yyyy', () => {
    const mail = render(aNoticeMail());
    expect(mail.subject).toBe('V/v đôn đốc thực hiện nhiệm vụ NQ71-012, hạn 31/01/2026, đã quá hạn 5 ngày');
  });

  it('is laid out as an official letter: addressee, source cited, request, closing', () => {
    const { text } = render(aNoticeMail());
    expect(text.startsWith('Kính gửi: Chánh Văn phòng Bộ Công an\n')).toBe(true);
    expect(text).toContain(
      'Thực hiện chỉ đạo của Thủ tướng Chính phủ tại Nghị quyết số 71/NQ-CP ngày 01/04/2025, Bộ Công an được giao chủ trì thực hiện nhiệm vụ sau:',
    );
    expect(text).toContain('- Mã nhiệm vụ: NQ71-012');
    expect(text).toContain('- Cơ quan chủ trì: Bộ Công an (BCA)');
    expect(text).toContain('- Cán bộ phụ trách: Nguyễn Thị Hồng Nhung (nhung.nth@bca.gov.vn)');
    expect(text).toContain('Trân trọng./.');
  });

  it('keeps Vietnamese text exactly as given, composed or decomposed', () => {
    const decomposed = 'Triển khai Đề án 06'.normalize('NFD');
    const { text, html } = render(aNoticeMail({ tasks: [aNoticeTask({ title: decomposed })] }));
    expect(text).toContain(`- Nội dung: ${decomposed}\n`);
    expect(html).toContain(decomposed);
  });

  it('puts the English version below a separator, after the Vietnamese closing', () => {
    const { text, html } = render(aNoticeMail());
    const vi = text.indexOf('Trân trọng./.');
    const separator = text.indexOf('ENGLISH VERSION');
    const en = text.indexOf('To: Chánh Văn phòng, Bộ Công an');
    expect(vi).toBeGreaterThan(0);
    expect(separator).toBeGreaterThan(vi);
    expect(en).toBeGreaterThan(separator);
    expect(text).toContain("Pursuant to the Prime Minister's direction in Resolution No. 71/NQ-CP of 01/04/2025");
    expect(html.indexOf('<div lang="en">')).toBeGreaterThan(html.indexOf('<div lang="vi">'));
  });

  it('renders one language only when the locale is set', () => {
    const vi = render(aNoticeMail({ locale: 'vi' }));
    expect(vi.text).not.toContain('ENGLISH VERSION');
    expect(vi.text).not.toContain('Deadline:');
    const en = render(aNoticeMail({ locale: 'en' }));
    expect(en.subject).toBe('Re: follow-up on task NQ71-012, due 31/01/2026, 5 days overdue');
    expect(en.text).not.toContain('Kính gửi');
    expect(en.html).toContain('<html lang="en">');
  });

  it('carries the acknowledgement link, "Xác nhận đã nhận" / "Acknowledge receipt", when given, before the closing', () => {
    const ackUrl = `${publicUrl}/api/v1/acknowledgements/eyJhIjoxfQ.c2ln-_x`;
    const { text, html } = render(aNoticeMail({ kind: 'escalation', level: 1, acknowledgeUrl: ackUrl }));
    expect(text).toContain(`Xác nhận đã nhận: ${ackUrl}`);
    expect(text).toContain(`Acknowledge receipt: ${ackUrl}`);
    expect(text.indexOf('Xác nhận đã nhận')).toBeLessThan(text.indexOf('Trân trọng./.'));
    expect(html).toContain(`<a href="${ackUrl}">Xác nhận đã nhận</a>`);
    expect(html).toContain(`<a href="${ackUrl}">Acknowledge receipt</a>`);
    const digest = render(
      aNoticeMail({ acknowledgeUrl: ackUrl, tasks: [aNoticeTask(), aNoticeTask({ taskId: 't-2', code: 'NQ71-013' })] }),
    );
    expect(digest.text).toContain(`Xác nhận đã nhận: ${ackUrl}`);
    expect(digest.html).toContain(`<a href="${ackUrl}">Acknowledge receipt</a>`);
  });

  it('has no acknowledgement link without one (reminders)', () => {
    const { text, html } = render(aNoticeMail());
    expect(text).not.toContain('Xác nhận đã nhận');
    expect(html).not.toContain('acknowledgements');
  });

  it('links to the task under PUBLIC_URL in both parts', () => {
    const { text, html } = render(aNoticeMail());
    const link = `${publicUrl}/tasks/0b7c6a1e-4f1d-4c7e-9d59-1f0a2b3c4d5e`;
    expect(text).toContain(`- Theo dõi chi tiết tại: ${link}`);
    expect(html).toContain(`<a href="${link}">`);
  });

  it('does not double the slash when PUBLIC_URL ends with one, and encodes the task id', () => {
    const { text } = renderNoticeMail(aNoticeMail({ tasks: [aNoticeTask({ taskId: 'a/b c' })] }), { publicUrl: `${publicUrl}/` });
    expect(text).toContain(`${publicUrl}/tasks/a%2Fb%20c`);
  });

  it('shows the original deadline and each extension with its decision letter', () => {
    const task = aNoticeTask({
      due: endOfDayVn('2026-03-31'),
      originalDue: endOfDayVn('2025-12-31'),
      extensions: [
        { from: endOfDayVn('2025-12-31'), to: endOfDayVn('2026-01-31'), decisionRef: '1234/VPCP-KSTT' },
        { from: endOfDayVn('2026-01-31'), to: endOfDayVn('2026-03-31'), decisionRef: null },
      ],
    });
    const { text, html } = render(aNoticeMail({ tasks: [task], firedAt: firedOn('2026-03-20T08:00:00+07:00') }));
    expect(text).toContain('- Thời hạn ban đầu: 31/12/2025; đã gia hạn 2 lần:\n');
    expect(text).toContain('  + Lần 1: từ 31/12/2025 đến 31/01/2026 (theo văn bản số 1234/VPCP-KSTT)\n');
    expect(text).toContain('  + Lần 2: từ 31/01/2026 đến 31/03/2026\n');
    expect(text).toContain('- Original deadline: 31/12/2025; extended 2 times:');
    expect(text).toContain('  + Extension 1: from 31/12/2025 to 31/01/2026 (letter No. 1234/VPCP-KSTT)');
    expect(html).toContain('<li>Lần 2: từ 31/01/2026 đến 31/03/2026</li>');
  });

  it('omits the original deadline when the task was never extended', () => {
    const task = aNoticeTask({ originalDue: endOfDayVn('2026-01-31'), extensions: [] });
    const { text } = render(aNoticeMail({ tasks: [task] }));
    expect(text).not.toContain('Thời hạn ban đầu');
    expect(text).not.toContain('Original deadline');
  });

  it('names no officer when nobody is assigned', () => {
    const { text } = render(aNoticeMail({ tasks: [aNoticeTask({ assignee: null })] }));
    expect(text).toContain('- Cán bộ phụ trách: chưa phân công');
    expect(text).toContain('- Responsible officer: not assigned');
  });

  it('addresses an officer by name when there is no title', () => {
    const { text } = render(aNoticeMail({ recipient: { email: 'a@b.vn', name: 'Trần Văn Bình', agencyName: 'Bộ Tài chính' } }));
    expect(text.startsWith('Kính gửi: Ông/Bà Trần Văn Bình (Bộ Tài chính)\n')).toBe(true);
  });
});

describe('renderNoticeMail: days left and days late', () => {
  const due31Jan = aNoticeTask({ due: endOfDayVn('2026-01-31'), originalDue: endOfDayVn('2026-01-31'), extensions: [] });
  const at = (iso: string) => render(aNoticeMail({ tasks: [due31Jan], firedAt: firedOn(iso) }));

  it('counts days left before the deadline and asks for a report before it', () => {
    const { text } = at('2026-01-28T08:00:00+07:00');
    expect(text).toContain('- Thời hạn hoàn thành: 31/01/2026 (còn 3 ngày)');
    expect(text).toContain('- Deadline: 31/01/2026 (3 days left)');
    expect(text).toContain(
      'Đề nghị đồng chí khẩn trương hoàn thành nhiệm vụ, cập nhật kết quả trên Hệ thống chậm nhất trong ngày 31/01/2026.',
    );
    expect(text).not.toContain('lý do chậm');
  });

  it('says "due today" on the last day', () => {
    const { text } = at('2026-01-31T16:00:00+07:00');
    expect(text).toContain('(đến hạn trong ngày hôm nay)');
    expect(text).toContain('(due today)');
  });

  it('counts days late after the deadline and asks for the reason in writing or a new deadline', () => {
    const { text, html } = at('2026-02-05T08:00:00+07:00');
    expect(text).toContain('- Thời hạn hoàn thành: 31/01/2026 (đã quá hạn 5 ngày)');
    expect(text).toContain('- Deadline: 31/01/2026 (5 days overdue)');
    expect(text).toContain('báo cáo bằng văn bản lý do chậm hoặc đề xuất điều chỉnh thời hạn');
    expect(text).toContain('Đến ngày 05/02/2026, nhiệm vụ đã quá thời hạn');
    expect(html).toContain('đã quá hạn 5 ngày');
  });

  it('uses the singular in English for one day', () => {
    expect(at('2026-02-01T08:00:00+07:00').text).toContain('(1 day overdue)');
    expect(at('2026-01-30T08:00:00+07:00').text).toContain('(1 day left)');
  });

  it('counts calendar days in Asia/Ho_Chi_Minh, not UTC', () => {
    // 01:00 on 1 Feb in Hanoi is still 31 Jan in UTC: already one day late locally.
    const { text } = at('2026-02-01T01:00:00+07:00');
    expect(text).toContain('(đã quá hạn 1 ngày)');
  });

  it('reads a deadline stored as 24:00 (next day 00:00) as the last day (Civil Code art. 148)', () => {
    const task = aNoticeTask({ due: new Date('2026-02-01T00:00:00+07:00'), originalDue: null, extensions: [] });
    const mail = render(aNoticeMail({ tasks: [task], firedAt: firedOn('2026-01-31T09:00:00+07:00') }));
    expect(mail.subject).toBe('V/v nhắc thực hiện nhiệm vụ NQ71-012, hạn 31/01/2026, đến hạn trong ngày hôm nay');
    expect(mail.text).toContain('(đến hạn trong ngày hôm nay)');
  });

  it("asks for the written report by the planner's date when one is given", () => {
    const mail = aNoticeMail({ tasks: [due31Jan], firedAt: firedOn('2026-02-05T08:00:00+07:00'), replyBy: endOfDayVn('2026-02-10') });
    const { text } = render(mail);
    expect(text).toContain('đề xuất điều chỉnh thời hạn chậm nhất trong ngày 10/02/2026.');
    expect(text).toContain('propose an adjusted deadline by 10/02/2026.');
  });

  it('renders a recurring task without a deadline', () => {
    const task = aNoticeTask({ due: null, originalDue: null, extensions: [] });
    const mail = render(aNoticeMail({ tasks: [task] }));
    expect(mail.subject).toBe('V/v nhắc thực hiện nhiệm vụ NQ71-012');
    expect(mail.text).toContain('- Thời hạn hoàn thành: không có thời hạn cụ thể (nhiệm vụ thường xuyên)');
  });

  it('depends on firedAt only, never on the wall clock', () => {
    const mail = aNoticeMail();
    const before = render(mail);
    jest.useFakeTimers({ now: new Date('2031-07-01T00:00:00Z') });
    try {
      expect(render(mail)).toEqual(before);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('renderNoticeMail: escalation', () => {
  it('asks the head by title to direct the units concerned', () => {
    const mail = aNoticeMail({
      kind: 'escalation',
      level: 2,
      recipient: { email: 'bt@bca.gov.vn', title: 'Bộ trưởng', agencyName: 'Bộ Công an' },
    });
    const { text } = render(mail);
    expect(text.startsWith('Kính gửi: Bộ trưởng Bộ Công an\n')).toBe(true);
    expect(text).toContain('Đề nghị Bộ trưởng quan tâm, chỉ đạo các đơn vị liên quan khẩn trương hoàn thành nhiệm vụ');
    expect(text).toContain('Your direction is kindly requested');
  });
});

describe('renderNoticeMail: the ask fits the reader, the subject names the kind and round', () => {
  const inTime = aNoticeTask({ due: endOfDayVn('2026-02-20'), originalDue: endOfDayVn('2026-02-20'), extensions: [] });
  const head = { email: 'bt@bca.gov.vn', title: 'Bộ trưởng', agencyName: 'Bộ Công an' };

  it('reminds an officer while there is time ("nhắc"), and asks to complete and record the result', () => {
    const mail = render(aNoticeMail({ tasks: [inTime], reader: 'officer', locale: 'vi' }));
    expect(mail.subject).toBe('V/v nhắc thực hiện nhiệm vụ NQ71-012, hạn 20/02/2026, còn 15 ngày');
    expect(mail.text).toContain(
      'Đề nghị đồng chí khẩn trương hoàn thành nhiệm vụ, cập nhật kết quả trên Hệ thống chậm nhất trong ngày 20/02/2026.',
    );
    expect(mail.text).not.toContain('quan tâm, chỉ đạo');
  });

  it('asks an officer of an overdue task to complete or explain, never to direct', () => {
    const { text } = render(aNoticeMail({ reader: 'officer', locale: 'vi' }));
    expect(text).toContain(
      'Đề nghị đồng chí khẩn trương hoàn thành nhiệm vụ và cập nhật kết quả trên Hệ thống; trường hợp chưa hoàn thành, báo cáo bằng văn bản lý do chậm hoặc đề xuất điều chỉnh thời hạn.',
    );
    expect(text).not.toContain('quan tâm, chỉ đạo');
  });

  it('asks a head to direct, numbering the second letter "(lần 2)" in the subject', () => {
    const mail = render(aNoticeMail({ kind: 'escalation', level: 2, recipient: head, reader: 'head', round: 2, locale: 'vi' }));
    expect(mail.subject).toBe('V/v đôn đốc thực hiện nhiệm vụ NQ71-012, hạn 31/01/2026, đã quá hạn 5 ngày (lần 2)');
    expect(mail.text).toContain('Đề nghị Bộ trưởng quan tâm, chỉ đạo các đơn vị liên quan khẩn trương hoàn thành nhiệm vụ;');
    const en = render(aNoticeMail({ kind: 'escalation', level: 2, recipient: head, reader: 'head', round: 3, locale: 'en' }));
    expect(en.subject).toBe('Re: follow-up on task NQ71-012, due 31/01/2026, 5 days overdue (follow-up no. 3)');
  });

  it('shows no round on the first letter', () => {
    expect(render(aNoticeMail({ round: 1, locale: 'vi' })).subject).not.toContain('lần');
  });

  it('tells a coordinator what is outstanding and with whom to follow it up, without asking them to direct', () => {
    const { text } = render(
      aNoticeMail({ kind: 'escalation', level: 1, recipient: { email: 'th@vpcp.gov.vn' }, reader: 'coordinator', locale: 'vi' }),
    );
    expect(text).toContain(
      'Đến ngày 05/02/2026, nhiệm vụ đã quá hạn 5 ngày và chưa được báo cáo hoàn thành. Xin thông báo để đồng chí nắm tình hình, theo dõi, đôn đốc Bộ Công an theo chức năng, nhiệm vụ được giao.',
    );
    expect(text).not.toContain('Đề nghị');
  });

  it('never addresses a letter to an email address', () => {
    const bare = { email: 'tonghop@vpcp.gov.vn' };
    expect(render(aNoticeMail({ recipient: bare, reader: 'coordinator', locale: 'vi' })).text).toMatch(
      /^Kính gửi: Bộ phận theo dõi, đôn đốc thực hiện nhiệm vụ$/m,
    );
    const office = render(aNoticeMail({ recipient: bare, locale: 'vi' })).text;
    expect(office).toMatch(/^Kính gửi: Quý cơ quan$/m);
    expect(office).not.toContain('Kính gửi: tonghop@');
  });

  it('links each task with readable text, not a bare address', () => {
    const { html } = render(aNoticeMail({ locale: 'vi' }));
    expect(html).toContain(`<a href="${publicUrl}/tasks/`);
    expect(html).toContain('mở nhiệm vụ NQ71-012 trên Hệ thống</a>');
    expect(html).not.toMatch(/>https?:\/\/[^<]*<\/a>/);
  });
});

describe('renderNoticeMail: digest', () => {
  const overdueBy = (code: string, dueDay: string) =>
    aNoticeTask({ taskId: `id-${code}`, code, due: endOfDayVn(dueDay), originalDue: endOfDayVn(dueDay), extensions: [] });
  const firedAt = firedOn('2026-02-05T08:00:00+07:00');

  it('counts the overdue tasks in the subject', () => {
    const tasks = [
      overdueBy('A-1', '2026-01-10'),
      overdueBy('A-2', '2026-01-20'),
      overdueBy('A-3', '2026-01-31'),
      overdueBy('A-4', '2026-02-01'),
      overdueBy('A-5', '2026-02-04'),
    ];
    expect(render(aNoticeMail({ tasks, firedAt })).subject).toBe('V/v đôn đốc thực hiện 5 nhiệm vụ quá hạn');
  });

  it('says how many of a mixed digest are overdue', () => {
    const tasks = [overdueBy('A-1', '2026-01-10'), overdueBy('B-1', '2026-02-20'), overdueBy('B-2', '2026-02-25')];
    expect(render(aNoticeMail({ tasks, firedAt })).subject).toBe('V/v đôn đốc thực hiện 3 nhiệm vụ (trong đó 1 nhiệm vụ quá hạn)');
    expect(render(aNoticeMail({ tasks: tasks.slice(1), firedAt })).subject).toBe('V/v nhắc thực hiện 2 nhiệm vụ sắp đến hạn');
  });

  it('lists the most late task first, then the soonest due', () => {
    const tasks = [
      overdueBy('DUE-LATER', '2026-03-01'),
      overdueBy('LATE-2', '2026-02-03'),
      overdueBy('DUE-SOON', '2026-02-10'),
      overdueBy('LATE-26', '2026-01-10'),
      overdueBy('LATE-5', '2026-01-31'),
    ];
    const { text, html } = render(aNoticeMail({ tasks, firedAt, locale: 'vi' }));
    const order = [...text.matchAll(/^\d+\. ([A-Z0-9-]+):/gm)].map((m) => m[1]);
    expect(order).toEqual(['LATE-26', 'LATE-5', 'LATE-2', 'DUE-SOON', 'DUE-LATER']);
    const htmlOrder = [...html.matchAll(/<a href="[^"]+"><strong>([A-Z0-9-]+)<\/strong><\/a>/g)].map((m) => m[1]);
    expect(htmlOrder).toEqual(order);
    expect(text).toContain('1. LATE-26: ');
    expect(text).toContain('(đã quá hạn 26 ngày)');
  });

  it('gives each task its details, link and source when the sources differ', () => {
    const tasks = [
      overdueBy('A-1', '2026-01-10'),
      aNoticeTask({ taskId: 'id-B', code: 'B-1', source: { kind: 'directive', ref: '05/CT-TTg', issuedOn: null } }),
    ];
    const { text } = render(aNoticeMail({ tasks, firedAt }));
    expect(text).toContain('tại các văn bản giao nhiệm vụ');
    expect(text).toContain('   - Nguồn giao: Chỉ thị số 05/CT-TTg\n');
    expect(text).toContain(`   - Theo dõi chi tiết tại: ${publicUrl}/tasks/id-A-1\n`);
    expect(text).toContain(`   - Theo dõi chi tiết tại: ${publicUrl}/tasks/id-B\n`);
  });

  it('lays the tasks out as a table: STT, nhiệm vụ, hạn, số ngày quá hạn, cán bộ phụ trách', () => {
    const tasks = [overdueBy('A-1', '2026-01-10'), overdueBy('B-1', '2026-02-20')];
    const { html } = render(aNoticeMail({ tasks, firedAt, locale: 'vi' }));
    const headers = [...html.matchAll(/<th scope="col"[^>]*>([^<]+)<\/th>/g)].map((m) => m[1]);
    expect(headers).toEqual(['STT', 'Nhiệm vụ', 'Hạn', 'Số ngày quá hạn', 'Cán bộ phụ trách']);
    const rows = [...html.matchAll(/<tr>\s*<td[^>]*>(\d+)<\/td>[\s\S]*?<\/tr>/g)].map((m) => m[0]);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('<strong style="color:#b00020">26</strong>');
    expect(rows[0]).toContain('>Nguyễn Thị Hồng Nhung</a>');
    expect(rows[1]).toContain('20/02/2026<br><span style="color:#444">còn 15 ngày</span>');
  });

  it('cites a shared source once in the opening', () => {
    const tasks = [overdueBy('A-1', '2026-01-10'), overdueBy('A-2', '2026-01-20')];
    const { text } = render(aNoticeMail({ tasks, firedAt }));
    expect(text).toContain(
      'Thực hiện chỉ đạo của Thủ tướng Chính phủ tại Nghị quyết số 71/NQ-CP ngày 01/04/2025, đến ngày 05/02/2026, 2 nhiệm vụ',
    );
    expect(text).not.toContain('Nguồn giao');
  });
});

describe('renderNoticeMail: untrusted text', () => {
  it('escapes HTML in user-supplied values of the HTML part', () => {
    const task = aNoticeTask({
      title: '<script>alert("x")</script> & <b>Đề án</b>',
      leadAgency: { code: 'X', name: '"><img src=x onerror=alert(1)>' },
    });
    const { html } = render(aNoticeMail({ tasks: [task] }));
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;Đề án&lt;/b&gt;');
  });

  it('keeps the text part free of markup and entities, showing such a title verbatim', () => {
    const title = '<script>alert(1)</script> & "quy chế"';
    const { text } = render(aNoticeMail({ tasks: [aNoticeTask({ title })] }));
    expect(text).toContain(`- Nội dung: ${title}\n`);
    expect(text).not.toMatch(/<(p|a|li|ul|ol|div|br|strong|span|html)\b/i);
    expect(text).not.toMatch(/&(amp|lt|gt|quot|#\d+|#x[0-9a-f]+);/i);
  });

  it('strips bidi overrides and marks from the subject, so a code cannot read backwards there', () => {
    const task = aNoticeTask({ code: 'NQ71-\u202e210\u202c', title: 'Báo cáo \u2067quý\u2069 \u200fI' });
    const { subject, text } = render(aNoticeMail({ tasks: [task] }));
    expect(subject).not.toMatch(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
    expect(subject).toContain('NQ71-210');
    expect(text).toContain('- Nội dung: Báo cáo quý I\n');
  });

  it('cannot break the subject line with CR/LF in the task code', () => {
    const task = aNoticeTask({ code: 'NQ71-012\r\nBcc: attacker@evil.example\r\n' });
    const { subject } = render(aNoticeMail({ tasks: [task] }));
    expect(subject).not.toMatch(/[\r\n]/);
    expect(subject).toBe('V/v đôn đốc thực hiện nhiệm vụ NQ71-012 Bcc: attacker@evil.example, hạn 31/01/2026, đã quá hạn 5 ngày');
  });

  it('cannot forge extra lines in the text body with CR/LF or Unicode separators in a title', () => {
    const task = aNoticeTask({ title: 'Báo cáo\r\n- Thời hạn hoàn thành: 31/12/2030\u2028giả mạo\u202e' });
    const { text } = render(aNoticeMail({ tasks: [task] }));
    expect(text).toContain('- Nội dung: Báo cáo - Thời hạn hoàn thành: 31/12/2030 giả mạo\n');
    expect(text.split('\n').filter((line) => line.startsWith('- Thời hạn hoàn thành:'))).toHaveLength(1);
    expect(text).not.toMatch(/[\r\u2028\u2029\u202a-\u202e]/);
  });
});

describe('renderNoticeMail: input errors', () => {
  it('refuses a notice without tasks', () => {
    expect(() => render(aNoticeMail({ tasks: [] }))).toThrow(/no task/);
  });

  it('refuses an invalid date instead of printing "Invalid DateTime"', () => {
    expect(() => render(aNoticeMail({ firedAt: new Date('nope') }))).toThrow(/firedAt/);
  });

  it('refuses an unknown time zone', () => {
    expect(() => render(aNoticeMail(), 'Mars/Olympus')).toThrow(/time zone/);
  });
});

describe('the issuing office', () => {
  const office = {
    name: 'VĂN PHÒNG CHÍNH PHỦ',
    signer: 'TL. BỘ TRƯỞNG, CHỦ NHIỆM',
    contact: 'Đ/c Trần Văn Bình, Vụ Tổng hợp, ĐT: 080.43162',
    replyTo: 'theodoi@chinhphu.vn',
  };

  it('signs the letter and names the monitored reply address instead of "do not reply"', () => {
    const { text, html } = renderNoticeMail(aNoticeMail(), { publicUrl: 'https://dle.example.gov.vn', office });
    for (const line of [
      office.name,
      office.signer,
      `Đầu mối liên hệ: ${office.contact}`,
      'ý kiến phản hồi xin gửi về theodoi@chinhphu.vn',
    ]) {
      expect(text).toContain(line);
      expect(html).toContain(line);
    }
    expect(text).not.toContain('đề nghị không trả lời');
  });

  it('without settings, says the letter is automatic and not to be answered', () => {
    const { text } = renderNoticeMail(aNoticeMail(), { publicUrl: 'https://dle.example.gov.vn' });
    expect(text).toContain('đề nghị không trả lời thư này');
    expect(text).not.toContain('Đầu mối liên hệ');
  });
});
