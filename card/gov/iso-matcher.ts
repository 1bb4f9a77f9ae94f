/**
 * The match-on-card comparison of the KARTGOV applet: the project's own minutiae matcher (`terminal/biometrics`,
 * pure code shared with the terminal) behind the applet's `BiometricMatcher` seam.
 *
 * Templates are ISO/IEC 19794-2:2005 in either form: the finger minutiae record (starts with `FMR\0`) or the
 * compact card format (3 bytes per minutia, the form the card stores and the terminal sends). A reference that is
 * neither (the opaque placeholder bytes of cards personalised before the matcher existed, or a test card's
 * `fingerprintHex`) keeps the old rule, byte equality in constant time, so those cards keep working and nothing
 * but the very same bytes ever matches them.
 *
 * @remarks See ISO/IEC 7816-11:2017, 6 (VERIFY with a biometric data template, on-card comparison) and
 * ISO/IEC 19794-2:2005 (record format; card format, compact size).
 */
import {
  BiometricError, compareTemplates, decodeCompactCard, decodeFingerMinutiaeRecord, MATCH_THRESHOLD, prepareTemplate,
  type CompactMinutia, type FingerMinutiaeRecord,
} from '../../terminal/biometrics/index.ts';
import { constantTimeEqual } from './gov-session.ts';
import type { BiometricMatcher } from './verify-cardholder.ts';

/** ISO/IEC 19794-2 (and ANSI 378) finger minutiae records begin with "FMR\0". */
const FMR_MAGIC = [0x46, 0x4d, 0x52, 0x00] as const;

/** A decoded ISO/IEC 19794-2 template: a record or compact card minutiae. */
export type IsoTemplate = FingerMinutiaeRecord | readonly CompactMinutia[];

/** Decodes a record (`FMR\0...`) or compact card minutiae; `undefined` when the bytes are neither. */
export function decodeIsoTemplate(bytes: Uint8Array): IsoTemplate | undefined {
  try {
    const isRecord = bytes.length >= 4 && FMR_MAGIC.every((b, i) => bytes[i] === b);
    return isRecord ? decodeFingerMinutiaeRecord(bytes) : decodeCompactCard(bytes);
  } catch (error) {
    if (error instanceof BiometricError) return undefined;
    throw error;
  }
}

export interface IsoTemplateMatcherOptions {
  /** Accept when the score is at least this (default `MATCH_THRESHOLD`, FMR 0.01 % on the medium benchmark). */
  readonly threshold?: number;
}

/**
 * A `BiometricMatcher` comparing ISO/IEC 19794-2 templates with `compareTemplates`: a probe that is no ISO
 * template never matches an ISO reference; a reference that is no ISO template matches only the same bytes.
 */
export function createIsoTemplateMatcher(options: IsoTemplateMatcherOptions = {}): BiometricMatcher {
  const threshold = options.threshold ?? MATCH_THRESHOLD;
  return (probe, reference) => {
    const ref = decodeIsoTemplate(reference);
    if (ref === undefined) return constantTimeEqual(probe, reference);
    const candidate = decodeIsoTemplate(probe);
    if (candidate === undefined) return false;
    return compareTemplates(prepareTemplate(candidate), prepareTemplate(ref)) >= threshold;
  };
}

/** The default matcher of government cards: `createIsoTemplateMatcher()` at `MATCH_THRESHOLD`. */
export const isoTemplateMatcher: BiometricMatcher = createIsoTemplateMatcher();
