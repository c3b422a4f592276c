import type { IssuingOffice } from './notice-mail.types';

/** The figures a scheduled report's letter quotes (an edition's summary). */
export interface ReportLetterEdition {
  id: string;
  title: string;
  number: string | null;
  asOf: string;
  chainHead: { root: string };
  figures: { total: number; completed: number; completedOnTime: number; completedLate: number; overdue: number; atRisk?: number };
}

export interface ReportLetterOptions {
  publicUrl: string;
  office?: IssuingOffice;
}

/**
 * The covering letter of a scheduled report: what is attached, the headline figures as the
 * seed reports word them, how to verify the edition, and the issuing office's signature. The
 * official report itself travels as the DOCX and PDF attachments.
 */
export function renderReportMail(e: ReportLetterEdition, opts: ReportLetterOptions): { subject: string; text: string; html: string } {
  const date = dmy(e.asOf);
  const time = e.asOf.slice(11, 16);
  const f = e.figures;
  const n = (x: number) => x.toLocaleString('vi-VN');
  const office = opts.office?.name || 'Văn phòng Chính phủ';
  const link = `${opts.publicUrl.replace(/\/$/, '')}/#/editions/${encodeURIComponent(e.id)}`;
  const subject = `V/v gửi ${e.title}${e.number ? ` (số ${e.number})` : ''}, số liệu tính đến ngày ${date}`;
  const lines = [
    'Kính gửi: Các cơ quan, đơn vị nhận báo cáo,',
    '',
    `${office} gửi kèm theo thư này ${e.title}${e.number ? `, số ${e.number}` : ''}, số liệu tính đến ${time} ngày ${date}, gồm bản Word (DOCX) và bản PDF.`,
    '',
    `Tính đến ngày ${date}, tổng số ${n(f.total)} nhiệm vụ; đã hoàn thành ${n(f.completed)} nhiệm vụ (đúng hạn ${n(f.completedOnTime)}, trễ hạn ${n(f.completedLate)}); vẫn còn ${n(f.overdue)} nhiệm vụ quá hạn${f.atRisk !== undefined ? `; ${n(f.atRisk)} nhiệm vụ có nguy cơ chậm tiến độ` : ''}.`,
    '',
    `Báo cáo là ấn bản ${e.id}, không thay đổi sau khi phát hành; mã kiểm chứng (chain head) ${e.chainHead.root} in ở cuối báo cáo.`,
    `Xem ấn bản trên hệ thống: ${link}`,
    '',
    ...(opts.office?.signer ? [opts.office.signer] : []),
    office.toUpperCase(),
    ...(opts.office?.contact ? ['', `Đầu mối liên hệ: ${opts.office.contact}`] : []),
    ...(opts.office?.replyTo ? [] : ['', 'Thư được gửi tự động từ hệ thống theo dõi nhiệm vụ; vui lòng không trả lời thư này.']),
  ];
  const text = lines.join('\n');
  const html = `<!doctype html><html lang="vi"><body style="font-family:'Times New Roman',serif;font-size:15px;line-height:1.5">${lines
    .map((l) => (l === '' ? '<br>' : `<p style="margin:0">${linkify(escapeHtml(l), link)}</p>`))
    .join('')}</body></html>`;
  return { subject, text, html };
}

function linkify(line: string, link: string): string {
  const escaped = escapeHtml(link);
  return line.includes(escaped) ? line.replace(escaped, `<a href="${escaped}">Mở ấn bản báo cáo</a>`) : line;
}

function dmy(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}
