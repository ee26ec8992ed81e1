/**
 * The Grafana dashboard and the Prometheus rules under deploy/ only use metrics this code
 * exports (names checked against a live registry, so renaming a metric breaks this test).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { EventHub } from '../ws/event-hub.js';
import { Metrics } from './metrics.js';

const root = new URL('../../../', import.meta.url);

async function exportedNames(): Promise<Set<string>> {
  const metrics = new Metrics();
  metrics.trackWebsocket(() => new EventHub().stats());
  metrics.trackAlertOutbox(() => ({ pending: 0 }));
  const names = new Set<string>(['up']); // Prometheus's own
  for (const metric of await metrics.registry.getMetricsAsJSON()) {
    names.add(metric.name);
    if (String(metric.type) === 'histogram')
      for (const suffix of ['_bucket', '_sum', '_count']) names.add(metric.name + suffix);
  }
  return names;
}

function metricNames(expression: string): string[] {
  return [...expression.matchAll(/\b((?:tickwatch|process|nodejs)_[a-z0-9_]+|up)\b(?=\s*[{[(]|\s*[=!<>)]|\s*$)/g)].map(
    (m) => m[1]!,
  );
}

describe('deploy files', () => {
  it('the Grafana dashboard is valid JSON whose queries use exported metrics only', async () => {
    const names = await exportedNames();
    const dashboard = JSON.parse(readFileSync(new URL('deploy/grafana/tickwatch-dashboard.json', root), 'utf8')) as {
      panels: { type: string; targets?: { expr: string }[] }[];
    };
    const expressions = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
    expect(expressions.length).toBeGreaterThan(30);
    const used = new Set(expressions.flatMap(metricNames));
    expect([...used].filter((name) => !names.has(name))).toEqual([]);
    expect(used.size).toBeGreaterThan(20);
  });

  it('the Prometheus rules use exported metrics only, and the scrape config points at /metrics with a bearer token', async () => {
    const names = await exportedNames();
    const rules = parse(readFileSync(new URL('deploy/prometheus/tickwatch-rules.yml', root), 'utf8')) as {
      groups: { rules: { alert: string; expr: string }[] }[];
    };
    const used = new Set(rules.groups.flatMap((g) => g.rules.flatMap((r) => metricNames(r.expr))));
    expect(used.size).toBeGreaterThan(5);
    expect([...used].filter((name) => !names.has(name))).toEqual([]);
    const config = parse(readFileSync(new URL('deploy/prometheus/prometheus.yml', root), 'utf8')) as {
      scrape_configs: { metrics_path: string; authorization: { type: string } }[];
    };
    expect(config.scrape_configs[0]).toMatchObject({ metrics_path: '/metrics', authorization: { type: 'Bearer' } });
  });
});
