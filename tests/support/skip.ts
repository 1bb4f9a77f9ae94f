/**
 * Skipping a whole suite because what it needs is missing on this machine. The runner collects these lines and
 * prints one summary; under CI (`CI=true`) a skipped suite that needs the real stack is a failure, since CI
 * installs that stack and must run those tests every time.
 */
export interface SkipReason {
  /** What is missing, in a few words ("pcscd and vpcd are not installed"). */
  readonly reason: string;
  /** The command that installs it. */
  readonly fix: string;
  /** Whether CI must run this suite (true for the real PC/SC and serial stacks). */
  readonly requiredInCi: boolean;
}

export const SKIP_MARKER = 'KART-SKIP';

/**
 * Reports the suite as skipped (one machine-readable line for the runner) and returns true, or, under CI with a
 * required stack, throws so that the suite fails.
 */
export function skipSuite(suiteName: string, why: SkipReason): true {
  if (why.requiredInCi && process.env['CI'] === 'true') {
    throw new Error(`${suiteName}: required in CI but cannot run: ${why.reason} (${why.fix})`);
  }
  process.stdout.write(`${SKIP_MARKER}\t${suiteName}\t${why.reason}\t${why.fix}\n`);
  return true;
}
