import { useApp } from './context';
import { fmtPercent } from './format';
import type { PlanRow, RankingRow } from './types';

/**
 * Simple SVG charts drawn here (rather than the API's chart.svg) so their labels follow the
 * language switch; each has a text alternative and the figures it draws are in a table nearby.
 */

const COLORS = { onTime: '#2e7d32', late: '#ef6c00', overdue: '#c62828', atRisk: '#f9a825', open: '#90a4ae', track: '#eceff1' };

export function RankingChart({ rows }: { rows: RankingRow[] }) {
  const { t } = useApp();
  if (rows.length === 0) return <p class="muted">{t('common.none')}</p>;
  // every agency, by rank (the Government counts all of them), labelled by name
  const shown = rows;
  const rowH = 26;
  const labelW = 280;
  const barW = 300;
  const width = labelW + barW + 150;
  const height = shown.length * rowH + 30;
  const description = shown
    .map((r) => `${r.rank}. ${r.agency}: ${fmtPercent(r.onTimeRate)}, ${t('overview.overdue')} ${r.overdue}`)
    .join('; ');
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`${t('overview.ranking')}: ${description}`}
      preserveAspectRatio="xMinYMin meet"
    >
      <title>{t('overview.ranking')}</title>
      {[0, 0.25, 0.5, 0.75, 1].map((x) => (
        <g key={x}>
          <line x1={labelW + x * barW} x2={labelW + x * barW} y1={4} y2={height - 22} stroke="#cfd8dc" stroke-dasharray="2 3" />
          <text x={labelW + x * barW} y={height - 8} font-size="11" text-anchor="middle" fill="#546e7a">
            {fmtPercent(x)}
          </text>
        </g>
      ))}
      {shown.map((r, i) => {
        const y = i * rowH + 6;
        const w = r.onTimeRate === null ? 0 : Math.max(2, r.onTimeRate * barW);
        return (
          <g key={r.agency}>
            <text x={labelW - 8} y={y + 15} font-size="12" text-anchor="end" fill="#263238">
              {`${r.rank}. ${shortName(r.name || r.agency)}`}
              <title>{`${r.name} (${r.agency})`}</title>
            </text>
            <rect x={labelW} y={y + 2} width={barW} height={rowH - 8} fill={COLORS.track} rx="3" />
            <rect
              x={labelW}
              y={y + 2}
              width={w}
              height={rowH - 8}
              fill={r.onTimeRate !== null && r.onTimeRate < 0.5 ? COLORS.late : COLORS.onTime}
              rx="3"
            />
            <text x={labelW + barW + 8} y={y + 15} font-size="12" fill="#263238">
              {r.onTimeRate === null ? t('overview.noRate') : fmtPercent(r.onTimeRate)}
              {r.overdue > 0 ? ` · ${t('overview.overdueN', { n: r.overdue })}` : ''}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** A long agency name cut to fit the chart's label column (the full name is its tooltip). */
function shortName(name: string): string {
  const short = name.replace(/^Ủy ban nhân dân /, 'UBND ').replace(/^Uỷ ban nhân dân /, 'UBND ');
  return short.length > 38 ? `${short.slice(0, 37)}…` : short;
}

/** The year's months, each a stacked column: completed, overdue, at risk of lateness, still open. */
export function MonthlyPlanChart({ rows, year }: { rows: PlanRow[]; year: number }) {
  const { t, lang } = useApp();
  const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
  const byMonth = months.map((month) => {
    const cells = rows.filter((r) => r.month === month);
    const due = cells.reduce((s, r) => s + r.due, 0);
    const completed = cells.reduce((s, r) => s + r.completed, 0);
    const overdue = cells.reduce((s, r) => s + r.overdue, 0);
    const atRisk = cells.reduce((s, r) => s + r.atRisk, 0);
    return { month, due, completed, overdue, atRisk, open: Math.max(0, due - completed - overdue - atRisk) };
  });
  const max = Math.max(1, ...byMonth.map((m) => m.due));
  const colW = 44;
  const left = 36;
  const chartH = 180;
  const width = left + colW * 12 + 10;
  const top = 22;
  const height = chartH + top + 76;
  const y = (v: number) => top + chartH - (v / max) * chartH;
  const label = (i: number) => (lang === 'vi' ? `T${i + 1}` : ['J', 'F', 'M', 'A', 'M', 'J', 'J', 'A', 'S', 'O', 'N', 'D'][i]);
  const ticks = Array.from(new Set([0, Math.round(max / 2), max]));
  const description = byMonth
    .filter((m) => m.due > 0)
    .map(
      (m) =>
        `${m.month}: ${t('plan.due')} ${m.due}, ${t('plan.completed')} ${m.completed}, ${t('plan.overdue')} ${m.overdue}, ${t('plan.atRisk')} ${m.atRisk}`,
    )
    .join('; ');
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`${t('overview.plan')} ${year}: ${description || t('common.none')}`}
      preserveAspectRatio="xMinYMin meet"
    >
      <title>{`${t('overview.plan')} ${year}`}</title>
      {ticks.map((v) => (
        <g key={v}>
          <line x1={left} x2={width - 10} y1={y(v)} y2={y(v)} stroke="#cfd8dc" stroke-dasharray="2 3" />
          <text x={left - 6} y={y(v) + 4} font-size="11" text-anchor="end" fill="#546e7a">
            {v}
          </text>
        </g>
      ))}
      {byMonth.map((m, i) => {
        const x = left + i * colW + 8;
        const w = colW - 16;
        let stackTop = y(0);
        const seg = (value: number, color: string, name: string) => {
          if (value <= 0) return null;
          const h = (value / max) * chartH;
          stackTop -= h;
          return (
            <rect x={x} y={stackTop} width={w} height={h} fill={color}>
              <title>{`${m.month} · ${name}: ${value}`}</title>
            </rect>
          );
        };
        return (
          <g key={m.month}>
            {seg(m.completed, COLORS.onTime, t('plan.completed'))}
            {seg(m.overdue, COLORS.overdue, t('plan.overdue'))}
            {seg(m.atRisk, COLORS.atRisk, t('plan.atRisk'))}
            {seg(m.open, COLORS.open, t('plan.open'))}
            {m.due > 0 && (
              <text x={x + w / 2} y={y(m.due) - 4} font-size="11" text-anchor="middle" fill="#263238">
                {m.due}
              </text>
            )}
            <text x={x + w / 2} y={top + chartH + 16} font-size="11" text-anchor="middle" fill="#37474f">
              {label(i)}
            </text>
          </g>
        );
      })}
      {[
        [COLORS.onTime, t('plan.completed')],
        [COLORS.overdue, t('plan.overdue')],
        [COLORS.atRisk, t('plan.atRisk')],
        [COLORS.open, t('plan.open')],
      ].map(([color, name], i) => (
        <g key={name} transform={`translate(${left + (i % 2) * 240}, ${top + chartH + 34 + Math.floor(i / 2) * 20})`}>
          <rect width="12" height="12" fill={color} rx="2" />
          <text x="18" y="11" font-size="12" fill="#263238">
            {name}
          </text>
        </g>
      ))}
    </svg>
  );
}
