import { parse } from 'csv-parse/sync';
import { csvCell, toCsv } from './export-csv';

describe('CSV cells a spreadsheet would run as formulas (OWASP "CSV injection")', () => {
  it('get a leading apostrophe whatever the formula character: = + - @, tab and carriage return', () => {
    const cells = ['=1+1', '+84 24 3823 4567', '-2+3', '@SUM(A1:A2)', '\t=cmd()', '\r=cmd()'];
    const text = toCsv(['Tên nhiệm vụ'], [...cells.map((c) => [c])]);
    const back = (parse(text, { bom: true, columns: true, relax_quotes: true }) as Record<string, string>[]).map((r) => r['Tên nhiệm vụ']);
    expect(back).toEqual(cells.map((c) => `'${c}`));
  });

  it('leaves numbers, other text and empty cells alone', () => {
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell('Bộ Công an')).toBe('Bộ Công an');
    expect(csvCell('71/NQ-CP')).toBe('71/NQ-CP');
    expect(csvCell(null)).toBe('');
  });
});
