/**
 * Routes for the local HTTP server speaking Alpha Vantage (`/query`), Yahoo chart
 * (`/v8/finance/chart/{symbol}`) and FMP (`/stable/historical-chart/{interval}`) from the
 * recorded payloads. Each filters the recorded bars by the requested range where the provider
 * does, so pagination and resumption can be tested against them.
 */
import { recordedBody } from './binance-server.js';
import { json, type Route } from './http-server.js';

/** Serves a recorded Alpha Vantage body; checks the key and echoes `Information` when `budget` requests are spent. */
export function alphaVantageRoute(options: { apiKey: string; file: string; budget?: number }): Route {
  let remaining = options.budget ?? Number.POSITIVE_INFINITY;
  return (_request, response, url) => {
    if (url.searchParams.get('apikey') !== options.apiKey) {
      json(response, 200, { 'Error Message': 'the parameter apikey is invalid or missing.' });
      return;
    }
    if (remaining <= 0) {
      json(response, 200, JSON.parse(recordedBody('alphavantage', 'information-rate-limit.json')));
      return;
    }
    remaining--;
    json(response, 200, recordedBody('alphavantage', options.file));
  };
}

/** Serves a recorded Yahoo chart, keeping only rows with period1 ≤ t < period2. */
export function yahooChartRoute(file: string): Route {
  return (_request, response, url) => {
    const body = JSON.parse(recordedBody('yahoo', file)) as {
      chart: { result: { timestamp?: number[]; indicators: { quote: Record<string, unknown[]>[] } }[] | null };
    };
    const from = Number(url.searchParams.get('period1'));
    const to = Number(url.searchParams.get('period2'));
    const result = body.chart.result?.[0];
    if (result?.timestamp !== undefined) {
      const keep = result.timestamp.map((t) => t >= from && t < to);
      result.timestamp = result.timestamp.filter((_t, i) => keep[i]);
      const quote = result.indicators.quote[0] ?? {};
      for (const name of Object.keys(quote)) quote[name] = (quote[name] ?? []).filter((_v, i) => keep[i]);
    }
    json(response, 200, body);
  };
}

/** Serves the recorded FMP rows whose New York date is within [from, to] (dates inclusive). */
export function fmpChartRoute(apiKey: string): Route {
  return (_request, response, url) => {
    if (url.searchParams.get('apikey') !== apiKey) {
      json(response, 401, JSON.parse(recordedBody('fmp', 'error.json')));
      return;
    }
    const from = url.searchParams.get('from') ?? '';
    const to = url.searchParams.get('to') ?? '';
    const rows = (JSON.parse(recordedBody('fmp', 'historical-chart-5min.json')) as { date: string }[]).filter(
      (row) => row.date.slice(0, 10) >= from && row.date.slice(0, 10) <= to,
    );
    json(response, 200, rows);
  };
}
