/**
 * The dashboard, measured in a real browser (Debian's chromium through playwright-core) against
 * a live server fed by the simulator (test/browser/dashboard-server.ts):
 *  - bundle size of the built app (bytes, and gzip as served over a compressing proxy);
 *  - time to first chart paint: from navigation start to the frame after the candles are drawn,
 *    on /chart/<symbol> (bundle, session check, bars API and rendering included), cold cache;
 *  - opening 50,000 bars with 1,000 anomaly markers in the chart component (setData to the
 *    frame after the first paint), and the 95th percentile of frame gaps while the last bar is
 *    updated once per frame (the chart keeps up with 10 updates a second while this is < 100 ms),
 *    with 50,000 and with 2,000 bars loaded, and the main-thread cost of one update call
 *    (`seriesBars`: how many of the loaded bars are in the chart's series — see price-chart.ts),
 *    and the time to show the whole history at once (every loaded bar in the series, fitted).
 * Medians of 3 runs. The load average is printed with each figure: the machine may be shared.
 *
 *   npx tsx bench/dashboard.bench.ts            (or: npm run bench -- dashboard)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { browserUnavailableReason, launchBrowser } from '../test/browser/browser.js';
import { WEB_ROOT, startDashboardServer } from '../test/browser/dashboard-server.js';
import { median, report } from './lib/report.js';

const BENCH = 'dashboard';
const RUNS = 3;

interface Dataset {
  readonly [key: string]: string | undefined;
}

async function main(): Promise<void> {
  const unavailable = browserUnavailableReason();
  if (unavailable !== null) {
    process.stderr.write(`dashboard benchmark skipped: ${unavailable}\n`);
    return;
  }
  process.env['NODE_ENV'] = 'production';
  await build({ root: resolve(import.meta.dirname, '../web'), logLevel: 'warn' });
  const load = (): Record<string, number> => ({ load1: Number(loadavg()[0]!.toFixed(2)) });

  const assets = join(WEB_ROOT, 'assets');
  for (const extension of ['js', 'css']) {
    const files = readdirSync(assets).filter((name) => name.endsWith(`.${extension}`));
    const bytes = files.reduce((sum, name) => sum + readFileSync(join(assets, name)).length, 0);
    const gzip = files.reduce((sum, name) => sum + gzipSync(readFileSync(join(assets, name))).length, 0);
    report(BENCH, `bundle_${extension}`, bytes, 'bytes', { gzip, files: files.length });
  }

  const server = await startDashboardServer({ historyMinutes: 180 });
  const browser = await launchBrowser();
  try {
    const login = async (context: Awaited<ReturnType<typeof browser.newContext>>): Promise<void> => {
      const response = await context.request.post(`${server.url}/api/v1/auth/login`, {
        data: { username: 'admin', password: server.adminPassword },
      });
      if (response.status() !== 200) throw new Error(`login failed: ${response.status()}`);
    };
    const dataset = async (url: string, testId: string, until: string): Promise<Dataset> => {
      const context = await browser.newContext({ viewport: { width: 1366, height: 800 } });
      try {
        await login(context);
        const page = await context.newPage();
        await page.goto(url);
        const element = page.getByTestId(testId);
        await element.and(page.locator(`[data-${until}]`)).waitFor({ timeout: 60_000 });
        return await element.evaluate((node) => ({ ...(node as unknown as { dataset: Dataset }).dataset }));
      } finally {
        await context.close();
      }
    };

    for (const timeframe of ['1m', '1s']) {
      const paints: number[] = [];
      let bars = 0;
      for (let run = 0; run < RUNS; run++) {
        const data = await dataset(
          `${server.url}/chart/${server.liveSymbol}?tf=${timeframe}`,
          'chart',
          'painted-at-ms',
        );
        paints.push(Number(data['paintedAtMs']));
        bars = Number(data['bars']);
      }
      report(BENCH, `first_chart_paint_${timeframe}`, median(paints), 'ms', { bars, ...load() });
    }

    for (const bars of [50_000, 2_000]) {
      const opens: number[] = [];
      const updates: number[] = [];
      const calls: number[] = [];
      const showAlls: number[] = [];
      let seriesBars = 0;
      for (let run = 0; run < RUNS; run++) {
        const data = await dataset(
          `${server.url}/bench/chart?bars=${bars}&markers=1000&updates=60&all=1`,
          'bench-chart',
          'update-p95-ms',
        );
        opens.push(Number(data['openMs']));
        updates.push(Number(data['updateP95Ms']));
        calls.push(Number(data['updateCallMs']));
        showAlls.push(Number(data['showAllMs']));
        seriesBars = Number(data['windowBars']);
      }
      report(BENCH, `open_${bars}_bars_1000_markers`, median(opens), 'ms', { seriesBars, ...load() });
      report(BENCH, `update_frame_p95_${bars}_bars`, median(updates), 'ms', { seriesBars, ...load() });
      report(BENCH, `update_call_${bars}_bars`, median(calls), 'ms', load());
      report(BENCH, `show_all_${bars}_bars`, median(showAlls), 'ms', load());
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
