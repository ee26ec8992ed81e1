/** Prometheus metrics: the Metrics registry the run loop feeds, and the /metrics plugin. */
export { Metrics, type MetricsOptions, type SourceState } from './metrics.js';
export { metricsPlugin, type MetricsPluginOptions } from './metrics-plugin.js';
