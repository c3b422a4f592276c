import type { MonthlyPlanRow, RankingRow } from '../report.types';
import { dashboardHtml, monthlyPlanChartSvg, percentVi, rankingChartSvg } from './report-charts';
import { clipText, escapeXml, horizontalBarChart, niceMax, stackedColumnChart } from './svg';

const TZ = 'Asia/Ho_Chi_Minh';
const times = { asOf: new Date('2025-09-23T17:00:00+07:00'), knownAt: new Date('2025-09-23T17:00:00+07:00') };

const row = (over: Partial<RankingRow>): RankingRow => ({
  agency: 'BCA',
  name: 'Bộ Công an',
  total: 4,
  completedOnTime: 2,
  completedLate: 1,
  overdue: 1,
  onTimeRate: 0.5,
  avgDaysLate: 7,
  rank: 1,
  ...over,
});

describe('SVG builder', () => {
  it('escapes markup, quotes and characters XML forbids', () => {
    expect(escapeXml(`<script>alert("x")</script> & 'y'\u0000\u0007`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;',
    );
    expect(escapeXml('Ủy ban nhân dân tỉnh Đắk Lắk')).toBe('Ủy ban nhân dân tỉnh Đắk Lắk');
  });

  it('clips long labels by whole characters', () => {
    expect(clipText('Ủy ban nhân dân', 6)).toBe('Ủy ba…');
    expect(clipText('Bộ', 6)).toBe('Bộ');
  });

  it('draws one bar per row, as wide as its fraction, and no bar for an unknown value', () => {
    const svg = horizontalBarChart({
      title: 'T',
      emptyText: 'trống',
      tickLabel: percentVi,
      width: 900,
      labelWidth: 300,
      bars: [
        { label: 'A', fraction: 1, valueText: '100%', color: '#000' },
        { label: 'B', fraction: 0.25, valueText: '25%', color: '#000' },
        { label: 'C', fraction: null, valueText: '—', color: '#000' },
      ],
    });
    // plot width = 900 − 300 − 220 − 20 = 360
    expect([...svg.matchAll(/<rect x="310" y="\d+" width="([\d.]+)"/g)].map((m) => Number(m[1]))).toEqual([360, 90]);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
  });

  it('stacks column values and picks a round axis maximum', () => {
    const svg = stackedColumnChart({
      title: 'T',
      series: [
        { name: 'a', color: '#111' },
        { name: 'b', color: '#222' },
      ],
      columns: [{ label: 'T1', values: [3, 2] }],
    });
    expect(svg).toContain('>5</text>');
    expect(svg.match(/fill="#111"/g)).toHaveLength(2); // the segment and its legend swatch
    expect([niceMax(0), niceMax(5), niceMax(27), niceMax(100), niceMax(679)]).toEqual([4, 8, 32, 100, 800]);
  });
});

describe('report charts', () => {
  it('renders the ranking with Vietnamese labels, escaped agency names and the evaluation time', () => {
    const svg = rankingChartSvg(
      [
        row({}),
        row({
          agency: 'X',
          name: 'Sở <Thử> & "Nghiệm"',
          rank: 2,
          onTimeRate: null,
          avgDaysLate: null,
          completedOnTime: 0,
          completedLate: 0,
          overdue: 0,
        }),
      ],
      times,
      TZ,
    );
    expect(svg).toContain('Xếp hạng cơ quan theo tỷ lệ hoàn thành nhiệm vụ đúng hạn');
    expect(svg).toContain('Số liệu tính đến 23/09/2025 17:00');
    expect(svg).toContain('1. Bộ Công an');
    expect(svg).toContain('50% đúng hạn · 1 quá hạn');
    expect(svg).toContain('2. Sở &lt;Thử&gt; &amp; &quot;Nghiệm&quot;');
    expect(svg).toContain('chưa có nhiệm vụ đến hạn');
    expect(svg).not.toContain('<Thử>');
  });

  it('renders twelve months with completed, overdue, at-risk and open segments, and says when the record time differs', () => {
    const rows: MonthlyPlanRow[] = [
      { month: '2025-08', agency: 'BCA', name: 'Bộ Công an', due: 5, completed: 2, overdue: 1, atRisk: 0 },
      { month: '2025-10', agency: 'BCA', name: 'Bộ Công an', due: 4, completed: 0, overdue: 0, atRisk: 3 },
      { month: '2025-08', agency: 'BTC', name: 'Bộ Tài chính', due: 3, completed: 3, overdue: 0, atRisk: 0 },
    ];
    const svg = monthlyPlanChartSvg(rows, 2025, { asOf: times.asOf, knownAt: new Date('2025-09-20T08:00:00+07:00') }, TZ);
    expect(svg).toContain('Nhiệm vụ đến hạn theo tháng năm 2025 — tất cả cơ quan');
    expect(svg).toContain('theo dữ liệu ghi nhận đến 20/09/2025 08:00');
    for (let m = 1; m <= 12; m++) expect(svg).toContain(`>T${m}</text>`);
    expect(svg).toContain('Tháng 8/2025: 8 nhiệm vụ đến hạn; đã hoàn thành 5, quá hạn 1, còn lại 2');
    expect(svg).toContain('Tháng 10/2025: 4 nhiệm vụ đến hạn; đã hoàn thành 0, quá hạn 0, có nguy cơ chậm 3, còn lại 1');
    expect(svg).toContain('Có nguy cơ chậm (cảnh báo sớm)');
  });

  it('embeds both charts inline in one HTML page', () => {
    const html = dashboardHtml({
      summary: {
        total: 3,
        completed: 1,
        completedOnTime: 1,
        completedLate: 0,
        inProgress: 1,
        onTrack: 1,
        dueSoon: 0,
        overdue: 1,
        ongoing: 0,
        cancelled: 0,
        atRisk: 0,
        awaitingConfirmation: 0,
        recurring: 0,
        overdueRate: 1 / 3,
      },
      times,
      timeZone: TZ,
      rankingSvg: '<svg id="r"></svg>',
      monthlySvg: '<svg id="m"></svg>',
    });
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<svg id="r"></svg>');
    expect(html).toContain('<svg id="m"></svg>');
    expect(html).toContain('33,3%');
  });
});
