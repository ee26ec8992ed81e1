/**
 * Messages between the store (calling thread) and its writer thread. Requests are answered in
 * the order they were posted; every request carries an id that its reply repeats.
 */
import type { Label, Micros, Quote, Trade } from '../../../core/events.js';
import type { StoreBatch } from '../../store.js';
import {
  decodeQuotes,
  decodeTrades,
  encodeQuotes,
  encodeTrades,
  type QuoteColumns,
  type TradeColumns,
} from './tick-columns.js';

/** A StoreBatch with its ticks as columns when they encode (plain objects when they do not). */
export interface EncodedBatch extends Omit<StoreBatch, 'trades' | 'quotes'> {
  readonly trades?: readonly Trade[];
  readonly tradeColumns?: TradeColumns;
  readonly quotes?: readonly Quote[];
  readonly quoteColumns?: QuoteColumns;
}

export type WriterRequest =
  | { readonly id: number; readonly kind: 'write'; readonly batch: EncodedBatch }
  | { readonly id: number; readonly kind: 'upsertLabel'; readonly label: Label }
  | { readonly id: number; readonly kind: 'deleteLabel'; readonly labelId: string }
  | { readonly id: number; readonly kind: 'pruneTicks'; readonly olderThan: Micros }
  | { readonly id: number; readonly kind: 'putCheckpoint'; readonly key: string; readonly value: string }
  | { readonly id: number; readonly kind: 'close' };

/** The error of a failed request, rebuilt on the calling side with the same name and message. */
export interface WriterError {
  readonly name: string;
  readonly message: string;
}

export type WriterReply =
  | { readonly kind: 'ready' }
  | { readonly kind: 'openFailed'; readonly error: WriterError }
  | { readonly kind: 'done'; readonly id: number; readonly value: boolean | number | null }
  | { readonly kind: 'failed'; readonly id: number; readonly error: WriterError };

/** What the writer thread is started with (its `workerData`). */
export interface WriterOptions {
  readonly path: string;
  readonly busyTimeoutMs?: number;
}

export function toWriterError(error: unknown): WriterError {
  return error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: 'Error', message: String(error) };
}

export function fromWriterError(error: WriterError): Error {
  const rebuilt = error.name === 'TypeError' ? new TypeError(error.message) : new Error(error.message);
  if (rebuilt.name !== error.name) rebuilt.name = error.name;
  return rebuilt;
}

/** Encodes the batch and lists the buffers to move (not copy) with it. */
export function encodeBatch(batch: StoreBatch): { batch: EncodedBatch; transfer: ArrayBuffer[] } {
  const { trades, quotes, ...rest } = batch;
  const transfer: ArrayBuffer[] = [];
  const encoded: { -readonly [K in keyof EncodedBatch]: EncodedBatch[K] } = { ...rest };
  // Rows that do not encode (or a field that is not an array) go as they are, so the writer
  // treats them exactly as the in-thread store would.
  const tradeColumns = Array.isArray(trades) && trades.length > 0 ? encodeTrades(trades) : null;
  if (tradeColumns !== null) {
    encoded.tradeColumns = tradeColumns;
    transfer.push(tradeColumns.numbers.buffer as ArrayBuffer, tradeColumns.indexes.buffer as ArrayBuffer);
  } else if (trades !== undefined) encoded.trades = trades;
  const quoteColumns = Array.isArray(quotes) && quotes.length > 0 ? encodeQuotes(quotes) : null;
  if (quoteColumns !== null) {
    encoded.quoteColumns = quoteColumns;
    transfer.push(quoteColumns.numbers.buffer as ArrayBuffer, quoteColumns.indexes.buffer as ArrayBuffer);
  } else if (quotes !== undefined) encoded.quotes = quotes;
  return { batch: encoded, transfer };
}

export function decodeBatch(encoded: EncodedBatch): StoreBatch {
  const { tradeColumns, quoteColumns, ...rest } = encoded;
  return {
    ...rest,
    ...(tradeColumns ? { trades: decodeTrades(tradeColumns) } : {}),
    ...(quoteColumns ? { quotes: decodeQuotes(quoteColumns) } : {}),
  };
}
