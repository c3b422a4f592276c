/**
 * RFC 4180 CSV for spreadsheets: UTF-8 with a BOM (so Excel shows Vietnamese correctly), CRLF,
 * every cell that needs it quoted. A text cell a spreadsheet would run as a formula (starting
 * with =, +, -, @, a tab or a carriage return: OWASP "CSV injection") gets a leading apostrophe;
 * the importer drops it again before = + - @, so an exported task list imports back unchanged.
 */
export type Cell = string | number | boolean | null | undefined;

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value);
  if (/^[=+\-@\t\r]/.test(text) && !(typeof value === 'number')) text = `'${text}`;
  return /[",;\r\n\t]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: Cell[][]): string {
  const lines = [header, ...rows].map((cells) => cells.map(csvCell).join(','));
  return `\ufeff${lines.join('\r\n')}\r\n`;
}
