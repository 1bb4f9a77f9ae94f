import { BiometricError } from './errors.ts';
import { checkField } from './field-check.ts';
import type { FingerMinutiaeRecord, FingerView, Minutia, MinutiaType } from './finger-minutiae-record.ts';
import {
  FMR_FORMAT_IDENTIFIER,
  FMR_HEADER_BYTES,
  FMR_IMPRESSION_TYPES,
  FMR_MINUTIA_BYTES,
  FMR_VERSION_2005,
  FMR_VIEW_HEADER_BYTES,
} from './encode-finger-minutiae-record.ts';

const E = 'BIO_TEMPLATE_MALFORMED' as const;

function need(bytes: Uint8Array, offset: number, count: number, field: string): void {
  if (offset + count > bytes.length) {
    throw new BiometricError(E, field, `needs ${count} bytes at offset ${offset}, record ends at ${bytes.length}`, { offset });
  }
}

function expectConstant(bytes: Uint8Array, offset: number, expected: Uint8Array, field: string): void {
  need(bytes, offset, expected.length, field);
  for (let i = 0; i < expected.length; i++) {
    if (bytes[offset + i] !== expected[i]) throw new BiometricError(E, field, 'unexpected value', { offset: offset + i });
  }
}

/**
 * Decodes a finger minutiae record strictly: any deviation (wrong identifier or version, a record length other
 * than the input's, a non-zero reserved field, a value out of range, missing or trailing bytes) throws
 * `BIO_TEMPLATE_MALFORMED` naming the field and its byte offset. A record that decodes re-encodes to the same bytes.
 * Work is linear in the input length; nothing else is allocated beyond the minutiae it returns.
 * @remarks See ISO/IEC 19794-2:2005, record format: record header, finger view header, finger minutiae data,
 * extended data block.
 */
export function decodeFingerMinutiaeRecord(bytes: Uint8Array): FingerMinutiaeRecord {
  expectConstant(bytes, 0, FMR_FORMAT_IDENTIFIER, 'formatIdentifier');
  expectConstant(bytes, 4, FMR_VERSION_2005, 'version');
  need(bytes, 8, FMR_HEADER_BYTES - 8, 'recordHeader');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = dv.getUint32(8);
  if (length !== bytes.length) {
    throw new BiometricError(E, 'recordLength', `says ${length} bytes, input has ${bytes.length}`, { offset: 8 });
  }
  const equipment = dv.getUint16(12);
  const imageWidth = dv.getUint16(14);
  const imageHeight = dv.getUint16(16);
  const resolutionX = dv.getUint16(18);
  const resolutionY = dv.getUint16(20);
  checkField(E, 'imageWidth', imageWidth, 1, 0xffff, 14);
  checkField(E, 'imageHeight', imageHeight, 1, 0xffff, 16);
  checkField(E, 'resolutionX', resolutionX, 1, 0xffff, 18);
  checkField(E, 'resolutionY', resolutionY, 1, 0xffff, 20);
  const viewCount = bytes[22]!;
  checkField(E, 'reserved', bytes[23]!, 0, 0, 23);
  const views: FingerView[] = [];
  let o = FMR_HEADER_BYTES;
  for (let vi = 0; vi < viewCount; vi++) {
    const f = `view[${vi}]`;
    need(bytes, o, FMR_VIEW_HEADER_BYTES, `${f}.header`);
    const fingerPosition = bytes[o]!;
    const viewNumber = bytes[o + 1]! >> 4;
    const impressionType = bytes[o + 1]! & 0x0f;
    const fingerQuality = bytes[o + 2]!;
    const count = bytes[o + 3]!;
    checkField(E, `${f}.fingerPosition`, fingerPosition, 0, 10, o);
    checkField(E, `${f}.impressionType`, impressionType, 0, 15, o + 1, FMR_IMPRESSION_TYPES);
    checkField(E, `${f}.fingerQuality`, fingerQuality, 0, 100, o + 2);
    o += FMR_VIEW_HEADER_BYTES;
    need(bytes, o, count * FMR_MINUTIA_BYTES, `${f}.minutiae`);
    const minutiae: Minutia[] = [];
    for (let mi = 0; mi < count; mi++, o += FMR_MINUTIA_BYTES) {
      const g = `${f}.minutia[${mi}]`;
      const tx = dv.getUint16(o);
      const ry = dv.getUint16(o + 2);
      const type = tx >> 14;
      const x = tx & 0x3fff;
      const y = ry & 0x3fff;
      checkField(E, `${g}.type`, type, 0, 2, o);
      checkField(E, `${g}.x`, x, 0, imageWidth - 1, o);
      checkField(E, `${g}.reserved`, ry >> 14, 0, 0, o + 2);
      checkField(E, `${g}.y`, y, 0, imageHeight - 1, o + 2);
      const quality = bytes[o + 5]!;
      checkField(E, `${g}.quality`, quality, 0, 100, o + 5);
      minutiae.push({ type: type as MinutiaType, x, y, angle: bytes[o + 4]!, quality });
    }
    need(bytes, o, 2, `${f}.extendedDataLength`);
    const extLength = dv.getUint16(o);
    o += 2;
    need(bytes, o, extLength, `${f}.extendedData`);
    const extendedData = bytes.slice(o, o + extLength);
    o += extLength;
    views.push({ fingerPosition, viewNumber, impressionType, fingerQuality, minutiae, extendedData });
  }
  if (o !== bytes.length) throw new BiometricError(E, 'recordLength', `${bytes.length - o} bytes after the last view`, { offset: o });
  return {
    captureEquipmentCertification: equipment >> 12,
    captureDeviceTypeId: equipment & 0xfff,
    imageWidth,
    imageHeight,
    resolutionX,
    resolutionY,
    views,
  };
}
