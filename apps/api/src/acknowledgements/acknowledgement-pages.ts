import { DateTime } from 'luxon';
import type { AckLetter, AckRefusal } from '@app/escalation';

/**
 * The small pages a recipient sees after following the "Xác nhận đã nhận" link of a letter:
 * Vietnamese first, one English line below. No script, no outside resource; every value escaped.
 */
export interface AckPageLetter extends AckLetter {
  timeZone: string;
}

/** The form has no action: it posts back to the page's own address, whatever prefix a proxy adds. */
export function letterPage(letter: AckPageLetter): string {
  return page(
    'Xác nhận đã nhận thư',
    `<p>${describe(letter)}</p>
<p>Đề nghị đồng chí bấm nút dưới đây để xác nhận đã nhận thư. Đường dẫn chỉ dùng được một lần, đến ${when(letter.expiresAt, letter.timeZone)}.</p>
<form method="post"><button type="submit" style="font-size:16px;padding:8px 20px">Xác nhận đã nhận</button></form>
<p lang="en" class="en">Acknowledge receipt of letter ${escape(letter.noticeId)} (${escape(letter.taskCodes.join(', '))}) to ${escape(letter.recipient)}: press the button above.</p>`,
  );
}

export function confirmedPage(letter: AckPageLetter): string {
  return page(
    'Đã xác nhận',
    `<p><strong>Đã ghi nhận việc đồng chí xác nhận đã nhận thư</strong> lúc ${when(letter.acknowledgedAt!, letter.timeZone)}.</p>
<p>${describe(letter)}</p>
<p>Xin cảm ơn. Đồng chí có thể đóng trang này.</p>
<p lang="en" class="en">Receipt acknowledged. Thank you; you may close this page.</p>`,
  );
}

const REFUSED: Record<AckRefusal, { title: string; vi: string; en: string }> = {
  invalid: {
    title: 'Đường dẫn không hợp lệ',
    vi: 'Đường dẫn xác nhận không hợp lệ: đường dẫn đã bị sửa đổi hoặc không do Hệ thống gửi. Đề nghị mở đúng đường dẫn trong thư, hoặc liên hệ đầu mối theo dõi nhiệm vụ.',
    en: 'This acknowledgement link is not valid: it was altered, or the system did not send it.',
  },
  unknown: {
    title: 'Không tìm thấy thư',
    vi: 'Không tìm thấy thư của đường dẫn xác nhận này.',
    en: 'No letter of this acknowledgement link was found.',
  },
  used: {
    title: 'Đường dẫn đã được sử dụng',
    vi: 'Việc nhận thư này đã được xác nhận trước đó; đường dẫn chỉ dùng được một lần. Không cần xác nhận lại.',
    en: 'Receipt of this letter was acknowledged already; the link works once.',
  },
  expired: {
    title: 'Đường dẫn đã hết hạn',
    vi: 'Đường dẫn xác nhận đã hết hạn. Đề nghị liên hệ đầu mối theo dõi nhiệm vụ nếu cần xác nhận việc nhận thư.',
    en: 'This acknowledgement link has expired.',
  },
};

export function refusedPage(reason: AckRefusal, letter: AckPageLetter | null): string {
  const r = REFUSED[reason];
  const detail =
    letter && reason === 'used' && letter.acknowledgedAt
      ? `<p>${describe(letter)} Đã xác nhận lúc ${when(letter.acknowledgedAt, letter.timeZone)}.</p>`
      : letter && reason === 'expired'
        ? `<p>${describe(letter)} Đường dẫn hết hạn lúc ${when(letter.expiresAt, letter.timeZone)}.</p>`
        : '';
  return page(r.title, `<p><strong>${escape(r.vi)}</strong></p>\n${detail}\n<p lang="en" class="en">${escape(r.en)}</p>`);
}

function describe(letter: AckPageLetter): string {
  const tasks = letter.taskCodes.length === 1 ? `nhiệm vụ ${letter.taskCodes[0]}` : `các nhiệm vụ ${letter.taskCodes.join(', ')}`;
  return escape(
    `Thư đôn đốc (mã thông báo ${letter.noticeId}) về ${tasks}, gửi ${letter.recipient} ngày ${day(letter.fireAt, letter.timeZone)}.`,
  );
}

const when = (iso: string, zone: string): string => escape(DateTime.fromISO(iso, { zone }).toFormat("HH:mm 'ngày' dd/MM/yyyy"));
const day = (iso: string, zone: string): string => DateTime.fromISO(iso, { zone }).toFormat('dd/MM/yyyy');

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escape(title)} - Hệ thống theo dõi nhiệm vụ</title>
<style>body{font-family:'Times New Roman',Times,serif;font-size:16px;line-height:1.5;color:#111;max-width:40em;margin:2em auto;padding:0 1em}.en{font-size:13px;color:#555}</style>
</head>
<body>
<h1 style="font-size:20px">${escape(title)}</h1>
${body}
</body>
</html>
`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
