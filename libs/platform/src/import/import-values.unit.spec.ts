import { DomainError } from '@app/domain';
import { guessKind, matchColumn, normalizeHeader } from './columns';
import { jsonElementLines } from './json-lines';
import { parseCsv } from './parse-input';
import { businessTime, codeList, deadlineValue, priorityValue, sourceKindOf, text } from './values';

const TZ = 'Asia/Ho_Chi_Minh';

describe('import columns', () => {
  it('match Vietnamese and English headers whatever the case, diacritics, spacing or notes', () => {
    expect(normalizeHeader('Mã nhiệm vụ (*)')).toBe('manhiemvu');
    for (const h of ['Mã nhiệm vụ', 'MÃ NHIỆM VỤ', 'ma_nhiem_vu', 'Ma nhiem vu (*)', 'code'])
      expect(matchColumn('task', h)).toEqual({ field: 'code' });
    expect(matchColumn('task', 'Cơ quan chủ trì')).toEqual({ field: 'leadAgency' });
    expect(matchColumn('task', 'Đơn vị phối hợp')).toEqual({ field: 'coordinatingAgencies' });
    expect(matchColumn('task', 'Thời hạn')).toEqual({ field: 'deadline' });
    expect(matchColumn('task', 'Ngày hoàn thành')).toEqual({ field: 'completion.completedAt' });
    expect(matchColumn('task', 'assignee.email')).toEqual({ field: 'assignee.email' });
    expect(matchColumn('task', 'Email')).toEqual({ field: 'assignee.email' });
    expect(matchColumn('agency', 'Email')).toEqual({ field: 'head.email' });
    expect(matchColumn('task', 'STT')).toEqual({ ignored: true });
    expect(matchColumn('task', '_note')).toEqual({ ignored: true });
    expect(matchColumn('task', 'Ghi chú riêng')).toEqual({ unknown: true });
  });

  it('tell tasks from agencies by the header row', () => {
    expect(guessKind(['Mã nhiệm vụ', 'Tên nhiệm vụ', 'Cơ quan chủ trì', 'Thời hạn'])).toBe('task');
    expect(guessKind(['Mã', 'Tên', 'Loại', 'Người đứng đầu', 'Chức vụ', 'Email'])).toBe('agency');
    expect(guessKind(['a', 'b'])).toBeNull();
  });
});

describe('import values', () => {
  it('read deadlines as the directives write them', () => {
    const cases: [string, string][] = [
      ['trong Quý I/2026', 'Q1/2026'],
      ['Quý IV năm 2026', 'Q4/2026'],
      ['trong tháng 1/2026', '01/2026'],
      ['hoàn thành trong tháng 12 năm 2025', '12/2025'],
      ['trong năm 2026', '2026'],
      ['cuối năm 2026', '2026'],
      ['trước ngày 15/01/2026', '15/01/2026'],
      ['chậm nhất ngày 1/3/2026', '1/3/2026'],
      ['giữa năm 2026', '30/06/2026'],
      ['giữa tháng 3/2026', '15/03/2026'],
      ['nhiệm vụ thường xuyên', 'thường xuyên'],
      ['Q2/2026', 'Q2/2026'],
      ['2026-03-31', '2026-03-31'],
      ['sớm nhất có thể', 'sớm nhất có thể'],
    ];
    for (const [written, read] of cases) expect([written, deadlineValue(written)]).toEqual([written, read]);
  });

  it('read business times: a date is the end of that day, today is now, never the future', () => {
    const now = new Date('2026-04-01T09:00:00+07:00');
    expect(businessTime('2026-03-20', 'x', TZ, now).toISOString()).toBe('2026-03-20T16:59:59.999Z');
    expect(businessTime('20/03/2026', 'x', TZ, now).toISOString()).toBe('2026-03-20T16:59:59.999Z');
    expect(businessTime('01/04/2026', 'x', TZ, now)).toBe(now);
    expect(businessTime('20/03/2026 14:30', 'x', TZ, now).toISOString()).toBe('2026-03-20T07:30:00.000Z');
    expect(businessTime('2026-03-20 14:30', 'x', TZ, now).toISOString()).toBe('2026-03-20T07:30:00.000Z');
    expect(businessTime('2026-03-20T14:30:00Z', 'x', TZ, now).toISOString()).toBe('2026-03-20T14:30:00.000Z');
    expect(() => businessTime('2026-04-02', 'assignedAt', TZ, now)).toThrow(DomainError);
    expect(() => businessTime('31/02/2026', 'assignedAt', TZ, now)).toThrow(/assignedAt/);
    expect(() => businessTime('hôm qua', 'assignedAt', TZ, now)).toThrow(/assignedAt/);
  });

  it('read lists, priorities, sources and guarded cells', () => {
    expect(codeList('BCA; BKHCN,BTC\nHUE')).toEqual(['BCA', 'BKHCN', 'BTC', 'HUE']);
    expect(priorityValue('Khẩn')).toBe('critical');
    expect(priorityValue('cao')).toBe('high');
    expect(priorityValue('gấp')).toBe('gấp');
    expect(sourceKindOf('71/NQ-CP')).toBe('resolution');
    expect(sourceKindOf('02-KH/BCĐTW')).toBe('plan');
    expect(sourceKindOf('Thông báo 650/TB-VPCP')).toBe('conclusion');
    expect(sourceKindOf('2352/QĐ-TTg')).toBe('decision');
    expect(sourceKindOf('07/CT-TTg')).toBe('directive');
    expect(sourceKindOf('1234/VPCP-KGVX')).toBe('document');
    expect(text("'=SUM(A1)")).toBe('=SUM(A1)');
    expect(text("'quoted")).toBe("'quoted");
    // the export also guards a leading tab or carriage return: the quote comes off again
    expect(text("'\tindented")).toBe('\tindented');
    expect(text("'\rline")).toBe('\rline');
    expect(text(12)).toBe('12');
  });
});

describe('import file shapes', () => {
  it('finds the line each JSON array element starts on', () => {
    const json = '{\n  "tasks": [\n    {"a": 1},\n\n    {\n      "b": "x,]}"\n    }\n  ],\n  "agencies": [1, 2]\n}';
    const lines = jsonElementLines(json);
    expect(lines.get('.tasks[0]')).toBe(3);
    expect(lines.get('.tasks[1]')).toBe(5);
    expect(lines.get('.agencies[1]')).toBe(9);
    expect(jsonElementLines('[\n{"x": [1,\n2]},\n{}]').get('[1]')).toBe(4);
  });

  it('reads semicolon CSV with a BOM and gives each row the line it starts on', () => {
    const input = parseCsv('\ufeffMã nhiệm vụ;Tên nhiệm vụ;Cơ quan chủ trì;Thời hạn\n\nA;"Hai\ndòng";BCA;2026\n;;;\nB;Một;BCA;2026\n');
    expect(input.fileIssues).toEqual([]);
    expect(input.tasks.map((t) => [t.line, t.row, t.values.code, t.values.title])).toEqual([
      [3, 1, 'A', 'Hai\ndòng'],
      [6, 2, 'B', 'Một'],
    ]);
    expect(input.tasks[0].columns.leadAgency).toBe('Cơ quan chủ trì');
  });
});
