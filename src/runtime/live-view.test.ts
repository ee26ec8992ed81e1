import { describe, expect, it } from 'vitest';
import type { Bar, PartialBar, Trade } from '../core/events.js';
import { makeBar } from '../../test/helpers/bars.js';
import { LiveView } from './live-view.js';

function trade(price: number): Trade {
  return {
    type: 'trade',
    symbol: 'TEST',
    tsEvent: 1,
    tsRecv: 2,
    price,
    size: 1,
    side: 'buy',
    tradeId: String(price),
    source: 't',
  };
}

function day(type: 'bar' | 'bar.partial', open: number, close: number, volume: number): Bar | PartialBar {
  return { ...makeBar(0, { timeframe: '1d', open, close, volume }), type } as Bar | PartialBar;
}

describe('LiveView', () => {
  const render = (view: LiveView, out: string[]): string => {
    out.length = 0;
    view.render(1_700_000_000_000_000, { ticksPerSecond: 3, quarantined: 1, storeRows: 12_345 });
    return out.join('');
  };

  it('shows the change from the previous session close once a daily bar has closed, else from the day open', () => {
    const out: string[] = [];
    const view = new LiveView({ write: (t) => out.push(t), symbols: ['TEST'], color: false });
    expect(render(view, out)).toMatch(/TEST\s+—\s+\(no trades yet\)/);
    view.observe(day('bar.partial', 100, 101, 500));
    view.observe(trade(102));
    expect(render(view, out)).toMatch(/TEST\s+102\.00\s+▲\s+2\.00%\s+vol\s+500/);
    view.observe(day('bar', 100, 104, 900)); // the session closes at 104
    view.observe(trade(103));
    expect(render(view, out)).toMatch(/TEST\s+103\.00\s+▼\s+0\.96%\s+vol\s+0/);
    expect(render(view, out)).toMatch(
      /── 2023-11-14 22:13:20 UTC · 3 ticks\/s · 0 anomalies · 1 quarantined · 12\.3k rows stored/,
    );
  });

  it('prints anomalies at once, unless quiet (warm-up)', () => {
    const out: string[] = [];
    const view = new LiveView({ write: (t) => out.push(t), symbols: ['TEST'], color: false });
    const anomaly = {
      type: 'anomaly' as const,
      id: 'a',
      symbol: 'TEST',
      timeframe: '1m',
      ts: 1_700_000_000_000_000,
      kind: 'volume_spike',
      severity: 'critical' as const,
      score: 0.9,
      rawScore: 10,
      detector: 'volume_spike',
      message: 'volume 10.0× the 20-bar average',
      explanation: [],
      context: {},
      tsRecv: 1,
    };
    view.setQuiet(true);
    view.observe(anomaly);
    expect(out).toHaveLength(0);
    view.setQuiet(false);
    view.observe(anomaly);
    expect(out.join('')).toBe(
      '🚨 2023-11-14 22:13:20 TEST     1m volume_spike critical: volume 10.0× the 20-bar average (score 0.90)\n',
    );
  });
});
