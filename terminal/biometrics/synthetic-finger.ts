import type { MinutiaType } from './finger-minutiae-record.ts';
import { ridgeOrientation, type SingularPoints } from './ridge-orientation.ts';
import { createSeededRandom } from './seeded-random.ts';

/** One true minutia of a synthetic finger, in finger coordinates (pixels at 500 dpi, origin at the centre, y down). */
export interface MasterMinutia {
  readonly x: number;
  readonly y: number;
  /** Direction in radians, pixel coordinates (clockwise on screen since y points down). */
  readonly direction: number;
  readonly type: MinutiaType;
}

/** A synthetic finger: its outline, its singular points and its master minutiae. */
export interface SyntheticFinger {
  readonly seed: number;
  /** Finger outline: an ellipse with these semi-axes around the origin. */
  readonly semiAxisX: number;
  readonly semiAxisY: number;
  readonly singular: SingularPoints;
  readonly minutiae: readonly MasterMinutia[];
}

/** Generator parameters (defaults shown in README.md). */
export const FINGER_PARAMETERS = {
  /** Master minutiae count, uniform. */
  minutiaeCount: [30, 60] as const,
  /** Outline semi-axes: 14..17 mm wide, 19..23 mm tall. */
  semiAxisXPx: [138, 167] as const,
  semiAxisYPx: [187, 226] as const,
  /** Minutiae keep at least this far apart (about 1.5 ridge periods at 500 dpi). */
  minSpacingPx: 14,
  /** Share of ridge endings (the rest are bifurcations). */
  endingShare: 0.55,
  /** Deviation of a minutia's direction from the local ridge flow, normal sd in degrees. */
  flowDeviationSdDeg: 6,
  /** Pattern class shares: arch, left loop, right loop, whorl (close to population frequencies). */
  patternShares: [0.06, 0.34, 0.3, 0.3] as const,
} as const;

function drawSingular(rng: ReturnType<typeof createSeededRandom>): SingularPoints {
  const u = rng.next();
  const [arch, left, right] = FINGER_PARAMETERS.patternShares;
  const baseAngle = rng.normal(0, 0.1);
  if (u < arch) return { pattern: 'arch', cores: [], deltas: [], baseAngle };
  const core = { x: rng.normal(0, 15), y: rng.normal(-20, 20) };
  if (u < arch + left + right) {
    const side = u < arch + left ? 1 : -1;
    const delta = { x: side * rng.uniform(70, 130), y: core.y + rng.uniform(90, 150) };
    return { pattern: side === 1 ? 'left-loop' : 'right-loop', cores: [core], deltas: [delta], baseAngle };
  }
  const gap = rng.uniform(15, 35);
  const tilt = rng.normal(0, 0.4);
  const cores = [
    { x: core.x - gap * Math.cos(tilt), y: core.y - gap * Math.sin(tilt) },
    { x: core.x + gap * Math.cos(tilt), y: core.y + gap * Math.sin(tilt) },
  ];
  const dy = core.y + rng.uniform(100, 150);
  const deltas = [
    { x: -rng.uniform(90, 140), y: dy + rng.normal(0, 10) },
    { x: rng.uniform(90, 140), y: dy + rng.normal(0, 10) },
  ];
  return { pattern: 'whorl', cores, deltas, baseAngle };
}

/**
 * Draws a synthetic finger from a seed (deterministic): an elliptic outline, singular points for a pattern class,
 * and 30 to 60 master minutiae placed by dart throwing with a minimum spacing, each pointing along the local ridge
 * flow (either way) with a small deviation, typed ending or bifurcation.
 * @remarks See ISO/IEC 19794-2:2005 for the minutia types it produces (ridge ending, ridge bifurcation).
 */
export function generateSyntheticFinger(seed: number): SyntheticFinger {
  const rng = createSeededRandom(seed);
  const p = FINGER_PARAMETERS;
  const semiAxisX = rng.uniform(p.semiAxisXPx[0], p.semiAxisXPx[1]);
  const semiAxisY = rng.uniform(p.semiAxisYPx[0], p.semiAxisYPx[1]);
  const singular = drawSingular(rng);
  const count = rng.int(p.minutiaeCount[0], p.minutiaeCount[1]);
  const minutiae: MasterMinutia[] = [];
  const spacing2 = p.minSpacingPx * p.minSpacingPx;
  const deviation = (p.flowDeviationSdDeg * Math.PI) / 180;
  for (let attempt = 0; minutiae.length < count && attempt < count * 200; attempt++) {
    // Uniform in the outline shrunk by 5 % (extraction finds nothing on the very edge).
    const x = rng.uniform(-1, 1) * semiAxisX * 0.95;
    const y = rng.uniform(-1, 1) * semiAxisY * 0.95;
    if ((x * x) / (semiAxisX * semiAxisX) + (y * y) / (semiAxisY * semiAxisY) > 0.9025) continue;
    if (minutiae.some((m) => (m.x - x) ** 2 + (m.y - y) ** 2 < spacing2)) continue;
    const flow = ridgeOrientation(singular, x, y) + (rng.next() < 0.5 ? 0 : Math.PI);
    const type: MinutiaType = rng.next() < p.endingShare ? 1 : 2;
    minutiae.push({ x, y, direction: flow + rng.normal(0, deviation), type });
  }
  return { seed, semiAxisX, semiAxisY, singular, minutiae };
}
