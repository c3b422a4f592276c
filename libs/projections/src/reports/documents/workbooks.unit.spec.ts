import ExcelJS from 'exceljs';
import { WorkbookColumn, fittedWidth, workbook } from './workbooks';

const COLUMNS: WorkbookColumn[] = [
  { header: 'Mã nhiệm vụ', key: 'code', width: 14 },
  { header: 'Tên nhiệm vụ', key: 'title', width: 60 },
  { header: 'Hạn hiện hành', key: 'due', width: 12, format: 'date' },
  { header: 'Số nhiệm vụ', key: 'count', width: 12, format: 'integer' },
];

describe('workbook column widths', () => {
  const rows = [
    {
      code: 'NV-1',
      title: 'Xây dựng Nghị định quy định chi tiết một số điều của Luật Dữ liệu về cơ sở dữ liệu quốc gia',
      due: new Date(),
      count: 7,
    },
    { code: 'NV-22', title: 'Báo cáo', due: null, count: 1234 },
  ];

  it('fit the longest header word or value, a long title wraps at the column’s widest', () => {
    // code: "nhiệm" and "NV-22" are 5 long (+2); title: capped at 60; due: a date shows 10; count: "1,234"
    expect(COLUMNS.map((c) => fittedWidth(c, rows))).toEqual([7, 60, 12, 7]);
  });

  it('are what the written sheet carries', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await workbook('Nhiệm vụ', 'Danh sách nhiệm vụ', COLUMNS, rows)) as never);
    const ws = book.worksheets[0];
    expect(COLUMNS.map((_, i) => ws.getColumn(i + 1).width)).toEqual(COLUMNS.map((c) => fittedWidth(c, rows)));
    // an empty sheet keeps each header readable
    expect(fittedWidth({ header: 'Có nguy cơ chậm', key: 'x', width: 12 }, [])).toBe(6);
  });
});
