/**
 * The dashboard in a real browser (Debian's chromium through playwright-core) against a real
 * server on 127.0.0.1 fed live by the simulator (test/browser/dashboard-server.ts): log in, see
 * the markets, watch a chart render and update, see an injected anomaly's marker appear, accept
 * it, draw a label and find it through the API, check the heatmap against the server's correlation
 * matrix, add an alert channel and a route as an admin (and find them through the API) while a
 * viewer cannot, and check the system and labels pages — with no console errors. Screenshots of every page are taken (see SCREENSHOTS below).
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Anomaly, Label } from '../../src/core/events.js';
import { startHttpServer, type LocalHttpServer } from '../alerts/local-servers.js';
import { collectErrors, launchBrowser, shouldRunBrowserTests } from './browser.js';
import { startDashboardServer, type DashboardServer } from './dashboard-server.js';

/** The part of a DOM element read here (this file compiles without the DOM library). */
interface DomElement {
  readonly dataset: Record<string, string | undefined>;
}
interface FocusedDocument {
  readonly document: { readonly activeElement: { readonly textContent: string | null } | null };
}

/**
 * Screenshots refresh the committed docs/screenshots/ only when asked
 * (`TICKWATCH_SCREENSHOTS=1 npm run test:browser`); otherwise they go to a temporary
 * directory, so `npm test` never dirties the working tree.
 */
const SCREENSHOTS =
  process.env['TICKWATCH_SCREENSHOTS'] === '1'
    ? resolve(import.meta.dirname, '../../docs/screenshots')
    : join(tmpdir(), 'tickwatch-screenshots');
const VIEWPORT = { width: 1366, height: 800 }; // a common laptop screen
/** Generous: CI machines are shared; a poll returns as soon as its condition holds. */
const POLL = { timeout: 15_000 };

describe.runIf(shouldRunBrowserTests())('dashboard in chromium', { timeout: 60_000 }, () => {
  let server: DashboardServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let injected: Anomaly;
  let receiver: LocalHttpServer;

  const shot = (name: string): Promise<Buffer> => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
  const api = async <T>(path: string): Promise<T> => {
    const response = await page.request.get(`${server.url}${path}`);
    expect(response.status(), path).toBe(200);
    return (await response.json()) as T;
  };
  const chartData = (): Promise<Record<string, string | undefined>> =>
    page.getByTestId('chart').evaluate((element) => ({ ...(element as unknown as DomElement).dataset }));

  beforeAll(async () => {
    // Build the app under test from the current sources (about a second).
    // NODE_ENV decides React's build and the JSX transform; vitest sets it to `test`.
    const nodeEnv = process.env['NODE_ENV'];
    process.env['NODE_ENV'] = 'production';
    try {
      await build({ root: resolve(import.meta.dirname, '../../web'), logLevel: 'warn' });
    } finally {
      process.env['NODE_ENV'] = nodeEnv;
    }
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchBrowser(); // first: without chromium, fail before starting anything
    server = await startDashboardServer();
    receiver = await startHttpServer(); // the webhook an admin adds on the Alerts page
    context = await browser.newContext({ viewport: VIEWPORT, colorScheme: 'dark' });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    errors = collectErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await receiver?.stop();
  });

  it('shows a clear error for a wrong password, then logs in', async () => {
    await page.goto(`${server.url}/`);
    await expect.poll(() => page.url(), POLL).toContain('/login');
    await page.getByLabel('User name').fill('admin');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), POLL).toContain('Wrong user name or password');
    await shot('login');
    // The refused login is the one expected console error (the browser logs the 401).
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
    errors.length = 0;

    await page.getByLabel('Password').fill(server.adminPassword);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByTestId('overview').waitFor();
    await expect.poll(() => page.url(), POLL).toBe(`${server.url}/`);
  });

  it('lists the symbols with prices, sparklines and session state', async () => {
    const rows = page.getByTestId('overview').locator('tbody tr');
    await expect.poll(() => rows.count(), POLL).toBeGreaterThanOrEqual(2);
    const text = await page.getByTestId('overview').textContent();
    expect(text).toContain(server.liveSymbol);
    expect(text).toContain('24h');
    expect(await page.locator('svg.sparkline polyline').count()).toBeGreaterThanOrEqual(2);
    await page.getByLabel('Filter symbols').fill(server.liveSymbol.slice(0, 3));
    await expect.poll(() => rows.count(), POLL).toBe(1);
    await page.getByLabel('Filter symbols').fill('');
    await shot('overview');
    expect(errors).toEqual([]);
  });

  it('opens a chart from the overview; candles render and the forming bar updates live', async () => {
    await page.getByRole('link', { name: server.liveSymbol, exact: true }).click();
    await expect.poll(() => page.url(), POLL).toContain(`/chart/${server.liveSymbol}`);
    await page.getByRole('button', { name: '1s', exact: true }).click();
    await expect.poll(async () => Number((await chartData())['bars'] ?? 0), POLL).toBeGreaterThan(100);
    const before = await chartData();
    expect(Number(before['renderMs'])).toBeGreaterThan(0);
    // 1s bars: within a few seconds new bars arrive over the WebSocket.
    await expect
      .poll(async () => Number((await chartData())['lastTime']), { timeout: 30_000 })
      .toBeGreaterThan(Number(before['lastTime']));
    const canvases = await page.getByTestId('chart').locator('canvas').count();
    expect(canvases).toBeGreaterThan(2);
    expect(errors).toEqual([]);
  });

  it("shows an injected anomaly's marker as it happens", async () => {
    const before = Number((await chartData())['markers']);
    injected = await server.injectAnomaly(server.liveSymbol, '1s', 'critical');
    await expect.poll(async () => Number((await chartData())['markers']), { timeout: 15_000 }).toBe(before + 1);
    await expect.poll(() => page.locator('.chart-side').textContent(), POLL).toContain('volume_spike');
    await shot('chart');
    expect(errors).toEqual([]);
  });

  it('accepts the anomaly: the verdict is stored as a label', async () => {
    await page.getByRole('link', { name: 'Anomalies', exact: true }).click();
    await page.getByTestId('anomaly-feed').waitFor();
    await expect
      .poll(() => page.getByTestId('anomaly-feed').textContent(), POLL)
      .toContain('injected by the browser test');
    await shot('anomalies');
    await page
      .getByTestId('anomaly-feed')
      .locator('tr', { hasText: 'injected by the browser test' })
      .first()
      .getByRole('link')
      .click();
    await page.getByRole('button', { name: 'Accept' }).waitFor();
    await expect.poll(() => page.locator('svg.contributions rect').count(), POLL).toBe(3);
    await page.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => page.getByTestId('verdict').textContent(), POLL).toContain('Accepted');
    const labels = await api<{ data: Label[] }>(`/api/v1/labels?anomaly_id=${encodeURIComponent(injected.id)}`);
    expect(labels.data).toHaveLength(1);
    expect(labels.data[0]).toMatchObject({
      verdict: 'anomaly',
      kind: 'volume_spike',
      symbol: server.liveSymbol,
      end: injected.ts,
    });
    await expect
      .poll(async () => Number(await page.getByTestId('detail-chart').locator('canvas').count()), POLL)
      .toBeGreaterThan(0);
    await shot('anomaly-detail');
    expect(errors).toEqual([]);
  });

  it('draws a label on the chart, auto-refines it and finds it through the API', async () => {
    await page.goto(`${server.url}/chart/${server.liveSymbol}?tf=1m`);
    await expect.poll(async () => Number((await chartData())['bars'] ?? 0), POLL).toBeGreaterThan(60);
    // Indicator overlays from the stored history are drawn by default (SMA/EMA/Bollinger, RSI).
    await expect
      .poll(() => page.locator('summary', { hasText: 'Indicators' }).textContent(), POLL)
      .toMatch(/Indicators \([1-9]/);
    await page.getByRole('button', { name: 'Label range' }).click();
    const layer = page.getByTestId('draw-layer');
    const box = (await layer.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.35, box.y + box.height * 0.4);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.4, { steps: 8 });
    await page.mouse.move(box.x + box.width * 0.65, box.y + box.height * 0.4, { steps: 8 });
    await page.mouse.up();
    const editor = page.getByRole('form', { name: 'New label' });
    await editor.waitFor();
    await editor.getByLabel('Class').selectOption('news_move');
    await editor.getByLabel('Note').fill('drawn by the browser test');
    await editor.getByRole('button', { name: 'Auto-refine' }).click();
    await expect.poll(() => editor.getByRole('status').textContent(), POLL).toMatch(/Refined|range/);
    await editor.getByRole('button', { name: 'Save label' }).click();
    await expect
      .poll(() => page.getByRole('form', { name: 'Edit label' }).getByRole('status').textContent(), POLL)
      .toContain('Saved');
    const labels = await api<{ data: Label[] }>(
      `/api/v1/labels?symbol=${server.liveSymbol}&kind=news_move&source=user`,
    );
    expect(labels.data).toHaveLength(1);
    const label = labels.data[0]!;
    expect(label.note).toBe('drawn by the browser test');
    expect(label.verdict).toBe('anomaly');
    expect(label.end).toBeGreaterThan(label.start);
    expect((label.end - label.start) % 60_000_000).toBe(0); // snapped to whole 1m bars
    await expect.poll(() => page.locator('.label-box.user').count(), POLL).toBeGreaterThanOrEqual(1);
    await shot('chart-label');

    // Edit and export: the CSV download carries the label.
    await page.getByRole('form', { name: 'Edit label' }).getByLabel('Note').fill('edited by the browser test');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect
      .poll(
        async () =>
          (await api<{ data: Label[] }>(`/api/v1/labels?symbol=${server.liveSymbol}&kind=news_move`)).data[0]?.note,
        POLL,
      )
      .toBe('edited by the browser test');
    const csv = await page.request.get(`${server.url}/api/v1/labels/export?format=csv&symbol=${server.liveSymbol}`);
    expect(await csv.text()).toContain('edited by the browser test');
    expect(errors).toEqual([]);
  });

  it("renders the heatmap from the server's correlation matrix and outlines a correlation break", async () => {
    interface Matrix {
      ts: number;
      symbols: string[];
      matrix: (number | null)[][];
    }
    await page.getByRole('link', { name: 'Correlation' }).click();
    const heatmap = page.getByTestId('heatmap');
    await heatmap.waitFor();
    // The matrix moves on every closed bar: compare against the API's answer of the same bar time.
    let matrix: Matrix = await api<Matrix>('/api/v1/correlation?timeframe=1m');
    let period = '6';
    await expect
      .poll(async () => {
        matrix = await api<Matrix>('/api/v1/correlation?timeframe=1m');
        if (Number(await heatmap.getAttribute('data-ts')) === matrix.ts) return true;
        await page.getByLabel('Breaks within').selectOption(period); // a change refetches
        period = period === '6' ? '24' : '6';
        return false;
      }, POLL)
      .toBe(true);
    const n = matrix.symbols.length;
    expect(n).toBeGreaterThanOrEqual(2);
    const texts = await heatmap.locator('tbody td').allTextContents();
    expect(texts).toEqual(matrix.matrix.flat().map((value) => (value === null ? '·' : value.toFixed(2))));
    expect(matrix.matrix.flat().some((value, i) => value !== null && i % (n + 1) !== 0)).toBe(true);

    // A correlation break of a pair (as the pair detector reports it) outlines both of its cells.
    const [first, second] = ['ETH-USD', 'BTC-USD'];
    const broken = await server.injectAnomaly(first, '1m', 'warning', {
      kind: 'correlation_break',
      detector: 'correlation_break',
      message: `correlation of ${first}/${second} 0.05 over 10 vs 0.85 over 60 (z -4.2), injected by the browser test`,
      context: { pair: `${first}/${second}`, shortCorrelation: 0.05, longCorrelation: 0.85, z: -4.2 },
    });
    await page.getByLabel('Breaks within').selectOption(period); // a change refetches now
    const cell = (row: string, column: string) =>
      heatmap
        .locator('tbody tr', { has: page.locator(`th:text-is("${row}")`) })
        .locator('td')
        .nth(matrix.symbols.indexOf(column));
    await expect.poll(() => cell(first, second).getAttribute('class'), POLL).toContain('break');
    expect(await cell(second, first).getAttribute('class')).toContain('break');
    expect(await cell(first, second).getAttribute('title')).toMatch(/short 0\.05 vs long 0\.85/);
    await expect
      .poll(() => page.getByTestId('correlation-breaks').textContent(), POLL)
      .toContain('injected by the browser test');
    expect(broken.kind).toBe('correlation_break');
    await shot('heatmap');
    expect(errors).toEqual([]);
  });

  it('shows live system figures: ticks/s, sources, WebSocket clients, latency', async () => {
    await page.getByRole('link', { name: 'System' }).click();
    await expect.poll(() => page.getByTestId('readiness').textContent(), POLL).toBe('ready');
    await expect
      .poll(
        async () => Number((await page.getByTestId('ticks-rate').locator('.figure').textContent())?.replace(/,/g, '')),
        { timeout: 15_000 },
      )
      .toBeGreaterThan(0);
    await expect
      .poll(async () => Number(await page.getByTestId('ws-clients').locator('.figure').textContent()), POLL)
      .toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId('sources').textContent()).toContain('simulator');
    await expect.poll(() => page.getByTestId('latency').textContent(), POLL).toMatch(/\d+(\.\d+)? ms/);
    await shot('system');
    expect(errors).toEqual([]);
  });

  it('an admin adds a webhook channel and a route on the Alerts page; the API has them and a test arrives', async () => {
    interface Settings {
      channels: { name: string; source: string; settings: Record<string, unknown> | null }[];
      routes: { id: number | null; source: string; channels: string[]; minSeverity?: string; symbols?: string[] }[];
    }
    await page.getByRole('link', { name: 'Alerts' }).click();
    await expect.poll(() => page.getByTestId('alert-channels').textContent(), POLL).toContain('console');

    await page.getByRole('button', { name: 'Add channel' }).click();
    const form = page.getByRole('form', { name: 'Add channel' });
    await form.getByLabel('Name').fill('desk-hook');
    await form.getByLabel('Type').selectOption('webhook');
    // A wrong URL: the server's 400 is shown in the form, which stays open.
    await form.getByLabel('URL').fill('ftp://example.com/hook');
    await form.getByRole('button', { name: 'Add channel' }).click();
    await expect.poll(() => form.getByRole('alert').textContent(), POLL).toMatch(/url.*http/i);
    // The refused request is the one expected console error (the browser logs the 400).
    expect(errors.filter((e) => !e.includes('400'))).toEqual([]);
    errors.length = 0;
    await form.getByLabel('URL').fill(`${receiver.url}/desk/secret-path`);
    await form.getByLabel('Signing secret').fill('browser-test-signing-secret');
    await form.getByRole('button', { name: 'Add channel' }).click();
    await expect
      .poll(() => page.locator('main [role="status"]').textContent(), POLL)
      .toContain('Channel desk-hook added');
    const row = page.getByTestId('alert-channels').locator('tr[data-channel="desk-hook"]');
    await expect.poll(() => row.textContent(), POLL).toContain('runtime');

    // From the keyboard: Enter opens the form with focus in it, Escape closes it.
    await page.getByRole('button', { name: 'Add route' }).focus();
    await page.keyboard.press('Enter');
    const routeForm = page.getByRole('form', { name: 'Add route' });
    await routeForm.waitFor();
    expect(
      await routeForm
        .getByLabel('All channels (*)')
        .evaluate(
          (e) => e === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement,
        ),
    ).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => routeForm.count(), POLL).toBe(0);
    await page.getByRole('button', { name: 'Add route' }).click();
    await routeForm.getByLabel('desk-hook').check();
    await routeForm.getByLabel('Lowest severity').selectOption('critical');
    await routeForm.getByLabel('Symbols').fill(server.liveSymbol);
    await routeForm.getByRole('button', { name: 'Add route' }).click();
    await expect.poll(() => page.locator('main [role="status"]').textContent(), POLL).toContain('Route added');

    const settings = await api<Settings>('/api/v1/alerts/settings');
    const channel = settings.channels.find((c) => c.name === 'desk-hook');
    expect(channel).toMatchObject({ source: 'runtime', settings: { type: 'webhook', secret: expect.any(String) } });
    expect(JSON.stringify(channel)).not.toContain('secret-path'); // masked
    expect(JSON.stringify(channel)).not.toContain('browser-test-signing-secret');
    const route = settings.routes.find((r) => r.source === 'runtime');
    expect(route).toMatchObject({ channels: ['desk-hook'], minSeverity: 'critical', symbols: [server.liveSymbol] });
    await expect
      .poll(() => page.getByTestId('alert-routes').textContent(), POLL)
      .toContain(`symbols ${server.liveSymbol}`);

    // Live without a restart: a test alert to the new channel reaches the receiver.
    await page.getByRole('button', { name: 'Send a test alert to desk-hook' }).click();
    await expect.poll(() => receiver.requests.filter((r) => r.url === '/desk/secret-path').length, POLL).toBe(1);
    await expect
      .poll(
        () => page.getByTestId('alert-deliveries').locator('tr', { hasText: 'desk-hook' }).first().textContent(),
        POLL,
      )
      .toContain('delivered');
    await shot('alerts');

    // Editing keeps the stored secret when its field is left blank.
    await row.getByRole('button', { name: 'Edit channel desk-hook' }).click();
    const edit = page.getByRole('form', { name: 'Edit channel desk-hook' });
    expect(await edit.getByLabel('Signing secret').inputValue()).toBe('');
    await edit.getByLabel('Timeout (ms)').fill('5000');
    await shot('alerts-edit');
    await edit.getByRole('button', { name: 'Save channel' }).click();
    await expect
      .poll(() => page.locator('main [role="status"]').textContent(), POLL)
      .toContain('Channel desk-hook saved');
    const saved = (await api<Settings>('/api/v1/alerts/settings')).channels.find((c) => c.name === 'desk-hook');
    expect(saved?.settings).toMatchObject({ timeoutMs: 5000, secret: expect.any(String) });
    expect(server.alerting.settings.channelViews().find((c) => c.name === 'desk-hook')?.settings?.['secret']).toBe(
      saved?.settings?.['secret'],
    );
    expect(errors).toEqual([]);
  });

  it('a viewer sees alert channels and routes read-only and cannot change them', async () => {
    const viewerContext = await browser.newContext({ viewport: VIEWPORT, colorScheme: 'light' });
    try {
      const viewer = await viewerContext.newPage();
      const viewerErrors = collectErrors(viewer);
      await viewer.goto(`${server.url}/login`);
      await viewer.getByLabel('User name').fill('viewer');
      await viewer.getByLabel('Password').fill(server.adminPassword);
      await viewer.getByRole('button', { name: 'Log in' }).click();
      await viewer.getByTestId('overview').waitFor();
      await viewer.getByRole('link', { name: 'Alerts' }).click();
      await expect.poll(() => viewer.getByTestId('alert-channels').textContent(), POLL).toContain('desk-hook');
      expect(await viewer.getByTestId('alert-routes').textContent()).toContain('desk-hook');
      expect(await viewer.locator('main').textContent()).toContain('read-only for your role');
      for (const name of ['Add channel', 'Add route', 'Send test alert', 'Edit channel desk-hook']) {
        expect(await viewer.getByRole('button', { name }).count(), name).toBe(0);
      }
      expect(await viewer.locator('form').count()).toBe(0);
      expect(await viewer.locator('html').getAttribute('data-theme')).toBe('light');
      await viewer.screenshot({ path: join(SCREENSHOTS, 'alerts-viewer.png') });
      // The API refuses the change too, even with the session's CSRF token.
      const csrf = (await viewerContext.cookies()).find((c) => c.name === 'tw_csrf')?.value ?? '';
      const refused = await viewer.request.post(`${server.url}/api/v1/alerts/settings/channels`, {
        headers: { 'x-csrf-token': csrf },
        data: { name: 'sneaky', channel: { type: 'console' } },
      });
      expect(refused.status()).toBe(403);
      expect(viewerErrors).toEqual([]);
    } finally {
      await viewerContext.close();
    }
  });

  it('shows the labels page, and the light theme', async () => {
    await page.getByRole('link', { name: 'Labels', exact: true }).click();
    await expect.poll(() => page.getByTestId('labels').textContent(), POLL).toContain('edited by the browser test');
    await shot('labels');
    await page.getByRole('button', { name: 'Switch to light theme' }).click();
    await page.goto(`${server.url}/alerts`);
    await expect.poll(() => page.getByTestId('alert-channels').textContent(), POLL).toContain('desk-hook');
    await shot('alerts-light');
    await page.goto(`${server.url}/chart/${server.liveSymbol}?tf=1m`);
    await expect.poll(async () => Number((await chartData())['bars'] ?? 0), POLL).toBeGreaterThan(60);
    expect(await page.locator('html').getAttribute('data-theme')).toBe('light');
    await shot('chart-light');
    expect(errors).toEqual([]);
  });

  it('opens 50,000 bars with 1,000 markers and keeps up with live updates (figures in bench/dashboard.bench.ts)', async () => {
    await page.goto(`${server.url}/bench/chart?bars=50000&markers=1000&updates=60`);
    const chart = page.getByTestId('bench-chart');
    await expect.poll(() => chart.getAttribute('data-update-p95-ms'), { timeout: 20_000 }).not.toBeNull();
    const data = await chart.evaluate((element) => ({ ...(element as unknown as DomElement).dataset }));
    expect(data['bars']).toBe('50000');
    expect(data['markers']).toBe('1000');
    const openMs = Number(data['openMs']);
    const updateP95 = Number(data['updateP95Ms']);
    process.stdout.write(
      `chart: 50,000 bars + 1,000 markers opened in ${openMs} ms; update frame p95 ${updateP95} ms\n`,
    );
    // Every live update reached the chart (the last bar carries the last update's close).
    expect(data['updatesApplied']).toBe('60');
    expect(Number(data['lastClose'])).toBeCloseTo(Number(data['expectedClose']), 9);
    // Only the newest bars are in the series (updates cost the same whatever the history);
    // scrolling back draws older ones from memory.
    const inSeries = Number(data['seriesBars']);
    expect(inSeries).toBeGreaterThan(0);
    expect(inSeries).toBeLessThan(10_000);
    const box = (await chart.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 3);
    await expect
      .poll(async () => {
        await page.mouse.wheel(-4000, 0);
        return Number(await chart.getAttribute('data-series-bars'));
      }, POLL)
      .toBeGreaterThan(inSeries);
    // Only a bound that catches an order-of-magnitude regression: the test shares the machine
    // with everything else, so the figures themselves come from bench/dashboard.bench.ts.
    expect(openMs).toBeLessThan(10_000);
    expect(errors).toEqual([]);
  });

  it('is keyboard accessible: the navigation is reachable with Tab', async () => {
    await page.goto(`${server.url}/`);
    await page.getByTestId('overview').waitFor();
    await page.keyboard.press('Tab'); // skip link
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(
      () => (globalThis as unknown as FocusedDocument).document.activeElement?.textContent,
    );
    expect(focused).toBe('Markets');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url(), POLL).toContain('/anomalies');
    expect(errors).toEqual([]);
  });

  it('sends the user back to the login page with a message when the session ends', async () => {
    await context.clearCookies();
    await page.getByRole('link', { name: 'Labels', exact: true }).click();
    await expect.poll(() => page.url(), POLL).toContain('/login');
    await expect.poll(() => page.getByRole('status').first().textContent(), POLL).toContain('session ended');
    // The only errors are the refused requests that revealed the expiry.
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
  });
});
