/**
 * Writes the committed golden recording, test-data/golden/recording.ndjson.gz: two hours around the
 * NYSE open for two stocks and one crypto pair, with a high anomaly rate so that detectors fire,
 * plus hand-made hostile lines (malformed JSON, a duplicate trade, a late trade, an unknown
 * symbol, a negative price) so that quarantine is exercised too.
 *
 *   npx tsx scripts/make-golden-recording.ts
 *
 * The golden test never regenerates this file: it is the fixed input. Regenerate only on purpose
 * (e.g. after changing the simulator), then refresh the expected outputs with
 * `UPDATE_GOLDEN=1 npx vitest run test/golden`.
 */
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Trade } from '../src/core/events.js';
import { microsFromIso } from '../src/core/time.js';
import { MarketSimulator, defaultUniverse } from '../src/sources/simulator/index.js';
import { RECORDING_HEADER } from '../src/runtime/replay.js';

const universe = defaultUniverse(20);
// Thin markets keep the committed file small (~0.5 trade/s per symbol, one quote per trade).
const instruments = [
  ...universe.filter((i) => i.assetClass === 'stock').slice(0, 2),
  ...universe.filter((i) => i.assetClass === 'crypto').slice(0, 1),
].map((i) => ({ ...i, tradesPerSecond: 0.5, quotesPerTrade: 1 }));
const start = microsFromIso('2025-01-07T14:00:00Z'); // 09:00 New York, half an hour before the open
const end = microsFromIso('2025-01-07T16:00:00Z');
const simulator = new MarketSimulator({
  seed: 'golden',
  start,
  instruments,
  anomaliesPerSymbolDay: 40,
  meanLatency: 2_000,
});

const lines: string[] = [
  JSON.stringify({ type: RECORDING_HEADER, version: 1, instruments, createdBy: 'scripts/make-golden-recording.ts' }),
];
let count = 0;
let sampleTrade: Trade | null = null;
let hostileWritten = false;
simulator.advance(end, (event) => {
  lines.push(JSON.stringify(event));
  count++;
  // Hostile inputs, interleaved at fixed points of the stream.
  if (count === 500) lines.push('{"type":"trade","symbol":"AAPL",'); // truncated JSON
  if (count >= 9_000 && sampleTrade === null && event.type === 'trade') {
    sampleTrade = event;
    lines.push(JSON.stringify(event)); // the same trade again: a feed duplicate
  }
  if (count >= 10_000 && !hostileWritten && event.type === 'trade') {
    hostileWritten = true;
    lines.push(JSON.stringify({ ...event, tradeId: `${event.tradeId}-late`, tsEvent: event.tsEvent - 60_000_000 })); // a minute late
    lines.push(JSON.stringify({ ...event, tradeId: `${event.tradeId}-amend`, tsEvent: event.tsEvent - 1_500_000 })); // late but within the lateness: a correction
    lines.push(JSON.stringify({ ...event, tradeId: `${event.tradeId}-bad`, price: -1 })); // negative price
    lines.push(JSON.stringify({ ...event, tradeId: `${event.tradeId}-x`, symbol: 'NOPE' })); // unknown symbol
  }
});
writeFileSync(new URL('../test-data/golden/recording.ndjson.gz', import.meta.url), gzipSync(`${lines.join('\n')}\n`));
process.stdout.write(
  `wrote ${lines.length} lines (${count} simulator events) for ${instruments.map((i) => i.symbol).join(', ')}\n`,
);
