import type { DifficultyLevel } from './difficulty-levels.ts';
import { RESOLUTION_500_DPI_PX_PER_CM, type FingerMinutiaeRecord, type Minutia, type MinutiaType } from './finger-minutiae-record.ts';
import { ridgeOrientation } from './ridge-orientation.ts';
import { createSeededRandom } from './seeded-random.ts';
import type { SyntheticFinger } from './synthetic-finger.ts';

/** One impression: the record a scanner's extractor would produce, and the ground truth behind it. */
export interface SyntheticImpression {
  readonly record: FingerMinutiaeRecord;
  /** For each minutia of the record, the index of its master minutia, or -1 for a spurious one. */
  readonly sourceIndex: readonly number[];
}

const DEG = Math.PI / 180;
const TAU = 2 * Math.PI;

/** Pixel-coordinate direction (radians, y down) to the record's angle units (counter-clockwise, 360/256 degrees). */
export function directionToIsoAngle(direction: number): number {
  const ccw = (((-direction % TAU) + TAU) % TAU) / TAU;
  return Math.round(ccw * 256) & 255;
}

/**
 * Draws one impression of a finger at a difficulty level (deterministic in `seed`): a contact ellipse around a
 * contact centre, plastic distortion growing away from it, a rigid placement (rotation, translation) on the
 * sensor, position/angle/type noise, dropouts and spurious minutiae, then the crop to the sensor window.
 * The result is a one-view ISO/IEC 19794-2:2005 record at 500 dpi.
 * @remarks See ISO/IEC 19794-2:2005, record format (angle convention: counter-clockwise, 1.40625 degree units).
 */
export function generateImpression(finger: SyntheticFinger, level: DifficultyLevel, seed: number): SyntheticImpression {
  const rng = createSeededRandom(seed);
  const L = level;
  const W = L.sensorWidth;
  const H = L.sensorHeight;
  // Contact: centre on the finger, ellipse semi-axes (pressure).
  const cx = rng.normal(0, L.contactOffsetSdPx);
  const cy = rng.normal(0, L.contactOffsetSdPx);
  const ax = rng.uniform(L.contactSemiAxisXPx[0], L.contactSemiAxisXPx[1]);
  const ay = rng.uniform(L.contactSemiAxisYPx[0], L.contactSemiAxisYPx[1]);
  // Distortion: shift vector and twist of the outer zone.
  const shiftAngle = rng.uniform(0, TAU);
  const shiftX = L.distortionShiftPx * Math.cos(shiftAngle);
  const shiftY = L.distortionShiftPx * Math.sin(shiftAngle);
  const twist = rng.uniform(-1, 1) * L.distortionTwistDeg * DEG;
  // Placement: rotation and where the contact centre lands in the window.
  const phi = rng.uniform(-1, 1) * L.maxRotationDeg * DEG;
  const cosP = Math.cos(phi);
  const sinP = Math.sin(phi);
  const tx = W / 2 + rng.uniform(-1, 1) * L.maxTranslationPx;
  const ty = H / 2 + rng.uniform(-1, 1) * L.maxTranslationPx;

  const inFinger = (x: number, y: number): boolean =>
    (x * x) / (finger.semiAxisX * finger.semiAxisX) + (y * y) / (finger.semiAxisY * finger.semiAxisY) <= 1;
  const inContact = (x: number, y: number): boolean => ((x - cx) / ax) ** 2 + ((y - cy) / ay) ** 2 <= 1;
  /** Finger point and direction to sensor pixels and direction, distortion included; noise excluded. */
  const place = (x: number, y: number, direction: number): [number, number, number] => {
    const qx = x - cx;
    const qy = y - cy;
    const r = Math.hypot(qx, qy);
    const t = Math.min(1, Math.max(0, (r - L.distortionInnerRadiusPx) / (L.distortionOuterRadiusPx - L.distortionInnerRadiusPx)));
    const s = t * t * (3 - 2 * t);
    const c = Math.cos(s * twist);
    const n = Math.sin(s * twist);
    const dx = c * qx - n * qy + s * shiftX;
    const dy = n * qx + c * qy + s * shiftY;
    return [cosP * dx - sinP * dy + tx, sinP * dx + cosP * dy + ty, direction + s * twist + phi];
  };
  const minutiae: Minutia[] = [];
  const sourceIndex: number[] = [];
  const emit = (x: number, y: number, direction: number, type: MinutiaType, quality: number, source: number): void => {
    const px = Math.round(x);
    const py = Math.round(y);
    const m = L.borderMarginPx;
    if (px < m || py < m || px >= W - m || py >= H - m) return;
    minutiae.push({ type, x: px, y: py, angle: directionToIsoAngle(direction), quality });
    sourceIndex.push(source);
  };
  let visible = 0;
  finger.minutiae.forEach((mm, i) => {
    if (!inContact(mm.x, mm.y)) return;
    visible++;
    if (rng.next() < L.dropoutRate) return;
    const [x, y, d] = place(mm.x, mm.y, mm.direction);
    const flip = rng.next() < L.typeFlipRate;
    const type: MinutiaType = flip ? (mm.type === 1 ? 2 : 1) : mm.type;
    emit(
      x + rng.normal(0, L.positionNoiseSdPx),
      y + rng.normal(0, L.positionNoiseSdPx),
      d + rng.normal(0, L.angleNoiseSdDeg * DEG),
      type,
      rng.int(40, 100),
      i,
    );
  });
  // Spurious minutiae: in the contact area, half along the ridge flow, half in any direction.
  for (let i = 0; i < visible; i++) {
    if (rng.next() >= L.spuriousRate) continue;
    for (let attempt = 0; attempt < 50; attempt++) {
      const x = cx + rng.uniform(-ax, ax);
      const y = cy + rng.uniform(-ay, ay);
      if (!inContact(x, y) || !inFinger(x, y)) continue;
      const flow = rng.next() < 0.5 ? ridgeOrientation(finger.singular, x, y) + (rng.next() < 0.5 ? 0 : Math.PI) : rng.uniform(0, TAU);
      const [px, py, d] = place(x, y, flow);
      emit(px, py, d, rng.next() < 0.5 ? 1 : 2, rng.int(20, 60), -1);
      break;
    }
  }
  // Extractors report minutiae in scan order, not in master order: sort by row then column.
  const order = minutiae.map((_, i) => i).sort((a, b) => minutiae[a]!.y - minutiae[b]!.y || minutiae[a]!.x - minutiae[b]!.x);
  const view = {
    fingerPosition: 0,
    viewNumber: 0,
    impressionType: 0,
    fingerQuality: 60 + Math.round(40 * (1 - L.dropoutRate)),
    minutiae: order.slice(0, 255).map((i) => minutiae[i]!),
    extendedData: new Uint8Array(0),
  };
  return {
    record: {
      captureEquipmentCertification: 0,
      captureDeviceTypeId: 0,
      imageWidth: W,
      imageHeight: H,
      resolutionX: RESOLUTION_500_DPI_PX_PER_CM,
      resolutionY: RESOLUTION_500_DPI_PX_PER_CM,
      views: [view],
    },
    sourceIndex: order.slice(0, 255).map((i) => sourceIndex[i]!),
  };
}
