/**
 * What simulated scanners yield for "finger N of person P": an ISO/IEC 19794-2 record drawn by the biometrics
 * generator (the same person and finger always give the same synthetic finger; each impression differs, as real
 * placements do), an opaque vendor template, or a small greyscale image. Deterministic in its inputs.
 */
import {
  DIFFICULTY_LEVELS,
  createSeededRandom,
  encodeFingerMinutiaeRecord,
  generateImpression,
  generateSyntheticFinger,
  type FingerMinutiaeRecord,
} from '../../biometrics/index.ts';
import type { FingerprintImage } from '../fingerprint-scanner.ts';

/** A finger placed on a simulated scanner. */
export interface SimFinger {
  /** Who: any stable id (a national id in a test fixture, a number...). */
  readonly person: string | number;
  /** ISO/IEC 19794-2 finger position, 1 (right thumb) to 10 (left little); default 2 (right index). */
  readonly finger?: number;
  /** Placement quality 0..100 (default 80): sets the impression's difficulty and the record's finger quality. */
  readonly quality?: number;
  /** Which placement of that finger (default 0); different placements give different impressions. */
  readonly impression?: number;
}

/** FNV-1a over the text form: a stable 32-bit seed. */
function seedOf(...parts: readonly (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join('\u0000')) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const fingerOf = (f: SimFinger): number => f.finger ?? 2;
const qualityOf = (f: SimFinger): number => Math.max(0, Math.min(100, Math.round(f.quality ?? 80)));

/** The impression's record: easy placement from quality 70, medium from 40, hard below. */
export function syntheticRecord(f: SimFinger): FingerMinutiaeRecord {
  const quality = qualityOf(f);
  const level = quality >= 70 ? DIFFICULTY_LEVELS.easy : quality >= 40 ? DIFFICULTY_LEVELS.medium : DIFFICULTY_LEVELS.hard;
  const finger = generateSyntheticFinger(seedOf('finger', f.person, fingerOf(f)));
  const { record } = generateImpression(finger, level, seedOf('impression', f.person, fingerOf(f), f.impression ?? 0));
  return { ...record, views: record.views.map((v) => ({ ...v, fingerPosition: fingerOf(f), fingerQuality: quality })) };
}

/** The impression as an encoded ISO/IEC 19794-2:2005 record. */
export function syntheticIsoTemplate(f: SimFinger): Uint8Array {
  return encodeFingerMinutiaeRecord(syntheticRecord(f));
}

/** Size of an R30x/AS608 character file (template), as its UpChar sends it. */
export const VENDOR_TEMPLATE_BYTES = 512;

/** An opaque vendor template: stable per person and finger, varying a little per impression, as a module's would. */
export function syntheticVendorTemplate(f: SimFinger): Uint8Array {
  const base = createSeededRandom(seedOf('vendor', f.person, fingerOf(f)));
  const noise = createSeededRandom(seedOf('vendor-noise', f.person, fingerOf(f), f.impression ?? 0));
  const out = new Uint8Array(VENDOR_TEMPLATE_BYTES);
  for (let i = 0; i < out.length; i++) out[i] = (base.int(0, 255) ^ (noise.next() < 0.05 ? noise.int(1, 255) : 0)) & 0xff;
  return out;
}

/** A small greyscale image (ridges as a seeded sine pattern, contrast falling with quality). */
export function syntheticImage(f: SimFinger, width = 64, height = 80, dpi = 500): FingerprintImage {
  const rng = createSeededRandom(seedOf('image', f.person, fingerOf(f), f.impression ?? 0));
  const contrast = 20 + qualityOf(f);
  const angle = rng.uniform(0, Math.PI);
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const ridge = Math.sin(((x * Math.cos(angle) + y * Math.sin(angle)) * 2 * Math.PI) / 9);
      pixels[y * width + x] = Math.max(0, Math.min(255, Math.round(128 + contrast * ridge + rng.normal(0, 8))));
    }
  }
  return { width, height, dpi, pixels };
}
