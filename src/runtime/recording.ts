/**
 * Recordings: raw input events as newline-delimited JSON, one event per line, optionally
 * gzip-compressed (`.ndjson.gz`). `tickwatch run` can record its inputs; `tickwatch simulate`
 * writes its output this way; `tickwatch replay` reads them back through the same pipeline.
 */
import { createReadStream, createWriteStream, mkdirSync, readdirSync, statSync, type WriteStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip, type Gzip } from 'node:zlib';
import { once } from 'node:events';

export const RECORDING_PATTERN = /\.ndjson(\.gz)?$/;

/** Appends events as NDJSON, buffering lines into large writes. */
export class RecordingWriter {
  private readonly file: WriteStream;
  private readonly gzip: Gzip | null;
  private buffer: string[] = [];
  private bufferedChars = 0;
  private events = 0;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.file = createWriteStream(path);
    if (path.endsWith('.gz')) {
      this.gzip = createGzip({ level: 6 });
      this.gzip.pipe(this.file);
    } else {
      this.gzip = null;
    }
  }

  get count(): number {
    return this.events;
  }

  write(event: unknown): void {
    const line = JSON.stringify(event);
    this.buffer.push(line);
    this.bufferedChars += line.length + 1;
    this.events++;
    if (this.bufferedChars >= 1 << 16) this.drainBuffer();
  }

  /** Hands buffered lines to the stream; resolves when the stream can take more (backpressure). */
  async flush(): Promise<void> {
    const ready = this.drainBuffer();
    if (!ready) await once(this.gzip ?? this.file, 'drain');
  }

  async close(): Promise<void> {
    this.drainBuffer();
    const finished = once(this.file, 'finish');
    (this.gzip ?? this.file).end();
    await finished;
  }

  private drainBuffer(): boolean {
    if (this.buffer.length === 0) return true;
    const chunk = `${this.buffer.join('\n')}\n`;
    this.buffer = [];
    this.bufferedChars = 0;
    return (this.gzip ?? this.file).write(chunk);
  }
}

/** The recording files named by `input`: the file itself, or every *.ndjson(.gz) in a directory, by name. */
export function recordingFiles(input: string): string[] {
  let stats;
  try {
    stats = statSync(input);
  } catch {
    throw new Error(
      `replay input not found: ${input} — give a .ndjson/.ndjson.gz file or a directory of them (e.g. the output of tickwatch simulate)`,
    );
  }
  if (stats.isFile()) return [input];
  const files = readdirSync(input)
    .filter((name) => RECORDING_PATTERN.test(name))
    .sort()
    .map((name) => join(input, name));
  if (files.length === 0) throw new Error(`no recordings (*.ndjson or *.ndjson.gz) in ${input}`);
  return files;
}

/**
 * Reads events line by line. A line that is not valid JSON is yielded as its raw text, so the
 * pipeline quarantines it as malformed instead of the replay stopping or skipping it silently.
 */
export async function* readRecording(path: string): AsyncGenerator<unknown> {
  const raw = createReadStream(path);
  const stream = path.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.length === 0) continue;
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch {
      event = line;
    }
    yield event;
  }
}
