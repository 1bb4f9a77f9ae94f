import { checkField } from './field-check.ts';
import type { CompactMinutia } from './finger-minutiae-record.ts';

/** Bytes per minutia in the compact card format. See ISO/IEC 19794-2:2005, card format, compact size. */
export const COMPACT_MINUTIA_BYTES = 3;

/**
 * Encodes minutiae in the compact card format: per minutia x (1 byte, 0.1 mm), y (1 byte, 0.1 mm), then type in
 * the top 2 bits and angle (5.625 degree units) in the low 6 bits of the third byte. Order is kept as given (a card
 * that wants a sort order says so in its biometric information template). Throws `BIO_TEMPLATE_UNENCODABLE`.
 * @remarks See ISO/IEC 19794-2:2005, card format, compact size.
 */
export function encodeCompactCard(minutiae: readonly CompactMinutia[]): Uint8Array {
  const out = new Uint8Array(minutiae.length * COMPACT_MINUTIA_BYTES);
  minutiae.forEach((m, i) => {
    const f = `minutia[${i}]`;
    checkField('BIO_TEMPLATE_UNENCODABLE', `${f}.x`, m.x, 0, 255);
    checkField('BIO_TEMPLATE_UNENCODABLE', `${f}.y`, m.y, 0, 255);
    checkField('BIO_TEMPLATE_UNENCODABLE', `${f}.type`, m.type, 0, 2);
    checkField('BIO_TEMPLATE_UNENCODABLE', `${f}.angle`, m.angle, 0, 63);
    const o = i * COMPACT_MINUTIA_BYTES;
    out[o] = m.x;
    out[o + 1] = m.y;
    out[o + 2] = (m.type << 6) | m.angle;
  });
  return out;
}
