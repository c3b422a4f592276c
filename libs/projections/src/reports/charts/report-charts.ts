import { DateTime } from 'luxon';
import type { MonthlyPlanRow, RankingRow, ReportTimes, StatusCounts } from '../report.types';
import { escapeXml, horizontalBarChart, stackedColumnChart } from './svg';

/** The report charts, in Vietnamese, as SVG strings (and one HTML page embedding them). */

export const CHART_COLORS = {
  good: '#2e7d32',
  fair: '#f9a825',
  poor: '#c62828',
  completed: '#2e7d32',
  overdue: '#c62828',
  atRisk: '#f9a825',
  open: '#90a4ae',
};

/** 0.6667 → "66,7%" (Vietnamese decimal comma). */
export function percentVi(fraction: number): string {
  const value = Math.round(fraction * 1000) / 10;
  return `${Number.isInteger(value) ? value : value.toFixed(1).replace('.', ',')}%`;
}

/** "23/09/2025 17:00" in the deadline zone. */
export function dateTimeVi(date: Date, timeZone: string): string {
  return DateTime.fromJSDate(date, { zone: timeZone }).toFormat('dd/MM/yyyy HH:mm');
}

/** "Số liệu tính đến …" and, when the record time differs, "theo dữ liệu ghi nhận đến …". */
export function timesLineVi(times: ReportTimes, timeZone: string): string {
  const asOf = `Số liệu tính đến ${dateTimeVi(times.asOf, timeZone)}`;
  return times.knownAt.getTime() === times.asOf.getTime()
    ? asOf
    : `${asOf}, theo dữ liệu ghi nhận đến ${dateTimeVi(times.knownAt, timeZone)}`;
}

function rateColor(rate: number): string {
  return rate >= 0.9 ? CHART_COLORS.good : rate >= 0.7 ? CHART_COLORS.fair : CHART_COLORS.poor;
}

/** The agency ranking as horizontal bars of on-time rate, in rank order. */
export function rankingChartSvg(rows: RankingRow[], times: ReportTimes, timeZone: string): string {
  return horizontalBarChart({
    title: 'Xếp hạng cơ quan theo tỷ lệ hoàn thành nhiệm vụ đúng hạn',
    subtitle: timesLineVi(times, timeZone),
    emptyText: 'Chưa có cơ quan nào',
    tickLabel: percentVi,
    bars: rows.map((r) => ({
      label: `${r.rank}. ${r.name}`,
      fraction: r.onTimeRate,
      color: r.onTimeRate === null ? CHART_COLORS.open : rateColor(r.onTimeRate),
      valueText: r.onTimeRate === null ? 'chưa có nhiệm vụ đến hạn' : `${percentVi(r.onTimeRate)} đúng hạn · ${r.overdue} quá hạn`,
      tooltip:
        `${r.name} (${r.agency}): ${r.total} nhiệm vụ; hoàn thành đúng hạn ${r.completedOnTime}, hoàn thành quá hạn ${r.completedLate}, ` +
        `quá hạn chưa hoàn thành ${r.overdue}` +
        (r.avgDaysLate === null ? '' : `; chậm trung bình ${String(r.avgDaysLate).replace('.', ',')} ngày`),
    })),
  });
}

/** The monthly plan as one stacked column per month: completed, overdue, at risk of lateness, the rest still open. */
export function monthlyPlanChartSvg(
  rows: MonthlyPlanRow[],
  year: number,
  times: ReportTimes,
  timeZone: string,
  agencyName?: string,
): string {
  const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
  const columns = months.map((month, i) => {
    const inMonth = rows.filter((r) => r.month === month);
    const due = inMonth.reduce((a, r) => a + r.due, 0);
    const completed = inMonth.reduce((a, r) => a + r.completed, 0);
    const overdue = inMonth.reduce((a, r) => a + r.overdue, 0);
    const atRisk = inMonth.reduce((a, r) => a + r.atRisk, 0);
    const open = Math.max(0, due - completed - overdue - atRisk);
    return {
      label: `T${i + 1}`,
      values: [completed, overdue, atRisk, open],
      tooltip:
        `Tháng ${i + 1}/${year}: ${due} nhiệm vụ đến hạn; đã hoàn thành ${completed}, quá hạn ${overdue}` +
        (atRisk ? `, có nguy cơ chậm ${atRisk}` : '') +
        `, còn lại ${open}`,
    };
  });
  return stackedColumnChart({
    title: `Nhiệm vụ đến hạn theo tháng năm ${year}${agencyName ? ` — ${agencyName}` : ' — tất cả cơ quan'}`,
    subtitle: timesLineVi(times, timeZone),
    series: [
      { name: 'Đã hoàn thành', color: CHART_COLORS.completed },
      { name: 'Quá hạn, chưa hoàn thành', color: CHART_COLORS.overdue },
      { name: 'Có nguy cơ chậm (cảnh báo sớm)', color: CHART_COLORS.atRisk },
      { name: 'Chưa đến hạn, đang thực hiện', color: CHART_COLORS.open },
    ],
    columns,
  });
}

/** One page with the headline figures and both charts inline (no external requests, so no token is needed to load them). */
export function dashboardHtml(input: {
  summary: StatusCounts;
  times: ReportTimes;
  timeZone: string;
  rankingSvg: string;
  monthlySvg: string;
}): string {
  const s = input.summary;
  const figures: [string, string][] = [
    ['Tổng số nhiệm vụ', String(s.total)],
    ['Đã hoàn thành', `${s.completed} (đúng hạn ${s.completedOnTime}, quá hạn ${s.completedLate})`],
    ['Đang thực hiện', `${s.inProgress} (trong hạn ${s.onTrack}, sắp đến hạn ${s.dueSoon}, thường xuyên ${s.ongoing})`],
    ['Quá hạn, chưa hoàn thành', String(s.overdue)],
    ['Tỷ lệ quá hạn', s.overdueRate === null ? '—' : percentVi(s.overdueRate)],
    ['Đã hủy (không tính vào tổng)', String(s.cancelled)],
  ];
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bảng theo dõi nhiệm vụ</title>
<style>
body { font-family: 'Noto Sans', 'Segoe UI', Arial, sans-serif; margin: 24px; color: #1a1a1a; background: #f5f6f8; }
h1 { font-size: 22px; margin: 0 0 4px; }
p.when { color: #555; margin: 0 0 16px; }
table { border-collapse: collapse; background: #fff; margin-bottom: 20px; }
td { padding: 6px 14px; border-bottom: 1px solid #e1e4e8; }
td.n { font-weight: bold; }
figure { background: #fff; margin: 0 0 20px; padding: 8px; display: inline-block; }
</style>
</head>
<body>
<h1>Bảng theo dõi nhiệm vụ</h1>
<p class="when">${escapeXml(timesLineVi(input.times, input.timeZone))}</p>
<table>
${figures.map(([k, v]) => `<tr><td>${escapeXml(k)}</td><td class="n">${escapeXml(v)}</td></tr>`).join('\n')}
</table>
<figure>${input.rankingSvg}</figure>
<figure>${input.monthlySvg}</figure>
</body>
</html>
`;
}
