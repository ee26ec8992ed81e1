/** The readable table of an evaluation report: one block per detector, one row per anomaly kind. */
import type { Scores } from './matching.js';
import type { EvalReport } from './run-eval.js';

const percent = (x: number): string => `${(x * 100).toFixed(1)}%`;
const rate = (x: number): string => `${(x * 100).toFixed(2)}%`;
const seconds = (x: number | null): string => (x === null ? '—' : `${x.toFixed(0)} s`);

export function formatEvalReport(report: EvalReport): string {
  const lines: string[] = [];
  lines.push(
    `Dataset ${report.dataset}: ${report.instruments} symbols, ${report.symbolDays.toFixed(1)} symbol-days, ` +
      `${report.labels} labels (${Object.entries(report.labelsByKind)
        .map(([k, n]) => `${k} ${n}`)
        .join(
          ', ',
        )}); windows [start − ${report.toleranceSeconds.before} s, end + ${report.toleranceSeconds.after} s]; ` +
      `burn-in ${report.burnInSeconds / 60} min per symbol (${report.burnInLabels} labels in it, not scored)`,
  );
  lines.push('');
  const header = ['detector', 'tf', 'kind', 'labels', 'hits', 'false', 'precision', 'recall', 'F1', 'mean TTD'];
  const rows: string[][] = [];
  for (const detector of report.detectors) {
    const row = (kind: string, s: Scores): string[] => [
      detector.detector,
      detector.timeframe,
      kind,
      String(s.labels),
      String(s.hits),
      String(s.falseAlarms),
      percent(s.precision),
      percent(s.recall),
      s.f1.toFixed(3),
      seconds(s.meanSecondsToDetect),
    ];
    rows.push(row('(all)', detector.overall));
    for (const [kind, s] of Object.entries(detector.byKind)) rows.push(row(kind, s));
  }
  lines.push(...table(header, rows, new Set([0, 2])));
  lines.push('');
  const summaryHeader = ['detector', 'detections', 'false alarms', 'per symbol-day', 'false-positive rate'];
  lines.push(
    ...table(
      summaryHeader,
      report.detectors.map((d) => [
        d.detector,
        String(d.detections),
        String(d.falseAlarms),
        d.falseAlarmsPerSymbolDay.toFixed(2),
        d.falsePositiveRate === null ? '—' : rate(d.falsePositiveRate),
      ]),
      new Set([0]),
    ),
  );
  return `${lines.join('\n')}\n`;
}

/** Columns in `leftAligned` are text (padded right); the others are numbers (padded left). */
function table(header: readonly string[], rows: readonly string[][], leftAligned: ReadonlySet<number>): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (leftAligned.has(i) ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}
