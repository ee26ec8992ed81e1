/** An anomaly's explanation as a horizontal bar chart of feature contributions (SVG). */
import type { Contribution } from '../api/types.js';
import { formatNumber } from '../lib/format.js';

export function ContributionBars({ explanation }: { explanation: readonly Contribution[] }) {
  if (explanation.length === 0) return <p className="muted">The detector gave no feature contributions.</p>;
  const sorted = [...explanation].sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
  const max = Math.max(...sorted.map((c) => Math.abs(c.contribution)), 1e-12);
  const row = 26;
  const labelWidth = 180;
  const barWidth = 320;
  const middle = labelWidth + barWidth / 2;
  return (
    <svg
      className="contributions"
      width={labelWidth + barWidth + 90}
      height={sorted.length * row + 8}
      role="img"
      aria-label={`Feature contributions: ${sorted.map((c) => `${c.feature} ${formatNumber(c.contribution, 3)}`).join(', ')}`}
    >
      <line x1={middle} x2={middle} y1={0} y2={sorted.length * row + 8} className="axis" />
      {sorted.map((c, i) => {
        const width = (Math.abs(c.contribution) / max) * (barWidth / 2);
        const y = i * row + 4;
        return (
          <g key={c.feature}>
            <text x={labelWidth - 8} y={y + 15} textAnchor="end" className="label">
              {c.feature}
            </text>
            <rect
              x={c.contribution >= 0 ? middle : middle - width}
              y={y + 3}
              width={Math.max(1, width)}
              height={row - 8}
              className={c.contribution >= 0 ? 'push' : 'pull'}
            />
            <text x={labelWidth + barWidth + 6} y={y + 15} className="value">
              {formatNumber(c.contribution, 3)} (x={formatNumber(c.value, 3)})
            </text>
          </g>
        );
      })}
    </svg>
  );
}
