import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { BenchResult, ROOT, TableRow, readResult, round } from './harness';
import { lineChart } from './svg';

export const ORDER = ['append', 'append-peer', 'rebuild', 'scan', 'deliver', 'api', 'past-report'];

const num = (v: number | null | undefined, unit = ''): string => {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  const s = Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en-US') : String(round(v, 2));
  return unit ? `${s} ${unit}` : s;
};
const verdict = (met: boolean | null) => (met === null ? '' : met ? 'met' : 'MISSED');

/** The summary table as plain text for the terminal. */
export function consoleTable(results: BenchResult[]): string {
  const rows = results.flatMap((r) => (r.failed ? [failedRow(r)] : r.rows));
  const head = ['bench', 'what', 'figure', 'baseline', 'ratio', 'goal', ''];
  const body = rows.map((r) => [
    r.bench,
    r.what,
    num(r.figure, r.unit),
    num(r.baseline),
    r.ratio === null ? '–' : `${r.ratio}×`,
    r.goal,
    verdict(r.met),
  ]);
  const widths = head.map((h, i) => Math.min(i === 1 ? 70 : 40, Math.max(h.length, ...body.map((b) => b[i].length))));
  const line = (cells: string[]) =>
    cells.map((c, i) => (c.length > widths[i] ? c.slice(0, widths[i] - 1) + '…' : c.padEnd(widths[i]))).join(' | ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('-|-'), ...body.map(line)].join('\n');
}

function failedRow(r: BenchResult): TableRow {
  return {
    bench: r.name,
    what: `FAILED in this run: ${r.failed}`,
    figure: NaN,
    unit: '',
    baseline: null,
    baselineWhat: '',
    ratio: null,
    goal: '',
    met: false,
  };
}

function mdTable(rows: TableRow[]): string {
  const out = ['| bench | what | figure | baseline (same run) | ratio | goal | |', '| --- | --- | ---: | --- | ---: | --- | --- |'];
  for (const r of rows) {
    const baseline = r.baseline === null ? '–' : `${num(r.baseline)} (${r.baselineWhat})`;
    out.push(
      `| ${r.bench} | ${r.what} | ${num(r.figure, r.unit)} | ${baseline} | ${r.ratio === null ? '–' : `${r.ratio}×`} | ${r.goal} | ${r.met === null ? '' : r.met ? '✅ met' : '❌ missed'} |`,
    );
  }
  return out.join('\n');
}

/** Charts for the doc, from the results (growth of scan and rebuild, rebuild memory). */
export function writeCharts(results: Map<string, BenchResult>): string[] {
  const written: string[] = [];
  const ok = (name: string) => {
    const r = results.get(name);
    return r && !r.failed ? r : undefined;
  };
  const scan = ok('scan');
  if (scan) {
    const sizes = (scan.data.sizes as any[]) ?? [];
    const xFormat = (x: number) => (x >= 1e6 ? `${x / 1e6}M` : `${x / 1e3}k`);
    writeFileSync(
      path.join(ROOT, 'docs', 'bench-scan.svg'),
      lineChart([{ name: 'scanner pass issuing 1,000 notices (median)', points: sizes.map((s) => [s.tasks, s.dueMedianMs.shipped]) }], {
        title: 'scan: one pass with 1,000 notices due vs open tasks (× 3 rules)',
        xLabel: 'open tasks (log scale)',
        yLabel: 'ms per pass',
        logX: true,
        xFormat,
      }),
    );
    writeFileSync(
      path.join(ROOT, 'docs', 'bench-scan-find.svg'),
      lineChart(
        [
          { name: 'finding the 1,000 due rows (readDuePage loop)', points: sizes.map((s) => [s.tasks, s.findDueMedianMs]) },
          { name: 'whole pass with nothing due', points: sizes.map((s) => [s.tasks, s.nothingDueMedianMs.shipped]), dashed: true },
        ],
        {
          title: 'scan: the part that depends on the number of tasks (median)',
          xLabel: 'open tasks (log scale)',
          yLabel: 'ms',
          logX: true,
          xFormat,
        },
      ),
    );
    written.push('docs/bench-scan.svg', 'docs/bench-scan-find.svg');
  }
  const past = ok('past-report');
  if (past) {
    const sizes = (past.data.sizes as any[]) ?? [];
    writeFileSync(
      path.join(ROOT, 'docs', 'bench-past-report.svg'),
      lineChart(
        [
          { name: 'summary as of 90 days back (median)', points: sizes.map((s) => [s.tasks, s.pastMedianMs]) },
          { name: 'current summary without cache (median)', points: sizes.map((s) => [s.tasks, s.nowMedianMs]), dashed: true },
        ],
        {
          title: `past-report: summary time vs tasks (10 events each, ${Number(past.params.changedSince).toLocaleString('en-US')} changed since)`,
          xLabel: 'tasks (log scale)',
          yLabel: 'ms per summary',
          logX: true,
          xFormat: (x) => (x >= 1e6 ? `${x / 1e6}M` : `${x / 1e3}k`),
        },
      ),
    );
    written.push('docs/bench-past-report.svg');
  }
  const rebuild = ok('rebuild');
  if (rebuild) {
    const perTask = Number(rebuild.data.tasksPerEvent ?? 0.1);
    const toTasks = (curve: [number, number][]) => curve.map(([e, s]) => [Math.round(e * perTask), s] as [number, number]);
    const proposed = rebuild.data.proposed as any;
    const svg = lineChart(
      [
        { name: 'rebuild as shipped (batches of 500)', points: toTasks(rebuild.data.rebuildCurve as [number, number][]) },
        ...(proposed ? [{ name: 'rebuild, proposed changes', points: toTasks(proposed.curve as [number, number][]) }] : []),
        { name: 'plain ordered read', points: toTasks(rebuild.data.readCurve as [number, number][]), dashed: true },
      ],
      {
        title: `rebuild: elapsed time vs tasks rebuilt (${Math.round(1 / perTask)} events per task)`,
        xLabel: 'tasks whose history has been applied',
        yLabel: 'seconds since start',
        xFormat: (x) => (x >= 1000 ? `${round(x / 1000, 1)}k` : String(x)),
      },
    );
    writeFileSync(path.join(ROOT, 'docs', 'bench-rebuild.svg'), svg);
    written.push('docs/bench-rebuild.svg');
    const samples = (rebuild.data.memorySamples as any[]) ?? [];
    const mem = lineChart(
      [
        { name: 'RSS (as shipped)', points: samples.map((s) => [s.t, s.rssMiB]) },
        { name: 'heap used (as shipped)', points: samples.map((s) => [s.t, s.heapMiB]) },
        ...(proposed
          ? [
              {
                name: 'heap used (proposed)',
                points: (proposed.samples as any[]).map((s) => [s.t, s.heapMiB] as [number, number]),
                dashed: true,
              },
            ]
          : []),
      ],
      { title: 'rebuild: memory of the process during the rebuild', xLabel: 'seconds', yLabel: 'MiB' },
    );
    writeFileSync(path.join(ROOT, 'docs', 'bench-rebuild-memory.svg'), mem);
    written.push('docs/bench-rebuild-memory.svg');
  }
  return written;
}

/** docs/benchmarks.md from every result file present (each benchmark keeps its own date). */
export function writeDoc(results: Map<string, BenchResult>, narrative: (r: Map<string, BenchResult>) => string): void {
  const list = ORDER.map((n) => results.get(n)).filter((r): r is BenchResult => !!r);
  const m = list[0]?.machine;
  const dates = [...new Set(list.map((r) => r.date.slice(0, 10)))].join(', ');
  const lines: string[] = [];
  lines.push('# Benchmarks');
  lines.push('');
  lines.push('Generated by `npm run bench` (all) or `npm run bench -- <name> …` from `bench/results/*.json`; do not edit by hand:');
  lines.push('the notes below are written by `bench/lib/narrative.ts` around the measured numbers.');
  lines.push('');
  if (m) {
    const loads =
      `1-minute load average at the start of each benchmark: ${list.map((r) => `${r.name} ${r.machine.loadAtStart}`).join(', ')} on ${m.cores} cores; ` +
      `other client sessions on the server: ${list.map((r) => r.machine.otherSessions).join('/')}`;
    // each benchmark's load average carries the previous one's own processes (32 writers make a
    // load of 6): only the first one's, and sessions of other clients on the server, tell of others
    const loaded = Number(list[0].machine.loadAtStart) > m.cores || list.some((r) => Number(r.machine.otherSessions) > 2);
    lines.push(
      `Machine: ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, PostgreSQL ${m.postgres}, Node ${m.node}. Date: ${dates}. ` +
        (loaded
          ? `**Shared and loaded**: other work ran on the same machine or the same PostgreSQL server during the run (${loads}). Absolute figures are therefore low and noisy; `
          : `Nothing else ran on the machine (${loads}; after the first, each load average is mostly the previous benchmark's own processes); figures still vary by ±15 % between runs; `) +
        `every goal is a ratio against a baseline measured in the same run, side by side (alternating runs), and figures are medians.`,
    );
  }
  lines.push('');
  lines.push(mdTable(list.flatMap((r) => (r.failed ? [failedRow(r)] : r.rows))));
  lines.push('');
  lines.push(narrative(new Map([...results].filter(([, r]) => !r.failed))));
  writeFileSync(path.join(ROOT, 'docs', 'benchmarks.md'), lines.join('\n').replace(/\n{3,}/g, '\n\n') + '\n');
}

export function loadAll(): Map<string, BenchResult> {
  const map = new Map<string, BenchResult>();
  for (const name of ORDER) {
    const r = readResult(name);
    if (r) map.set(name, r);
  }
  return map;
}
