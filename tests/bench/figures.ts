/** What a benchmark reports: named figures with units, printed as a table for people or JSON lines for programs. */
export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** A short note for the table (assumptions, what the ratio compares). */
  readonly note?: string;
}

export interface BenchContext {
  /** Records one figure. */
  figure(name: string, value: number, unit: string, note?: string): void;
  /** Shows progress on stderr for long runs (a bar when stderr is a terminal). */
  progress(label: string, done: number, total: number): void;
  /** True when the caller asked for a short run (`--quick`), e.g. in a smoke test. */
  readonly quick: boolean;
}

/** A benchmark module: `tests/bench/*.bench.ts` default-exports one of these. */
export interface Bench {
  readonly title: string;
  run(ctx: BenchContext): Promise<void>;
}

/** Median and the given percentile of a sample, in the sample's unit. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function summarize(samples: readonly number[]): { median: number; p99: number; mean: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((s, x) => s + x, 0) / (sorted.length || 1);
  return { median: percentile(sorted, 50), p99: percentile(sorted, 99), mean };
}
