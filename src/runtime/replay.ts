/**
 * Replays recorded input events through the same pipeline as a live run. The clock follows the
 * recording's receive times, and quiet-feed timers fire on 100 ms boundaries of that clock, so
 * the same recording always produces the same output events and the same stored rows.
 */
import { ReplayClock } from '../core/clock.js';
import type { Instrument, Label, PipelineEvent } from '../core/events.js';
import { Pipeline, type PipelineOptions } from '../pipeline/pipeline.js';
import { isClockInput } from '../pipeline/clock-input.js';
import { isProviderBarInput } from '../pipeline/provider-bar.js';
import { readRecording } from './recording.js';

export const RECORDING_HEADER = 'recording.header';
const TIMER_GRANULARITY = 100_000; // µs

export interface RecordingHeader {
  readonly type: typeof RECORDING_HEADER;
  readonly version: 1;
  readonly instruments: readonly Instrument[];
  readonly createdBy: string;
  readonly [key: string]: unknown;
}

export function isRecordingHeader(value: unknown): value is RecordingHeader {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === RECORDING_HEADER;
}

/** Reads the header line of the first file, if it has one. */
export async function readRecordingHeader(file: string): Promise<RecordingHeader | null> {
  for await (const first of readRecording(file)) return isRecordingHeader(first) ? first : null;
  return null;
}

export interface ReplayOptions {
  readonly files: readonly string[];
  readonly pipeline: Omit<PipelineOptions, 'instruments'>;
  /** Instruments when the recording has no header. */
  readonly instruments?: readonly Instrument[];
  /** 'max' or N× the recorded pace. */
  readonly speed: 'max' | number;
  /** Receives every output event in order. May return a promise to apply backpressure (e.g. a full store batch). */
  readonly onEvent: (event: PipelineEvent) => void;
  /** Awaited every few thousand inputs: the place to flush a store batch. */
  readonly onBatch?: () => Promise<void>;
}

export interface ReplayResult {
  readonly inputs: number;
  readonly outputs: number;
  readonly instruments: readonly Instrument[];
}

export async function replay(options: ReplayOptions): Promise<ReplayResult> {
  const firstFile = options.files[0];
  if (firstFile === undefined) throw new Error('replay needs at least one recording file');
  const header = await readRecordingHeader(firstFile);
  const instruments = header?.instruments ?? options.instruments;
  if (!instruments || instruments.length === 0) {
    throw new Error(
      `${firstFile} has no recording header naming its instruments: pass the symbols in the configuration`,
    );
  }
  const clock = new ReplayClock();
  const pipeline = new Pipeline({ ...options.pipeline, instruments }, clock);
  let inputs = 0;
  let outputs = 0;
  const emit = (event: PipelineEvent): void => {
    outputs++;
    options.onEvent(event);
  };
  let nextTimer = Number.NEGATIVE_INFINITY;
  let firstRecv: number | null = null;
  const wallStart = performance.now();

  for (const file of options.files) {
    for await (const input of readRecording(file)) {
      if (isRecordingHeader(input)) continue;
      if (isLabel(input)) {
        emit(input);
        continue;
      }
      inputs++;
      if (isClockInput(input)) {
        // The live run's last processing time: its timers closed windows there.
        clock.advanceTo(input.tsRecv);
        pipeline.onTime(clock.now(), emit);
        continue;
      }
      if (isProviderBarInput(input)) {
        // A provider bar (warm-up history, a gap's minutes) enters as the live run fed it: in a
        // batch with no timer in between (a timer could close a window the next bar extends).
        const at = receiveTime(input);
        if (at !== null) clock.advanceTo(at);
        pipeline.ingestBar(input.bar, emit);
        continue;
      }
      const recv = receiveTime(input);
      if (recv !== null) {
        clock.advanceTo(recv);
        if (firstRecv === null) firstRecv = recv;
      }
      const now = clock.now();
      if (now >= nextTimer) {
        pipeline.onTime(now, emit);
        nextTimer = now - (now % TIMER_GRANULARITY) + TIMER_GRANULARITY;
      }
      pipeline.next(input, emit);
      if (typeof options.speed === 'number' && firstRecv !== null) {
        const due = (now - firstRecv) / 1000 / options.speed;
        const wait = due - (performance.now() - wallStart);
        if (wait > 5) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      if ((inputs & 4095) === 0) await options.onBatch?.();
    }
  }
  pipeline.onTime(clock.now(), emit);
  await options.onBatch?.();
  return { inputs, outputs, instruments };
}

function receiveTime(input: unknown): number | null {
  if (typeof input !== 'object' || input === null) return null;
  const recv = (input as { tsRecv?: unknown }).tsRecv;
  return typeof recv === 'number' && Number.isSafeInteger(recv) && recv >= 0 ? recv : null;
}

/** A well-formed ground-truth label (e.g. from `tickwatch simulate`); anything else goes to the pipeline and is quarantined. */
function isLabel(input: unknown): input is Label {
  if (typeof input !== 'object' || input === null) return false;
  const l = input as Record<string, unknown>;
  return (
    l['type'] === 'label' &&
    typeof l['id'] === 'string' &&
    typeof l['symbol'] === 'string' &&
    typeof l['kind'] === 'string' &&
    typeof l['source'] === 'string' &&
    typeof l['note'] === 'string' &&
    Number.isSafeInteger(l['start']) &&
    Number.isSafeInteger(l['end']) &&
    Number.isSafeInteger(l['createdAt']) &&
    (l['start'] as number) <= (l['end'] as number) &&
    (l['anomalyId'] === null || typeof l['anomalyId'] === 'string') &&
    (l['verdict'] === null || l['verdict'] === 'anomaly' || l['verdict'] === 'normal')
  );
}
