import { compareTemplates } from './compare-templates.ts';
import type { CompactMinutia, FingerMinutiaeRecord } from './finger-minutiae-record.ts';
import { prepareTemplate } from './prepare-template.ts';

/**
 * Production decision threshold: accept when `score >= MATCH_THRESHOLD`.
 * Derived from `tests/bench/fingerprint.bench.ts` on the medium level (1,024 synthetic fingers x 8 impressions,
 * 1,047,552 impostor comparisons): the smallest threshold accepting at most 0.01 % of impostors (104 of them) was
 * 0.0374 (`fingerprint.medium.threshold_at_fmr_0.01pct`), rounded up to 0.038. Re-derive it whenever the matcher,
 * its tolerances or the medium level change. See README.md in this folder.
 */
export const MATCH_THRESHOLD = 0.038;

/**
 * Compares a probe with a reference (decoded records or compact card minutiae) and returns the similarity score
 * in 0..1. For many comparisons prepare each template once with `prepareTemplate` and use `compareTemplates`.
 * @remarks See ISO/IEC 19794-2:2005 (record format and card format, compact size) for the inputs.
 */
export function match(
  probe: FingerMinutiaeRecord | readonly CompactMinutia[],
  reference: FingerMinutiaeRecord | readonly CompactMinutia[],
): number {
  return compareTemplates(prepareTemplate(probe), prepareTemplate(reference));
}
