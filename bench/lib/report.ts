/**
 * Benchmark output: one JSON line per figure, so runs can be compared by machines and people.
 *   {"bench":"pipeline","metric":"throughput_no_store","value":1234567,"unit":"ticks/s"}
 */
export function report(
  bench: string,
  metric: string,
  value: number,
  unit: string,
  extra?: Record<string, unknown>,
): void {
  const rounded = Math.abs(value) >= 100 ? Math.round(value) : Number(value.toPrecision(4));
  process.stdout.write(`${JSON.stringify({ bench, metric, value: rounded, unit, ...extra })}\n`);
}

/** Runs `fn` `iterations` times and returns nanoseconds per iteration (after a warm-up run). */
export function nanosPerOp(iterations: number, fn: (i: number) => void): number {
  for (let i = 0; i < Math.min(iterations, 10_000); i++) fn(i);
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn(i);
  return Number(process.hrtime.bigint() - start) / iterations;
}

/** Median of three or more measurements. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
