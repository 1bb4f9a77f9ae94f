/**
 * The data model of an ISO/IEC 19794-2:2005 finger minutiae record, shared by the codecs, the generator and the
 * matcher. Field names follow the standard's record format and card format (compact size).
 * Sub-clause numbers are not cited: they differ between the 2005 edition and its drafts; the field names are stable.
 */

/** Minutia type: 2 bits. See ISO/IEC 19794-2:2005, record format, minutia type (00 other, 01 ridge ending, 10 ridge bifurcation; 11 is reserved). */
export const MINUTIA_TYPE = { OTHER: 0, RIDGE_ENDING: 1, BIFURCATION: 2 } as const;
export type MinutiaType = (typeof MINUTIA_TYPE)[keyof typeof MINUTIA_TYPE];

/**
 * One minutia as the record format carries it.
 * @remarks See ISO/IEC 19794-2:2005, record format, finger minutiae data: x and y in pixels (14 bits each, origin top left, y downwards),
 * angle in units of 360/256 degrees measured counter-clockwise from the x axis (8 bits), quality 0..100.
 */
export interface Minutia {
  readonly type: MinutiaType;
  readonly x: number;
  readonly y: number;
  /** 0..255, one unit is 1.40625 degrees. */
  readonly angle: number;
  /** 0..100 (0 means not reported). */
  readonly quality: number;
}

/** Impression types of ISO/IEC 19794-2:2005, finger view header, impression type (Table 3): live-scan plain/rolled, non-live plain/rolled, swipe. */
export const IMPRESSION_TYPE = { LIVE_PLAIN: 0, LIVE_ROLLED: 1, NONLIVE_PLAIN: 2, NONLIVE_ROLLED: 3, SWIPE: 8 } as const;

/**
 * One finger view: its header and minutiae, then its extended data block.
 * @remarks See ISO/IEC 19794-2:2005, record format: finger view header and extended data block. The extended data block is
 * kept as opaque bytes (its areas are not interpreted here) so that a record re-encodes byte for byte.
 */
export interface FingerView {
  /** 0 unknown, 1..10 right thumb .. left little (Table 2). */
  readonly fingerPosition: number;
  /** 0..15. */
  readonly viewNumber: number;
  /** One of `IMPRESSION_TYPE`. */
  readonly impressionType: number;
  /** 0..100. */
  readonly fingerQuality: number;
  readonly minutiae: readonly Minutia[];
  /** Extended data block contents (without its 2-byte length), empty when there is none. */
  readonly extendedData: Uint8Array;
}

/**
 * A whole record: the 24-byte record header, then the finger views.
 * @remarks See ISO/IEC 19794-2:2005, record format: record header (24 bytes).
 */
export interface FingerMinutiaeRecord {
  /** 0..15. */
  readonly captureEquipmentCertification: number;
  /** 0..4095 (vendor-assigned, 0 unreported). */
  readonly captureDeviceTypeId: number;
  /** Image size in pixels. */
  readonly imageWidth: number;
  readonly imageHeight: number;
  /** Resolution in pixels per centimetre (500 dpi is 197). */
  readonly resolutionX: number;
  readonly resolutionY: number;
  readonly views: readonly FingerView[];
}

/**
 * One minutia in the compact card format.
 * @remarks See ISO/IEC 19794-2:2005, card format, compact size: x and y in units of 0.1 mm (1 byte each), type in the top
 * 2 bits of the third byte and the angle in its low 6 bits, one unit being 5.625 degrees.
 */
export interface CompactMinutia {
  readonly type: MinutiaType;
  /** 0..255, units of 0.1 mm. */
  readonly x: number;
  readonly y: number;
  /** 0..63, one unit is 5.625 degrees. */
  readonly angle: number;
}

/** Pixels per centimetre at 500 dpi, as written in the record header. */
export const RESOLUTION_500_DPI_PX_PER_CM = 197;
