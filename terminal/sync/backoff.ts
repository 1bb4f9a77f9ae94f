/**
 * Exponential back-off with jitter: after the `n`-th consecutive failure wait a random time between half and all
 * of `min(maxMs, initialMs * 2^(n-1))`, so that thousands of terminals coming back after an outage spread out
 * instead of hitting the ledger in step.
 */
export function backoffDelay(failures: number, initialMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.min(30, Math.max(0, failures - 1)));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
