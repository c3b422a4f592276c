import ExcelJS from 'exceljs';
import { parse as parseCsvText } from 'csv-parse/sync';
import { normalizeHeader } from './columns';
import { rowTexts } from './parse-xlsx';

/**
 * A spreadsheet of people (the directory an admin already keeps for an agency) into invitation
 * bodies of `POST /users`: one row per person, headers in Vietnamese or English, matched like the
 * task import's (case, diacritics and punctuation ignored). Roles may be written in Vietnamese
 * ("Cán bộ, Điều phối"); "Đầu mối" is yes/no (có/không, x).
 */
export const PEOPLE_COLUMNS = {
  name: ['Họ và tên', 'Họ tên', 'Tên', 'Full name'],
  title: ['Chức vụ', 'Chức danh'],
  email: ['Thư điện tử', 'Email', 'E-mail', 'Địa chỉ thư điện tử'],
  phone: ['Điện thoại', 'Số điện thoại', 'Phone number'],
  agency: ['Cơ quan', 'Đơn vị', 'Mã cơ quan', 'Mã đơn vị'],
  roles: ['Vai trò', 'Quyền'],
  focalPoint: ['Đầu mối', 'Đầu mối nhận thông báo', 'Focal point'],
  language: ['Ngôn ngữ'],
} as const;
export type PersonField = keyof typeof PEOPLE_COLUMNS;

const LOOKUP = new Map<string, PersonField>(
  (Object.keys(PEOPLE_COLUMNS) as PersonField[]).flatMap((f) => [f, ...PEOPLE_COLUMNS[f]].map((h) => [normalizeHeader(h), f] as const)),
);

const ROLE_WORDS = new Map<string, string>([
  ['admin', 'admin'],
  ['quantri', 'admin'],
  ['quantrihethong', 'admin'],
  ['coordinator', 'coordinator'],
  ['dieuphoi', 'coordinator'],
  ['agency', 'agency'],
  ['canbo', 'agency'],
  ['canbodonvi', 'agency'],
  ['canbocoquan', 'agency'],
  ['auditor', 'auditor'],
  ['kiemtra', 'auditor'],
  ['kiemtoan', 'auditor'],
  ['thanhtra', 'auditor'],
]);
const YES = new Set(['x', 'co', 'yes', 'true', '1', 'dung']);
const NO = new Set(['', 'khong', 'no', 'false', '0']);
const LANGUAGE_WORDS = new Map<string, string>([
  ['vi', 'vi'],
  ['tiengviet', 'vi'],
  ['vietnamese', 'vi'],
  ['en', 'en'],
  ['tienganh', 'en'],
  ['english', 'en'],
]);

export interface PeopleRow {
  /** the row's line in the file (its row number in the sheet) */
  line: number;
  /** the invitation body as POST /users takes it; a value no reading fits is passed as written, for the parser to name */
  body: Record<string, unknown>;
  /** field → the header it came from, to name the column of an error */
  columns: Partial<Record<PersonField, string>>;
}

export interface PeopleFile {
  rows: PeopleRow[];
  /** problems with the file as a whole (not a workbook, no header row): nothing is imported */
  issues: { line: number; field: string; message: string }[];
}

export async function parsePeopleFile(content: Buffer, fileName: string): Promise<PeopleFile> {
  const isXlsx = /\.xlsx$/i.test(fileName) || content.subarray(0, 2).toString('latin1') === 'PK';
  return isXlsx ? parsePeopleXlsx(content) : parsePeopleCsv(content.toString('utf8'));
}

async function parsePeopleXlsx(content: Buffer): Promise<PeopleFile> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    return { rows: [], issues: [{ line: 1, field: 'file', message: 'the file is not an Excel workbook (.xlsx)' }] };
  }
  for (const ws of book.worksheets) {
    for (let r = 1; r <= Math.min(ws.rowCount, 5); r++) {
      const headers = rowTexts(ws.getRow(r), ws.columnCount, 'Asia/Ho_Chi_Minh');
      const mapping = headers.map((h) => LOOKUP.get(normalizeHeader(h)) ?? null);
      if (!mapping.includes('email')) continue;
      const rows: PeopleRow[] = [];
      for (let line = r + 1; line <= ws.rowCount; line++) {
        const cells = rowTexts(ws.getRow(line), headers.length, 'Asia/Ho_Chi_Minh');
        if (cells.every((c) => c === '')) continue;
        rows.push(rowOf(line, headers, mapping, cells));
      }
      return { rows, issues: [] };
    }
  }
  return { rows: [], issues: [{ line: 1, field: 'file', message: 'no sheet has a header row with an email column ("Thư điện tử")' }] };
}

function parsePeopleCsv(text: string): PeopleFile {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsvText(text.replace(/^\ufeff/, ''), {
      info: true,
      delimiter: text.split('\n')[0].includes(';') ? ';' : ',',
      skip_empty_lines: true,
      relax_column_count: true,
    }) as unknown as typeof records;
  } catch (error) {
    return {
      rows: [],
      issues: [
        {
          line: Number((error as { lines?: number }).lines) || 1,
          field: 'file',
          message: `the CSV cannot be read: ${(error as Error).message}`,
        },
      ],
    };
  }
  const [header, ...rest] = records;
  const headers = (header?.record ?? []).map((h) => h.trim());
  const mapping = headers.map((h) => LOOKUP.get(normalizeHeader(h)) ?? null);
  if (!mapping.includes('email')) {
    return {
      rows: [],
      issues: [{ line: 1, field: 'file', message: 'the first line must be a header row with an email column ("Thư điện tử")' }],
    };
  }
  const rows = rest
    .filter((r) => r.record.some((c) => c.trim() !== ''))
    .map((r) =>
      rowOf(
        r.info.lines,
        headers,
        mapping,
        r.record.map((c) => c.trim()),
      ),
    );
  return { rows, issues: [] };
}

function rowOf(line: number, headers: string[], mapping: (PersonField | null)[], cells: string[]): PeopleRow {
  const body: Record<string, unknown> = {};
  const columns: PeopleRow['columns'] = {};
  mapping.forEach((field, i) => {
    const cell = (cells[i] ?? '').trim();
    if (field === null || cell === '') return;
    columns[field] = headers[i];
    body[field] = valueOf(field, cell);
  });
  return { line, body, columns };
}

function valueOf(field: PersonField, cell: string): unknown {
  const word = normalizeHeader(cell);
  switch (field) {
    case 'roles':
      return cell
        .split(/[,;/\n]+/)
        .map((r) => r.trim())
        .filter(Boolean)
        .map((r) => ROLE_WORDS.get(normalizeHeader(r)) ?? r);
    case 'focalPoint':
      return YES.has(word) ? true : NO.has(word) ? false : cell;
    case 'language':
      return LANGUAGE_WORDS.get(word) ?? cell;
    default:
      return cell;
  }
}
