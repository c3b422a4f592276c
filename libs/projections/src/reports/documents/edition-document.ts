import { DateTime } from 'luxon';
import type { EditionTask, ReportEdition } from './edition.types';

/**
 * The official report of an edition, laid out as Decree 30/2020/NĐ-CP wants an administrative
 * report, as one document model both renderers (DOCX and PDF) draw: the national title and motto,
 * the issuing body with the number and symbol, place and date, "BÁO CÁO" and its summary line,
 * the body (the 2 × 2 counting of Decision 42/2014, figures by source document, the ranking, the
 * overdue tasks by lead agency, the tasks at risk, the open blockers), "Nơi nhận", the signature
 * block, and the edition's id and chain head so any reader can verify it later. The wording
 * follows the Government Office's own reports (shared/seeds).
 */
export interface DocumentOptions {
  /** the issuing body, upper-cased in the header ("VĂN PHÒNG CHÍNH PHỦ") */
  office: string;
  /** the body it reports to ("Thủ tướng Chính phủ") */
  reportsTo: string;
  /** the capacity line of the signature block ("KT. BỘ TRƯỞNG, CHỦ NHIỆM") */
  signer: string;
  place: string;
  timeZone: string;
}

export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string; italic?: boolean }
  | { kind: 'table'; columns: string[]; widths: number[]; rows: string[][]; numeric?: boolean[] };

export interface ReportDocument {
  office: string;
  number: string;
  nationalTitle: string;
  motto: string;
  placeDate: string;
  title: string;
  summary: string;
  blocks: Block[];
  closing: string;
  recipients: string[];
  signer: string;
  verification: string;
}

const n = (x: number) => x.toLocaleString('vi-VN');
const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toLocaleString('vi-VN', { maximumFractionDigits: 1 })}%`);

export function editionDocument(e: ReportEdition, o: DocumentOptions): ReportDocument {
  const asOf = DateTime.fromISO(e.asOf, { zone: o.timeZone });
  const published = DateTime.fromISO(e.publishedAt, { zone: o.timeZone });
  const day = dayInWords;
  const short = (iso: string | null) => (iso ? DateTime.fromISO(iso, { zone: o.timeZone }).toFormat('dd/MM/yyyy') : 'thường xuyên');
  const f = e.figures;
  const inProgressOnTime = f.onTrack + f.dueSoon;
  const scope = [e.source ? `theo ${e.source}` : '', e.agency ? `của ${agencyName(e, e.agency)}` : ''].filter(Boolean).join(' ');
  const blocks: Block[] = [];

  blocks.push({ kind: 'heading', text: 'I. TÌNH HÌNH CHUNG' });
  blocks.push({
    kind: 'paragraph',
    text:
      `Tính đến ${day(asOf)}, tổng số nhiệm vụ được giao${scope ? ` ${scope}` : ''} là ${n(f.total)} nhiệm vụ, trong đó: ` +
      `đã hoàn thành ${n(f.completed)} nhiệm vụ (đúng hạn ${n(f.completedOnTime)}, quá hạn ${n(f.completedLate)}); ` +
      `đang thực hiện ${n(f.inProgress)} nhiệm vụ (trong hạn ${n(inProgressOnTime)}, trong đó ${n(f.dueSoon)} nhiệm vụ sắp đến hạn; ` +
      `thường xuyên ${n(f.ongoing)}); ${f.overdue > 0 ? `vẫn còn ${n(f.overdue)} nhiệm vụ quá hạn chưa hoàn thành` : 'không có nhiệm vụ quá hạn'}` +
      `${f.cancelled ? `; ${n(f.cancelled)} nhiệm vụ đã hủy` : ''}.`,
  });
  blocks.push({
    kind: 'table',
    columns: ['', 'Trong hạn', 'Quá hạn', 'Cộng'],
    widths: [34, 22, 22, 22],
    numeric: [false, true, true, true],
    rows: [
      ['Đã hoàn thành', n(f.completedOnTime), n(f.completedLate), n(f.completed)],
      ['Đang thực hiện', n(inProgressOnTime), n(f.overdue), n(inProgressOnTime + f.overdue)],
      ['Cộng', n(f.completedOnTime + inProgressOnTime), n(f.completedLate + f.overdue), n(f.completed + inProgressOnTime + f.overdue)],
    ],
  });
  blocks.push({
    kind: 'paragraph',
    italic: true,
    text: 'Cách tính theo Quyết định số 42/2014/QĐ-TTg; nhiệm vụ thường xuyên và nhiệm vụ đã hủy không tính vào bảng trên.',
  });

  if (f.bySource.length > 0) {
    blocks.push({ kind: 'heading', text: 'II. THEO VĂN BẢN GIAO NHIỆM VỤ' });
    blocks.push({
      kind: 'table',
      columns: ['Văn bản', 'Tổng số', 'Đã hoàn thành', 'Quá hạn'],
      widths: [40, 20, 20, 20],
      numeric: [false, true, true, true],
      rows: f.bySource.map((s) => [String(s.source ?? '—'), n(Number(s.total)), n(Number(s.completed)), n(Number(s.overdue))]),
    });
  }

  blocks.push({ kind: 'heading', text: 'III. KẾT QUẢ THỰC HIỆN CỦA CÁC BỘ, CƠ QUAN, ĐỊA PHƯƠNG' });
  blocks.push({
    kind: 'table',
    columns: ['Hạng', 'Cơ quan', 'Tổng số', 'Đúng hạn', 'Quá hạn', 'Chưa hoàn thành quá hạn', 'Tỷ lệ đúng hạn'],
    widths: [8, 30, 11, 11, 11, 15, 14],
    numeric: [true, false, true, true, true, true, true],
    rows: e.ranking.map((r) => [
      String(r.rank),
      r.name,
      n(r.total),
      n(r.completedOnTime),
      n(r.completedLate),
      n(r.overdue),
      pct(r.onTimeRate),
    ]),
  });

  blocks.push({ kind: 'heading', text: `IV. NHIỆM VỤ QUÁ HẠN CHƯA HOÀN THÀNH (${n(e.overdue.length)} nhiệm vụ)` });
  if (e.overdue.length === 0) blocks.push({ kind: 'paragraph', text: 'Không có nhiệm vụ quá hạn.' });
  for (const [agency, tasks] of byAgency(e.overdue)) {
    blocks.push({ kind: 'paragraph', text: `${agency} (${n(tasks.length)} nhiệm vụ):` });
    blocks.push({
      kind: 'table',
      columns: ['Mã', 'Nhiệm vụ', 'Thời hạn', 'Số ngày quá hạn', 'Cán bộ theo dõi'],
      widths: [13, 42, 13, 12, 20],
      numeric: [false, false, false, true, false],
      rows: tasks.map((t) => [t.code, t.title, short(t.due), t.days === null ? '—' : n(t.days), t.officer?.name ?? '—']),
    });
  }

  blocks.push({ kind: 'heading', text: `V. NHIỆM VỤ CÓ NGUY CƠ CHẬM TIẾN ĐỘ (${n(e.atRisk.length)} nhiệm vụ)` });
  if (e.atRisk.length === 0) blocks.push({ kind: 'paragraph', text: 'Không có nhiệm vụ có nguy cơ chậm tiến độ.' });
  else
    blocks.push({
      kind: 'table',
      columns: ['Mã', 'Nhiệm vụ', 'Cơ quan chủ trì', 'Thời hạn', 'Còn (ngày)', 'Lý do'],
      widths: [11, 27, 17, 13, 7, 25],
      numeric: [false, false, false, false, true, false],
      rows: e.atRisk.map((t) => [
        t.code,
        t.title,
        t.agencyName,
        short(t.due),
        t.days === null ? '—' : n(t.days),
        t.reasons?.join('; ') ?? '—',
      ]),
    });

  blocks.push({ kind: 'heading', text: `VI. KHÓ KHĂN, VƯỚNG MẮC CHƯA ĐƯỢC GIẢI QUYẾT (${n(e.blockers.length)})` });
  if (e.blockers.length === 0) blocks.push({ kind: 'paragraph', text: 'Không có vướng mắc chưa được giải quyết.' });
  else
    blocks.push({
      kind: 'table',
      columns: ['Nhiệm vụ', 'Cơ quan chủ trì', 'Nội dung vướng mắc', 'Từ ngày'],
      widths: [15, 23, 47, 15],
      rows: e.blockers.map((b) => [b.taskCode, b.agencyName, b.description, short(b.raisedAt)]),
    });

  const officeShort = o.office.toUpperCase();
  return {
    office: officeShort,
    number: `Số: ${e.number ?? '      '}`,
    nationalTitle: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    motto: 'Độc lập - Tự do - Hạnh phúc',
    placeDate: `${o.place}, ${day(published)}`,
    title: 'BÁO CÁO',
    summary: e.title,
    blocks,
    closing: `${o.office} kính báo cáo ${o.reportsTo}./.`,
    recipients: [
      `- ${o.reportsTo} (để b/c);`,
      '- Các Phó Thủ tướng Chính phủ;',
      '- Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ;',
      '- UBND các tỉnh, thành phố trực thuộc trung ương;',
      '- Lưu: VT.',
    ],
    signer: o.signer,
    verification:
      `Ấn bản ${e.id}, số liệu tính đến ${asOf.toFormat('dd/MM/yyyy HH:mm')}, ghi nhận đến ${DateTime.fromISO(e.knownAt, { zone: o.timeZone }).toFormat('dd/MM/yyyy HH:mm')}. ` +
      `Đầu chuỗi băm (Merkle) ${e.chainHead.root} tại vị trí ${e.chainHead.position} (${n(e.chainHead.events)} sự kiện): đối chiếu bằng GET /api/v1/reports/editions/${e.id}.`,
  };
}

/**
 * "ngày 05 tháng 01 năm 2026": Decree 30/2020/NĐ-CP (Appendix I, the place and date) writes a day
 * below 10 and the months 1 and 2 with a leading zero, the months 3 to 12 without ("tháng 3").
 */
export function dayInWords(d: DateTime): string {
  return `ngày ${d.toFormat('dd')} tháng ${d.month <= 2 ? `0${d.month}` : d.month} năm ${d.year}`;
}

/** An edition of one agency names it as its ranking row (or its tasks) do, else by its code. */
function agencyName(e: ReportEdition, code: string): string {
  return (
    e.ranking.find((r) => r.agency === code)?.name ?? [...e.overdue, ...e.atRisk].find((t) => t.leadAgency === code)?.agencyName ?? code
  );
}

function byAgency(tasks: EditionTask[]): [string, EditionTask[]][] {
  const groups = new Map<string, EditionTask[]>();
  for (const t of tasks) groups.set(t.agencyName, [...(groups.get(t.agencyName) ?? []), t]);
  return [...groups.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0], 'vi'));
}
