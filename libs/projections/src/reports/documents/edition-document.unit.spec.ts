import { DateTime } from 'luxon';
import { emptyCounts } from '../report-core';
import { dayInWords, editionDocument } from './edition-document';
import type { ReportEdition } from './edition.types';

const TZ = 'Asia/Ho_Chi_Minh';
const at = (iso: string) => DateTime.fromISO(iso, { zone: TZ });

describe('the place and date of the official report (Decree 30/2020/NĐ-CP)', () => {
  it('writes days below 10 and the months 1 and 2 with a leading zero, the months 3 to 12 without', () => {
    expect(dayInWords(at('2026-01-05T09:00:00+07:00'))).toBe('ngày 05 tháng 01 năm 2026');
    expect(dayInWords(at('2026-02-21T09:00:00+07:00'))).toBe('ngày 21 tháng 02 năm 2026');
    expect(dayInWords(at('2026-03-09T09:00:00+07:00'))).toBe('ngày 09 tháng 3 năm 2026');
    expect(dayInWords(at('2026-10-31T09:00:00+07:00'))).toBe('ngày 31 tháng 10 năm 2026');
    expect(dayInWords(at('2026-12-01T09:00:00+07:00'))).toBe('ngày 01 tháng 12 năm 2026');
    // the day of the deadline zone, not of UTC
    expect(dayInWords(at('2026-02-28T20:00:00Z'))).toBe('ngày 01 tháng 3 năm 2026');
  });

  it('puts it in the place-and-date line and the first sentence of the report', () => {
    const figures = { ...emptyCounts(), bySource: [] };
    const edition: ReportEdition = {
      id: '00000000-0000-4000-8000-000000000001',
      title: 'Báo cáo tháng 2',
      number: null,
      asOf: '2026-02-05T23:59:59.999+07:00',
      knownAt: '2026-02-06T08:00:00.000+07:00',
      publishedAt: '2026-02-06T08:00:00.000+07:00',
      source: null,
      agency: null,
      chainHead: { position: 0, events: 0, root: '0'.repeat(64) },
      figures,
      ranking: [],
      overdue: [],
      atRisk: [],
      blockers: [],
      publishedBy: 'test',
    };
    const doc = editionDocument(edition, {
      office: 'Văn phòng Chính phủ',
      reportsTo: 'Thủ tướng Chính phủ',
      signer: 'x',
      place: 'Hà Nội',
      timeZone: TZ,
    });
    expect(doc.placeDate).toBe('Hà Nội, ngày 06 tháng 02 năm 2026');
    expect(doc.blocks[1]).toMatchObject({ kind: 'paragraph', text: expect.stringMatching(/^Tính đến ngày 05 tháng 02 năm 2026,/) });
  });
});
