/**
 * A small, pure SVG builder for the report charts: strings in, one self-contained SVG string
 * out (no fonts, scripts or external references). Every text is escaped, so agency names and
 * other user input cannot break out of the markup.
 */

/** Characters XML 1.0 forbids even escaped (C0 controls but tab/LF/CR, U+FFFE/FFFF, lone surrogates). */
const XML_INVALID =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text safe inside an element or a double- or single-quoted attribute (SVG and HTML). */
export function escapeXml(text: string): string {
  return String(text)
    .replace(XML_INVALID, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** At most `max` characters (code points, so Vietnamese letters and emoji are never split), with an ellipsis. */
export function clipText(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, Math.max(1, max - 1)).join('')}…`;
}

const FONT = `font-family="'Noto Sans', 'Segoe UI', Arial, sans-serif"`;

export interface HorizontalBar {
  label: string;
  /** 0..1; null draws no bar */
  fraction: number | null;
  valueText: string;
  color: string;
  /** full text shown on hover */
  tooltip?: string;
}

export interface HorizontalBarChart {
  title: string;
  subtitle?: string;
  bars: HorizontalBar[];
  /** shown when there are no bars */
  emptyText: string;
  width?: number;
  labelWidth?: number;
  /** axis tick labels for 0, ¼, ½, ¾ and 1 */
  tickLabel: (fraction: number) => string;
}

/** Horizontal bars on a 0..1 scale, one per row, label on the left and value on the right. */
export function horizontalBarChart(chart: HorizontalBarChart): string {
  const width = chart.width ?? 900;
  const labelWidth = chart.labelWidth ?? 300;
  const valueWidth = 220;
  const top = chart.subtitle ? 76 : 56;
  const rowHeight = 26;
  const plotWidth = width - labelWidth - valueWidth - 20;
  const x0 = labelWidth + 10;
  const rows = Math.max(chart.bars.length, 1);
  const height = top + rows * rowHeight + 36;
  const parts: string[] = [header(width, height, chart.title, chart.subtitle)];
  for (const f of [0, 0.25, 0.5, 0.75, 1]) {
    const x = x0 + f * plotWidth;
    parts.push(`<line x1="${n(x)}" y1="${top - 6}" x2="${n(x)}" y2="${top + rows * rowHeight}" stroke="#d0d4da" stroke-width="1"/>`);
    parts.push(
      `<text x="${n(x)}" y="${top + rows * rowHeight + 18}" font-size="12" fill="#555" text-anchor="middle">${escapeXml(chart.tickLabel(f))}</text>`,
    );
  }
  if (chart.bars.length === 0) {
    parts.push(
      `<text x="${n(x0 + plotWidth / 2)}" y="${top + 17}" font-size="14" fill="#777" text-anchor="middle">${escapeXml(chart.emptyText)}</text>`,
    );
  }
  chart.bars.forEach((bar, i) => {
    const y = top + i * rowHeight;
    const tooltip = bar.tooltip ? `<title>${escapeXml(bar.tooltip)}</title>` : '';
    parts.push(`<g>${tooltip}`);
    parts.push(
      `<text x="${labelWidth}" y="${y + 17}" font-size="13" fill="#222" text-anchor="end">${escapeXml(clipText(bar.label, 42))}</text>`,
    );
    if (bar.fraction !== null) {
      const w = Math.max(0, Math.min(1, bar.fraction)) * plotWidth;
      parts.push(`<rect x="${x0}" y="${y + 4}" width="${n(w)}" height="17" rx="2" fill="${escapeXml(bar.color)}"/>`);
    }
    parts.push(`<text x="${x0 + plotWidth + 8}" y="${y + 17}" font-size="12" fill="#333">${escapeXml(bar.valueText)}</text>`);
    parts.push('</g>');
  });
  parts.push('</svg>');
  return parts.join('\n');
}

export interface Series {
  name: string;
  color: string;
}

export interface StackedColumn {
  label: string;
  /** one value per series, stacked bottom-up in series order */
  values: number[];
  tooltip?: string;
}

export interface StackedColumnChart {
  title: string;
  subtitle?: string;
  series: Series[];
  columns: StackedColumn[];
  width?: number;
  height?: number;
}

/** Stacked columns (counts) with a y axis, the column total on top, and a legend below. */
export function stackedColumnChart(chart: StackedColumnChart): string {
  const width = chart.width ?? 900;
  const height = chart.height ?? 420;
  const top = chart.subtitle ? 84 : 64;
  const left = 56;
  const right = 20;
  const bottom = 76;
  const plotHeight = height - top - bottom;
  const plotWidth = width - left - right;
  const max = niceMax(Math.max(0, ...chart.columns.map((c) => sum(c.values))));
  const parts: string[] = [header(width, height, chart.title, chart.subtitle)];
  const yOf = (v: number) => top + plotHeight - (v / max) * plotHeight;
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4;
    const y = yOf(v);
    parts.push(`<line x1="${left}" y1="${n(y)}" x2="${width - right}" y2="${n(y)}" stroke="#e1e4e8" stroke-width="1"/>`);
    parts.push(`<text x="${left - 8}" y="${n(y + 4)}" font-size="12" fill="#555" text-anchor="end">${formatCount(v)}</text>`);
  }
  const slot = plotWidth / Math.max(chart.columns.length, 1);
  const barWidth = Math.min(48, slot * 0.6);
  chart.columns.forEach((column, i) => {
    const x = left + i * slot + (slot - barWidth) / 2;
    const tooltip = column.tooltip ? `<title>${escapeXml(column.tooltip)}</title>` : '';
    parts.push(`<g>${tooltip}`);
    let base = 0;
    column.values.forEach((value, s) => {
      if (value <= 0) return;
      const y1 = yOf(base);
      const y2 = yOf(base + value);
      parts.push(
        `<rect x="${n(x)}" y="${n(y2)}" width="${n(barWidth)}" height="${n(y1 - y2)}" fill="${escapeXml(chart.series[s]?.color ?? '#999')}"/>`,
      );
      base += value;
    });
    if (base > 0)
      parts.push(
        `<text x="${n(x + barWidth / 2)}" y="${n(yOf(base) - 5)}" font-size="12" fill="#222" text-anchor="middle">${formatCount(base)}</text>`,
      );
    parts.push(
      `<text x="${n(x + barWidth / 2)}" y="${top + plotHeight + 18}" font-size="12" fill="#333" text-anchor="middle">${escapeXml(column.label)}</text>`,
    );
    parts.push('</g>');
  });
  let lx = left;
  const ly = height - 28;
  for (const s of chart.series) {
    parts.push(`<rect x="${n(lx)}" y="${ly - 11}" width="14" height="14" fill="${escapeXml(s.color)}"/>`);
    parts.push(`<text x="${n(lx + 20)}" y="${ly}" font-size="13" fill="#333">${escapeXml(s.name)}</text>`);
    lx += 34 + Array.from(s.name).length * 7.5;
  }
  parts.push('</svg>');
  return parts.join('\n');
}

function header(width: number, height: number, title: string, subtitle?: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}" ${FONT}>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="20" y="32" font-size="19" font-weight="bold" fill="#1a1a1a">${escapeXml(title)}</text>`,
    subtitle ? `<text x="20" y="56" font-size="13" fill="#555">${escapeXml(subtitle)}</text>` : '',
  ].join('\n');
}

/** A y-axis maximum at or above `value` whose four ticks are round whole numbers (at least 4). */
export function niceMax(value: number): number {
  const tick = Math.max(1, value / 4);
  const magnitude = 10 ** Math.floor(Math.log10(tick));
  for (const step of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) {
    const candidate = step * magnitude;
    if (candidate >= tick && Number.isInteger(candidate)) return candidate * 4;
  }
  return 10 * magnitude * 4;
}

function formatCount(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(1).replace('.', ',');
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const n = (v: number) => (Math.round(v * 10) / 10).toString();
