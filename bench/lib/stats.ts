/** Nearest-rank percentile of an ascending array; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function ascending(values: Iterable<number>): number[] {
  return [...values].sort((a, b) => a - b);
}

export interface Spread {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function spread(values: Iterable<number>): Spread {
  const sorted = ascending(values);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
    mean: sorted.length ? sum / sorted.length : NaN,
  };
}

/** Rounds for the JSON line: enough digits to compare runs, not float noise. */
export function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Number.isFinite(n) ? Math.round(n * f) / f : n;
}

export const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(1)} ms` : '–');
export const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
