import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';

/**
 * Spreadsheets people open in Excel (api.md "Documents"), the same whether the API serves them or
 * the CLI writes them: Vietnamese headers, real dates and numbers (not text), the header row
 * frozen with filters on it, widths that fit. Text goes in as text cells, never as formulas: a
 * value that begins like one (= + - @, tab, CR) is written as rich text, which no spreadsheet
 * evaluates, and the tests read the cell type back.
 */
export type WorkbookCell = string | number | Date | null;
export interface WorkbookColumn {
  header: string;
  key: string;
  /** the widest the column gets; narrower when its header's words and its values are shorter (text wraps beyond) */
  width: number;
  /** dates shown dd/mm/yyyy; percents as 0.0% */
  format?: 'date' | 'datetime' | 'month' | 'percent' | 'integer';
}

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A wall-clock Date that shows the deadline zone's local time (Excel has no time zones). */
export function localDate(iso: string | null | undefined, timeZone: string): Date | null {
  if (!iso) return null;
  const local = DateTime.fromISO(iso, { zone: timeZone });
  return new Date(Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second));
}

export async function workbook(
  sheet: string,
  title: string,
  columns: WorkbookColumn[],
  rows: Record<string, WorkbookCell>[],
): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Hệ thống theo dõi nhiệm vụ';
  book.created = new Date();
  const ws = book.addWorksheet(sheet, { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.columns = columns.map((c) => ({ key: c.key, width: fittedWidth(c, rows) }));
  ws.mergeCells(1, 1, 1, columns.length);
  const titleCell = ws.getCell(1, 1);
  titleCell.value = title;
  titleCell.font = { bold: true, size: 13 };
  const header = ws.getRow(2);
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.alignment = { wrapText: true, vertical: 'middle' };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEEEEEE' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  header.height = 32;
  for (const row of rows) {
    const added = ws.addRow(columns.map((c) => safe(row[c.key] ?? null)));
    columns.forEach((c, i) => {
      const cell = added.getCell(i + 1);
      if (c.format === 'date') cell.numFmt = 'dd/mm/yyyy';
      if (c.format === 'datetime') cell.numFmt = 'dd/mm/yyyy hh:mm';
      if (c.format === 'month') cell.numFmt = 'mm/yyyy';
      if (c.format === 'percent') cell.numFmt = '0.0%';
      if (c.format === 'integer') cell.numFmt = '#,##0';
      if (typeof cell.value === 'string') cell.alignment = { wrapText: true, vertical: 'top' };
    });
  }
  ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: columns.length } };
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Text stays text: a value beginning like a formula is stored as a plain string cell. */
function safe(value: WorkbookCell): ExcelJS.CellValue {
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(value)) return { richText: [{ text: value }] };
  return value;
}

const SHOWN_LENGTH = { date: 10, datetime: 16, month: 7 } as const;

/** The column's width in characters: its longest header word or value, plus a margin, within 6 and its `width`. */
export function fittedWidth(column: WorkbookColumn, rows: Record<string, WorkbookCell>[]): number {
  const shown = (value: WorkbookCell): number => {
    if (value === null) return 0;
    if (value instanceof Date)
      return column.format && column.format in SHOWN_LENGTH ? SHOWN_LENGTH[column.format as keyof typeof SHOWN_LENGTH] : 10;
    if (typeof value === 'number') return column.format === 'percent' ? 6 : value.toLocaleString('en-US').length;
    return Math.max(...value.split(/\r?\n/).map((line) => line.length));
  };
  const header = Math.max(...column.header.split(/\s+/).map((word) => word.length));
  const widest = rows.reduce((max, row) => Math.max(max, shown(row[column.key] ?? null)), header);
  return Math.max(6, Math.min(column.width, widest + 2));
}
