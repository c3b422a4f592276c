import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import { guessKind } from './columns';
import type { ImportInput } from './import.types';
import { recordsFromObjects } from './parse-input';

/**
 * An Excel workbook into import rows, under the same column names and rules as CSV: on each
 * sheet the header is the first of its first rows whose headers name a kind (tasks or agencies;
 * a title row above it is skipped), and each row's line is its row number in the sheet. Dates
 * become YYYY-MM-DD, or the instant in the deadline zone when they carry a time of day; numbers
 * and text stay as written.
 */
export async function parseXlsx(content: Buffer, fileName = 'import.xlsx', timeZone = 'Asia/Ho_Chi_Minh'): Promise<ImportInput> {
  const input: ImportInput = { agencies: [], tasks: [], fileIssues: [], warnings: [] };
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    input.fileIssues.push({
      line: 1,
      row: null,
      kind: 'file',
      code: null,
      field: 'file',
      message: 'the file is not an Excel workbook (.xlsx)',
      file: fileName,
    });
    return input;
  }
  for (const ws of book.worksheets) {
    let headerRow = 0;
    let headers: string[] = [];
    for (let r = 1; r <= Math.min(ws.rowCount, 5) && headerRow === 0; r++) {
      const cells = rowTexts(ws.getRow(r), ws.columnCount, timeZone);
      if (guessKind(cells.filter(Boolean)) !== null) {
        headerRow = r;
        headers = cells;
      }
    }
    if (headerRow === 0) {
      if (ws.rowCount > 0) input.warnings.push(`${fileName}: sheet "${ws.name}" has no header row of tasks or agencies: left out`);
      continue;
    }
    const kind = guessKind(headers.filter(Boolean)) as 'task' | 'agency';
    const objects: Record<string, string>[] = [];
    const lines: number[] = [];
    for (let r = headerRow + 1; r <= ws.rowCount; r++) {
      const cells = rowTexts(ws.getRow(r), headers.length, timeZone);
      if (cells.every((c) => c === '')) continue;
      const object: Record<string, string> = {};
      headers.forEach((h, i) => {
        if (h && cells[i] !== '') object[h] = cells[i];
      });
      objects.push(object);
      lines.push(r);
    }
    recordsFromObjects(objects, kind, input, (i) => lines[i]);
  }
  for (const r of [...input.agencies, ...input.tasks]) r.file = fileName;
  return input;
}

export function rowTexts(row: ExcelJS.Row, count: number, timeZone: string): string[] {
  const out: string[] = [];
  for (let c = 1; c <= count; c++) out.push(cellText(row.getCell(c).value, timeZone));
  return out;
}

function cellText(value: ExcelJS.CellValue, timeZone: string): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    // Excel dates carry the wall-clock time as UTC fields
    const day = value.toISOString().slice(0, 10);
    if (value.getUTCHours() === 0 && value.getUTCMinutes() === 0 && value.getUTCSeconds() === 0) return day;
    const u = DateTime.fromJSDate(value, { zone: 'utc' });
    return DateTime.fromObject(
      { year: u.year, month: u.month, day: u.day, hour: u.hour, minute: u.minute, second: u.second },
      { zone: timeZone },
    ).toISO({ suppressMilliseconds: true }) as string;
  }
  if (typeof value === 'object') {
    if ('richText' in value)
      return value.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if ('text' in value && typeof value.text === 'string') return value.text.trim();
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue, timeZone);
    return '';
  }
  return String(value).trim();
}
