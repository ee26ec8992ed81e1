import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import type { Quarantined } from '../../core/events.js';
import { T0, anomaly, bar, partialBar, quote, signal, trade } from '../../../test/server/market-events.js';
import { EventHub } from '../ws/event-hub.js';
import type { ClientTransport } from '../ws/hub-client.js';
import { Metrics } from './metrics.js';
import { metricsPlugin } from './metrics-plugin.js';

/** Parses the Prometheus text format into `name{labels}` → value (an independent reading of the output). */
function parseExposition(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (match === null) throw new Error(`not an exposition line: ${line}`);
    samples.set(`${match[1]}${match[2] ?? ''}`, Number(match[3]));
  }
  return samples;
}

async function scrape(metrics: Metrics): Promise<Map<string, number>> {
  return parseExposition(await metrics.text());
}

describe('Metrics', () => {
  it('counts ticks and quotes per source and symbol', async () => {
    const metrics = new Metrics({ processMetrics: false });
    for (let i = 0; i < 3; i++) metrics.observe(trade('AAPL', i), T0);
    metrics.observe(trade('AAPL', 9, { source: 'polygon' }), T0);
    metrics.observe(quote('MSFT', 1), T0);
    let samples = await scrape(metrics);
    expect(samples.get('tickwatch_ticks_received_total{source="simulator",symbol="AAPL"}')).toBe(3);
    expect(samples.get('tickwatch_ticks_received_total{source="polygon",symbol="AAPL"}')).toBe(1);
    expect(samples.get('tickwatch_quotes_received_total{source="simulator",symbol="MSFT"}')).toBe(1);
    metrics.observe(trade('AAPL', 3), T0);
    samples = await scrape(metrics);
    expect(samples.get('tickwatch_ticks_received_total{source="simulator",symbol="AAPL"}')).toBe(4);
  });

  it('records latencies in seconds: receive → bar, forming bar and anomaly, and bar close lag', async () => {
    const metrics = new Metrics({ processMetrics: false });
    const closed = bar('AAPL', 0);
    metrics.observe(closed, closed.tsRecv + 2_000); // 2 ms after the newest trade was received
    metrics.observe(partialBar('AAPL', 1), partialBar('AAPL', 1).tsRecv + 300); // 0.3 ms
    metrics.observe(anomaly('AAPL', 0), anomaly('AAPL', 0).tsRecv + 7_000); // 7 ms
    const samples = await scrape(metrics);
    expect(samples.get('tickwatch_processing_latency_seconds_bucket{le="0.001",stage="bar"}')).toBe(0);
    expect(samples.get('tickwatch_processing_latency_seconds_bucket{le="0.0025",stage="bar"}')).toBe(1);
    expect(samples.get('tickwatch_processing_latency_seconds_sum{stage="bar"}')).toBeCloseTo(0.002, 9);
    expect(samples.get('tickwatch_processing_latency_seconds_bucket{le="0.0005",stage="bar_partial"}')).toBe(1);
    expect(samples.get('tickwatch_processing_latency_seconds_bucket{le="0.005",stage="anomaly"}')).toBe(0);
    expect(samples.get('tickwatch_processing_latency_seconds_bucket{le="0.01",stage="anomaly"}')).toBe(1);
    // The bar's window ended at `end`; it was emitted 2 ms after tsRecv = end.
    expect(samples.get('tickwatch_bar_close_lag_seconds_sum{timeframe="1m"}')).toBeCloseTo(
      (closed.tsRecv + 2_000 - closed.end) / 1e6,
      9,
    );
    expect(samples.get('tickwatch_bars_total{timeframe="1m"}')).toBe(1);
  });

  it('never records negative latency (clocks of different sources may disagree)', async () => {
    const metrics = new Metrics({ processMetrics: false });
    metrics.observe(anomaly('AAPL', 0), anomaly('AAPL', 0).tsRecv - 5_000);
    expect((await scrape(metrics)).get('tickwatch_processing_latency_seconds_sum{stage="anomaly"}')).toBe(0);
  });

  it('counts anomalies by kind and severity, signals, corrections and quarantine by reason', async () => {
    const metrics = new Metrics({ processMetrics: false });
    metrics.observe(anomaly('AAPL', 0, { kind: 'volume_spike', severity: 'warning' }), T0);
    metrics.observe(anomaly('AAPL', 1, { kind: 'volume_spike', severity: 'warning' }), T0);
    metrics.observe(anomaly('MSFT', 1, { kind: 'price_spike', severity: 'critical' }), T0);
    metrics.observe(signal('AAPL', 1), T0);
    metrics.observe({ ...bar('AAPL', 0), type: 'bar.correction', revision: 1 }, T0);
    const rejected: Quarantined = {
      type: 'quarantine',
      reason: 'bad_price',
      detail: 'price -1',
      symbol: 'AAPL',
      ts: T0,
      payload: {},
    };
    metrics.observe(rejected, T0);
    const samples = await scrape(metrics);
    expect(samples.get('tickwatch_anomalies_total{kind="volume_spike",severity="warning"}')).toBe(2);
    expect(samples.get('tickwatch_anomalies_total{kind="price_spike",severity="critical"}')).toBe(1);
    expect(samples.get('tickwatch_signals_total{action="BUY",strategy="test"}')).toBe(1);
    expect(samples.get('tickwatch_bar_corrections_total{timeframe="1m"}')).toBe(1);
    expect(samples.get('tickwatch_quarantined_total{reason="bad_price"}')).toBe(1);
    expect(samples.get('tickwatch_quarantined_total{reason="crossed_quote"}')).toBe(0); // every reason exists from the start
  });

  it('records store writes, source state and reconnects, and alert deliveries', async () => {
    const metrics = new Metrics({ processMetrics: false });
    metrics.storeWrite(0.004, 2_000);
    metrics.storeWriteFailed();
    metrics.sourceState('polygon', 'connecting');
    metrics.sourceState('polygon', 'connected');
    metrics.sourceReconnected('polygon');
    metrics.alertDelivered('slack', 0.2);
    metrics.alertFailed('slack', false);
    metrics.alertFailed('webhook', true);
    const samples = await scrape(metrics);
    expect(samples.get('tickwatch_store_write_duration_seconds_bucket{le="0.005"}')).toBe(1);
    expect(samples.get('tickwatch_store_batch_rows_bucket{le="1000"}')).toBe(0);
    expect(samples.get('tickwatch_store_batch_rows_bucket{le="2500"}')).toBe(1);
    expect(samples.get('tickwatch_store_write_failures_total')).toBe(1);
    expect(samples.get('tickwatch_source_state{source="polygon",state="connected"}')).toBe(1);
    expect(samples.get('tickwatch_source_state{source="polygon",state="connecting"}')).toBe(0);
    expect(samples.get('tickwatch_source_reconnects_total{source="polygon"}')).toBe(1);
    expect(samples.get('tickwatch_alert_deliveries_total{channel="slack"}')).toBe(1);
    expect(samples.get('tickwatch_alert_delivery_failures_total{channel="slack",kind="retryable"}')).toBe(1);
    expect(samples.get('tickwatch_alert_delivery_failures_total{channel="webhook",kind="permanent"}')).toBe(1);
  });

  it("follows the WebSocket hub's figures at scrape time, counters as deltas", async () => {
    const metrics = new Metrics({ processMetrics: false });
    const hub = new EventHub({ schedule: () => undefined });
    metrics.trackWebsocket(() => hub.stats());
    const transport: ClientTransport = { send() {}, bufferedAmount: 0, cork() {}, uncork() {}, close() {} };
    const clients = [hub.connect(transport), hub.connect(transport)];
    let samples = await scrape(metrics);
    expect(samples.get('tickwatch_websocket_clients')).toBe(2);
    hub.disconnect(clients[0]!);
    samples = await scrape(metrics);
    expect(samples.get('tickwatch_websocket_clients')).toBe(1);
    expect(samples.get('tickwatch_websocket_disconnects_total{reason="client_closed"}')).toBe(1);
    hub.disconnect(clients[1]!);
    samples = await scrape(metrics);
    expect(samples.get('tickwatch_websocket_disconnects_total{reason="client_closed"}')).toBe(2);
    expect(samples.get('tickwatch_websocket_disconnects_total{reason="slow_consumer"}')).toBe(0);
  });

  it('exports outbox rows per status', async () => {
    const metrics = new Metrics({ processMetrics: false });
    metrics.trackAlertOutbox(() => ({ pending: 2, failed: 1, delivered: 40 }));
    const samples = await scrape(metrics);
    expect(samples.get('tickwatch_alert_outbox_rows{status="failed"}')).toBe(1);
  });

  it('keeps registries apart: two instances in one process count separately', async () => {
    const first = new Metrics();
    const second = new Metrics();
    first.observe(trade('AAPL', 1), T0);
    expect((await scrape(first)).get('tickwatch_ticks_received_total{source="simulator",symbol="AAPL"}')).toBe(1);
    expect((await scrape(second)).has('tickwatch_ticks_received_total{source="simulator",symbol="AAPL"}')).toBe(false);
  });
});

describe('metricsPlugin', () => {
  it('serves /metrics in the Prometheus text format with process metrics', async () => {
    const metrics = new Metrics();
    metrics.observe(trade('AAPL', 1), T0);
    const app = Fastify();
    await app.register(metricsPlugin, { metrics });
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const samples = parseExposition(response.body);
    expect(samples.get('tickwatch_ticks_received_total{source="simulator",symbol="AAPL"}')).toBe(1);
    expect(samples.get('process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(response.body).toContain('# TYPE tickwatch_processing_latency_seconds histogram');
    await app.close();
  });
});
