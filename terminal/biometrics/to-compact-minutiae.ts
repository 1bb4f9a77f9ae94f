import { BiometricError } from './errors.ts';
import type { CompactMinutia, FingerMinutiaeRecord } from './finger-minutiae-record.ts';

/**
 * Converts one view of a record to compact card minutiae: pixels to 0.1 mm through the header's resolution
 * (pixels per cm, so units = round(pixels * 100 / resolution)), angle from 1.40625 to 5.625 degree units
 * (round(angle / 4) mod 64). A minutia beyond 25.5 mm throws `BIO_TEMPLATE_UNENCODABLE` naming it.
 * @remarks See ISO/IEC 19794-2:2005, card format, compact size (and the record format for the source units).
 */
export function toCompactMinutiae(record: FingerMinutiaeRecord, viewIndex = 0): CompactMinutia[] {
  const view = record.views[viewIndex];
  if (view === undefined) throw new BiometricError('BIO_TEMPLATE_UNENCODABLE', 'views', `no view ${viewIndex}`);
  return view.minutiae.map((m, i) => {
    const x = Math.round((m.x * 100) / record.resolutionX);
    const y = Math.round((m.y * 100) / record.resolutionY);
    if (x > 255 || y > 255) {
      throw new BiometricError('BIO_TEMPLATE_UNENCODABLE', `view[${viewIndex}].minutia[${i}].${x > 255 ? 'x' : 'y'}`, 'beyond 25.5 mm');
    }
    return { type: m.type, x, y, angle: Math.round(m.angle / 4) & 63 };
  });
}
