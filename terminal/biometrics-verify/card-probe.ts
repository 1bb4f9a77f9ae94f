/**
 * What the terminal sends the card to match: the scanner's ISO/IEC 19794-2 record turned into the compact card
 * format, the format of the card's own reference. A probe larger than one short APDU allows keeps its best
 * minutiae (by the record's minutia quality, ties in record order).
 * @remarks See ISO/IEC 19794-2:2005, card format, compact size (3 bytes per minutia) and ISO/IEC 7816-11:2017.
 */
import {
  decodeFingerMinutiaeRecord, encodeCompactCard, toCompactMinutiae, type FingerMinutiaeRecord,
} from '../biometrics/index.ts';
import { MAX_SHORT_PROBE_BYTES } from './biometric-apdus.ts';

/** Most minutiae in a probe sent in one short APDU (82 × 3 bytes = 246). */
export const MAX_PROBE_MINUTIAE = Math.floor(MAX_SHORT_PROBE_BYTES / 3);

/**
 * The compact card probe of a scanner's record (view 0). Throws `BiometricError` (`BIO_TEMPLATE_MALFORMED` for
 * bytes that are no record, `BIO_TEMPLATE_UNENCODABLE` for a minutia beyond 25.5 mm).
 */
export function toCardProbe(isoRecord: Uint8Array, maxMinutiae = MAX_PROBE_MINUTIAE): Uint8Array {
  return encodeCompactCard(toCompactMinutiae(bestMinutiae(decodeFingerMinutiaeRecord(isoRecord), maxMinutiae)));
}

function bestMinutiae(record: FingerMinutiaeRecord, max: number): FingerMinutiaeRecord {
  const view = record.views[0];
  if (!view || view.minutiae.length <= max) return record;
  const kept = view.minutiae
    .map((m, i) => ({ m, i }))
    .sort((a, b) => b.m.quality - a.m.quality || a.i - b.i)
    .slice(0, max)
    .sort((a, b) => a.i - b.i)
    .map(({ m }) => m);
  return { ...record, views: [{ ...view, minutiae: kept }, ...record.views.slice(1)] };
}
