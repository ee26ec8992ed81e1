/** How an alert reads in plain text (console, email, Slack, Telegram). */
import { isoFromMicros } from '../core/time.js';
import type { Alert } from './alert.js';

/** One line per anomaly under the title. */
export function alertLines(alert: Alert): string[] {
  if (alert.test) return ['This is a test alert from tickwatch: the channel is configured correctly.'];
  const lines = alert.anomalies.map(
    (a) =>
      `${isoFromMicros(a.ts).slice(0, 19)}Z ${a.kind} [${a.timeframe}] ${a.severity}, score ${a.score.toFixed(2)}: ${a.message}`,
  );
  if (alert.suppressed > 0) lines.push(`(+${alert.suppressed} similar anomalies not listed or held back by cooldown)`);
  return lines;
}

/** Title and lines as plain text. */
export function alertText(alert: Alert): string {
  return [alert.title, ...alertLines(alert)].join('\n');
}

/** Escapes text for HTML (email) and Telegram's HTML parse mode. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Shortens text to at most `max` characters, marking the cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
