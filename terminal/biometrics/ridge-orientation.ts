/** A finger's singular points: cores and deltas in finger coordinates (pixels at 500 dpi, origin at the centre). */
export interface SingularPoints {
  /** Pattern class the points were drawn for. */
  readonly pattern: 'arch' | 'left-loop' | 'right-loop' | 'whorl';
  readonly cores: readonly { readonly x: number; readonly y: number }[];
  readonly deltas: readonly { readonly x: number; readonly y: number }[];
  /** Base orientation added everywhere, radians. */
  readonly baseAngle: number;
}

/**
 * Ridge orientation (radians, modulo pi, pixel coordinates with y downwards) at a point: the zero-pole model of
 * Sherlock and Monro ("A model for interpreting fingerprint topology", Pattern Recognition 26(7), 1993): half the
 * sum of the arguments towards the cores minus half the sum towards the deltas. An arch (no singular points) is
 * modelled as horizontal ridges bending over a hump.
 */
export function ridgeOrientation(points: SingularPoints, x: number, y: number): number {
  if (points.cores.length === 0) {
    // Arch: ridge slope dy/dx of y = -h exp(-x^2 / 2w^2), w = 90 px, h fading below the centre.
    const w = 90;
    const h = 60 * Math.exp(-Math.max(0, y) / 150);
    const slope = (h * x * Math.exp(-(x * x) / (2 * w * w))) / (w * w);
    return points.baseAngle + Math.atan(slope);
  }
  let sum = 0;
  for (const c of points.cores) sum += Math.atan2(y - c.y, x - c.x);
  for (const d of points.deltas) sum -= Math.atan2(y - d.y, x - d.x);
  return points.baseAngle + sum / 2;
}
