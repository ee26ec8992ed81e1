/**
 * WebSocket channels and which pipeline events travel on each. The protocol is described in
 * docs/websocket.md.
 */
import type { PipelineEventType } from '../../core/events.js';

export const CHANNELS = [
  'ticks',
  'quotes',
  'bars',
  'bars.partial',
  'indicators',
  'anomalies',
  'signals',
  'system',
] as const;

export type Channel = (typeof CHANNELS)[number];

/**
 * What `{type:'subscribe', symbols:[…]}` without `channels` subscribes to: everything about a
 * symbol except quotes (often several per trade, and rarely wanted by a chart) and system.
 */
export const DEFAULT_CHANNELS: readonly Channel[] = [
  'ticks',
  'bars',
  'bars.partial',
  'indicators',
  'anomalies',
  'signals',
];

/**
 * The channel of each pipeline event type. Labels (verdicts) and quarantined inputs are
 * operational news, so they go to `system`.
 */
export const CHANNEL_OF_EVENT: Readonly<Record<PipelineEventType, Channel>> = {
  trade: 'ticks',
  quote: 'quotes',
  bar: 'bars',
  'bar.correction': 'bars',
  'bar.partial': 'bars.partial',
  indicators: 'indicators',
  features: 'indicators',
  correlation: 'system',
  anomaly: 'anomalies',
  signal: 'signals',
  label: 'system',
  quarantine: 'system',
};

const CHANNEL_SET: ReadonlySet<string> = new Set(CHANNELS);

export function isChannel(name: string): name is Channel {
  return CHANNEL_SET.has(name);
}
