import { BiometricError } from './errors.ts';
import type { CompactMinutia, MinutiaType } from './finger-minutiae-record.ts';
import { COMPACT_MINUTIA_BYTES } from './encode-compact-card.ts';

/**
 * Decodes compact card format minutiae (3 bytes each). Throws `BIO_TEMPLATE_MALFORMED` naming `length` when the
 * input is not a whole number of minutiae, or `minutia[i].type` for the reserved type code 11.
 * @remarks See ISO/IEC 19794-2:2005, card format, compact size.
 */
export function decodeCompactCard(bytes: Uint8Array): CompactMinutia[] {
  if (bytes.length % COMPACT_MINUTIA_BYTES !== 0) {
    throw new BiometricError('BIO_TEMPLATE_MALFORMED', 'length', `${bytes.length} bytes is not a multiple of 3`, {
      offset: bytes.length - (bytes.length % COMPACT_MINUTIA_BYTES),
    });
  }
  const out: CompactMinutia[] = [];
  for (let o = 0; o < bytes.length; o += COMPACT_MINUTIA_BYTES) {
    const typeAngle = bytes[o + 2]!;
    const type = typeAngle >> 6;
    if (type === 3) {
      throw new BiometricError('BIO_TEMPLATE_MALFORMED', `minutia[${o / 3}].type`, 'type code 11 is reserved', { offset: o + 2 });
    }
    out.push({ x: bytes[o]!, y: bytes[o + 1]!, type: type as MinutiaType, angle: typeAngle & 0x3f });
  }
  return out;
}
