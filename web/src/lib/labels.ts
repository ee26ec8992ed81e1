/** Label classes offered when labelling, and the REST calls for labels. */
import { query, request } from '../api/client.js';
import type { Label, Page } from '../api/types.js';

export const LABEL_CLASSES = [
  'volume_spike',
  'price_jump',
  'flash_crash',
  'news_move',
  'volatility_regime',
  'liquidity_drought',
  'data_error',
  'normal',
] as const;

export interface LabelDraft {
  readonly id?: string;
  readonly symbol: string;
  /** µs */
  readonly start: number;
  /** µs */
  readonly end: number;
  readonly kind: string;
  readonly note: string;
  readonly anomalyId?: string | null;
}

export function verdictOf(kind: string): 'anomaly' | 'normal' {
  return kind === 'normal' ? 'normal' : 'anomaly';
}

export async function fetchLabels(symbol: string, from: number, to: number): Promise<Label[]> {
  const page = await request<Page<Label>>(
    `/api/v1/labels${query({ symbol, from: String(from), to: String(to), limit: 10000, order: 'asc' })}`,
  );
  return page.data;
}

export async function saveLabel(draft: LabelDraft): Promise<Label> {
  const body = {
    start: String(draft.start),
    end: String(draft.end),
    kind: draft.kind,
    note: draft.note,
    verdict: verdictOf(draft.kind),
  };
  if (draft.id !== undefined) {
    return request<Label>(`/api/v1/labels/${encodeURIComponent(draft.id)}`, { method: 'PATCH', body });
  }
  return request<Label>('/api/v1/labels', {
    method: 'POST',
    body: { ...body, symbol: draft.symbol, anomalyId: draft.anomalyId ?? null },
  });
}

export async function deleteLabel(id: string): Promise<void> {
  await request<void>(`/api/v1/labels/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function exportUrl(format: 'csv' | 'json', symbol?: string): string {
  return `/api/v1/labels/export${query({ format, symbol })}`;
}
