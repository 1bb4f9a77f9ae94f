import { BiometricError } from './errors.ts';
import { checkField } from './field-check.ts';
import type { FingerMinutiaeRecord, FingerView } from './finger-minutiae-record.ts';

/** 'FMR\0': the record's format identifier. See ISO/IEC 19794-2:2005, record header. */
export const FMR_FORMAT_IDENTIFIER = Uint8Array.of(0x46, 0x4d, 0x52, 0x00);
/** ' 20\0': the version of the 2005 edition. See ISO/IEC 19794-2:2005, record header. */
export const FMR_VERSION_2005 = Uint8Array.of(0x20, 0x32, 0x30, 0x00);
/** Record header, finger view header and minutia sizes in bytes. */
export const FMR_HEADER_BYTES = 24;
export const FMR_VIEW_HEADER_BYTES = 4;
export const FMR_MINUTIA_BYTES = 6;
/** Allowed impression type codes (Table 3). */
export const FMR_IMPRESSION_TYPES: readonly number[] = [0, 1, 2, 3, 8];

const E = 'BIO_TEMPLATE_UNENCODABLE' as const;

function viewBytes(view: FingerView): number {
  return FMR_VIEW_HEADER_BYTES + FMR_MINUTIA_BYTES * view.minutiae.length + 2 + view.extendedData.length;
}

/**
 * Encodes a finger minutiae record (format identifier, version, record length, header, finger views with
 * minutiae and extended data blocks). Throws `BIO_TEMPLATE_UNENCODABLE` naming the field that does not fit.
 * @remarks See ISO/IEC 19794-2:2005, record format: record header, finger view header, finger minutiae data
 * (6 bytes each: type and x in 16 bits, 2 reserved bits and y in 16 bits, angle, quality), extended data block.
 */
export function encodeFingerMinutiaeRecord(record: FingerMinutiaeRecord): Uint8Array {
  const r = record;
  checkField(E, 'captureEquipmentCertification', r.captureEquipmentCertification, 0, 15);
  checkField(E, 'captureDeviceTypeId', r.captureDeviceTypeId, 0, 0xfff);
  checkField(E, 'imageWidth', r.imageWidth, 1, 0xffff);
  checkField(E, 'imageHeight', r.imageHeight, 1, 0xffff);
  checkField(E, 'resolutionX', r.resolutionX, 1, 0xffff);
  checkField(E, 'resolutionY', r.resolutionY, 1, 0xffff);
  checkField(E, 'views', r.views.length, 0, 0xff);
  const total = r.views.reduce((sum, v) => sum + viewBytes(v), FMR_HEADER_BYTES);
  if (total > 0xffff_ffff) throw new BiometricError(E, 'recordLength', `${total} bytes exceed 32 bits`);
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  out.set(FMR_FORMAT_IDENTIFIER, 0);
  out.set(FMR_VERSION_2005, 4);
  dv.setUint32(8, total);
  dv.setUint16(12, (r.captureEquipmentCertification << 12) | r.captureDeviceTypeId);
  dv.setUint16(14, r.imageWidth);
  dv.setUint16(16, r.imageHeight);
  dv.setUint16(18, r.resolutionX);
  dv.setUint16(20, r.resolutionY);
  out[22] = r.views.length;
  out[23] = 0; // See ISO/IEC 19794-2:2005, record header: reserved byte, 0.
  let o = FMR_HEADER_BYTES;
  r.views.forEach((v, vi) => {
    const f = `view[${vi}]`;
    checkField(E, `${f}.fingerPosition`, v.fingerPosition, 0, 10);
    checkField(E, `${f}.viewNumber`, v.viewNumber, 0, 15);
    checkField(E, `${f}.impressionType`, v.impressionType, 0, 15, undefined, FMR_IMPRESSION_TYPES);
    checkField(E, `${f}.fingerQuality`, v.fingerQuality, 0, 100);
    checkField(E, `${f}.minutiae`, v.minutiae.length, 0, 0xff);
    checkField(E, `${f}.extendedData`, v.extendedData.length, 0, 0xffff);
    out[o] = v.fingerPosition;
    out[o + 1] = (v.viewNumber << 4) | v.impressionType;
    out[o + 2] = v.fingerQuality;
    out[o + 3] = v.minutiae.length;
    o += FMR_VIEW_HEADER_BYTES;
    v.minutiae.forEach((m, mi) => {
      const g = `${f}.minutia[${mi}]`;
      checkField(E, `${g}.type`, m.type, 0, 2);
      checkField(E, `${g}.x`, m.x, 0, Math.min(0x3fff, r.imageWidth - 1));
      checkField(E, `${g}.y`, m.y, 0, Math.min(0x3fff, r.imageHeight - 1));
      checkField(E, `${g}.angle`, m.angle, 0, 255);
      checkField(E, `${g}.quality`, m.quality, 0, 100);
      dv.setUint16(o, (m.type << 14) | m.x);
      dv.setUint16(o + 2, m.y); // See ISO/IEC 19794-2:2005: the top 2 bits of y are reserved, 0.
      out[o + 4] = m.angle;
      out[o + 5] = m.quality;
      o += FMR_MINUTIA_BYTES;
    });
    dv.setUint16(o, v.extendedData.length);
    out.set(v.extendedData, o + 2);
    o += 2 + v.extendedData.length;
  });
  return out;
}
