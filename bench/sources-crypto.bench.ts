/**
 * Crypto source parse throughput: Binance and Coinbase frames → tickwatch events, in messages
 * per second. Both venues send ONE message per WebSocket frame (Binance combined streams wrap
 * it as {stream,data}), so the realistic batch is a burst of small frames, each a Buffer as `ws`
 * hands it over: the figure includes UTF-8 decoding, JSON.parse, exact decimal validation of
 * the string prices and sizes, timestamp conversion (Coinbase: ISO-8601 µs) and event
 * construction into the reusable output. A baseline measures decoding + JSON.parse alone.
 * Byte frames of the hot kinds take the parsers' byte scanner (no JSON.parse); the
 * `*_general_path` figures pass the decoded text instead, which always takes the JSON.parse
 * path, to show what the scanner saves.
 *
 *   npx tsx bench/sources-crypto.bench.ts      (or: npm run bench -- sources-crypto)
 */
import { createBinanceOutput, parseBinanceFrame, resetBinanceOutput } from '../src/sources/binance/parse.js';
import { createCoinbaseOutput, parseCoinbaseFrame, resetCoinbaseOutput } from '../src/sources/coinbase/parse.js';
import { median, report } from './lib/report.js';

const BENCH = 'sources-crypto';
const FRAMES = 200_000;
const T0_MS = 1_704_724_200_000;
const pairs = ['btcusdt', 'ethusdt', 'solusdt', 'bnbusdt', 'xrpusdt', 'dogeusdt', 'adausdt', 'avaxusdt'];
const price = (i: number): string => (40_000 + Math.sin(i * 0.01) * 500).toFixed(2);
const size = (i: number): string => (0.0001 + (i % 97) / 1000).toFixed(8);

function build(make: (i: number) => object): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < FRAMES; i++) out.push(Buffer.from(JSON.stringify(make(i))));
  return out;
}

const binanceTrades = build((i) => {
  const pair = pairs[i % pairs.length] as string;
  return {
    stream: `${pair}@trade`,
    data: {
      e: 'trade',
      E: T0_MS + i,
      s: pair.toUpperCase(),
      t: 3366300001 + i,
      p: price(i),
      q: size(i),
      T: T0_MS + i,
      m: i % 3 === 0,
      M: true,
    },
  };
});
const binanceMixed = build((i) => {
  const pair = pairs[i % pairs.length] as string;
  return i % 2 === 0
    ? {
        stream: `${pair}@bookTicker`,
        data: { u: 40700001234 + i, s: pair.toUpperCase(), b: price(i), B: size(i), a: price(i + 1), A: size(i + 3) },
      }
    : {
        stream: `${pair}@aggTrade`,
        data: {
          e: 'aggTrade',
          E: T0_MS + i,
          s: pair.toUpperCase(),
          a: 1234567001 + i,
          p: price(i),
          q: size(i),
          f: 1,
          l: 2,
          T: T0_MS + i,
          m: false,
          M: true,
        },
      };
});
const products = ['BTC-USD', 'ETH-USD', 'SOL-USD', 'DOGE-USD'];
const iso = (i: number): string =>
  `${new Date(T0_MS + Math.floor(i / 10)).toISOString().slice(0, -1)}${String(i % 1000).padStart(3, '0')}Z`;
const coinbaseMatches = build((i) => ({
  type: 'match',
  trade_id: 575283601 + i,
  maker_order_id: 'ac928c66-ca53-498f-9c13-a110027a60e8',
  taker_order_id: '132fb6ae-456b-4654-b4e0-d681ac05cea1',
  side: i % 2 === 0 ? 'sell' : 'buy',
  size: size(i),
  price: price(i),
  product_id: products[i % products.length],
  sequence: 71350016001 + i,
  time: iso(i),
}));
const coinbaseTickers = build((i) => ({
  type: 'ticker',
  sequence: 71350016001 + i,
  product_id: products[i % products.length],
  price: price(i),
  open_24h: '45100.00',
  volume_24h: '12345.67890123',
  low_24h: '44800.00',
  high_24h: '47001.00',
  volume_30d: '401234.12345678',
  best_bid: price(i),
  best_bid_size: size(i),
  best_ask: price(i + 1),
  best_ask_size: size(i + 2),
  side: i % 2 === 0 ? 'buy' : 'sell',
  time: iso(i),
  trade_id: 575283601 + i,
  last_size: size(i),
}));

let sinkCount = 0;
/**
 * Median of 5 runs, as wall-clock and as CPU-time throughput (user + system of this process):
 * on a shared machine the CPU figure is the one that says what the parser costs.
 */
function measure(name: string, input: readonly Buffer[], parse: (frame: Buffer) => number): void {
  for (let i = 0; i < 20_000; i++) parse(input[i] as Buffer); // warm-up
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let run = 0; run < 5; run++) {
    const cpuStart = process.cpuUsage();
    const start = process.hrtime.bigint();
    let events = 0;
    for (const frame of input) events += parse(frame);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const used = process.cpuUsage(cpuStart);
    if (events !== input.length) throw new Error(`${name}: ${events} events from ${input.length} messages`);
    sinkCount += events;
    wall.push(input.length / seconds);
    cpu.push(input.length / ((used.user + used.system) / 1e6));
  }
  report(BENCH, name, median(wall), 'messages/s', { messagesPerFrame: 1, frames: input.length });
  report(BENCH, `${name}_cpu_time`, median(cpu), 'messages/s of CPU time', {
    messagesPerFrame: 1,
    frames: input.length,
  });
}

const recv = T0_MS * 1000;
const binanceOut = createBinanceOutput();
const binanceContext = { source: 'binance', timeUnit: 'millisecond' } as const;
const coinbaseOut = createCoinbaseOutput();

measure('baseline_json_parse_binance_trades', binanceTrades, (frame) => (JSON.parse(frame.toString('utf8')) ? 1 : 0));
measure('parse_binance_trades', binanceTrades, (frame) => {
  resetBinanceOutput(binanceOut);
  parseBinanceFrame(frame, recv, binanceContext, binanceOut);
  return binanceOut.events.length;
});
measure('parse_binance_trades_general_path', binanceTrades, (frame) => {
  resetBinanceOutput(binanceOut);
  parseBinanceFrame(frame.toString('utf8'), recv, binanceContext, binanceOut);
  return binanceOut.events.length;
});
measure('parse_binance_aggtrades_and_booktickers', binanceMixed, (frame) => {
  resetBinanceOutput(binanceOut);
  parseBinanceFrame(frame, recv, binanceContext, binanceOut);
  return binanceOut.events.length;
});
measure('baseline_json_parse_coinbase_matches', coinbaseMatches, (frame) =>
  JSON.parse(frame.toString('utf8')) ? 1 : 0,
);
measure('parse_coinbase_matches', coinbaseMatches, (frame) => {
  resetCoinbaseOutput(coinbaseOut);
  parseCoinbaseFrame(frame, recv, 'coinbase', coinbaseOut);
  return coinbaseOut.events.length;
});
measure('parse_coinbase_matches_general_path', coinbaseMatches, (frame) => {
  resetCoinbaseOutput(coinbaseOut);
  parseCoinbaseFrame(frame.toString('utf8'), recv, 'coinbase', coinbaseOut);
  return coinbaseOut.events.length;
});
measure('baseline_json_parse_coinbase_tickers', coinbaseTickers, (frame) =>
  JSON.parse(frame.toString('utf8')) ? 1 : 0,
);
measure('parse_coinbase_tickers', coinbaseTickers, (frame) => {
  resetCoinbaseOutput(coinbaseOut);
  parseCoinbaseFrame(frame, recv, 'coinbase', coinbaseOut);
  return coinbaseOut.events.length;
});
process.stderr.write(`# ${sinkCount} events parsed\n`);
