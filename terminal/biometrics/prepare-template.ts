import { BiometricError } from './errors.ts';
import type { CompactMinutia, FingerMinutiaeRecord } from './finger-minutiae-record.ts';

/** Neighbours per minutia that get an edge (directed, so a template has up to n * EDGE_NEIGHBOURS edges). */
export const EDGE_NEIGHBOURS = 5;
/** Edge index bins: length bins of EDGE_LENGTH_BIN_PX pixels times EDGE_ALPHA_BINS bins of the alpha angle. */
export const EDGE_LENGTH_BIN_PX = 4;
export const EDGE_ALPHA_BINS = 12;
/** Side of a pairing-grid cell in pixels at 500 dpi. */
export const GRID_CELL_PX = 24;
/** Pixels at 500 dpi per millimetre (the matcher's unit). */
const PX_PER_MM = 500 / 25.4;
const TAU = 2 * Math.PI;

/**
 * A template ready for `compareTemplates`: minutiae in pixels at 500 dpi with directions in radians (pixel
 * coordinates, y down), the directed edges to each minutia's nearest neighbours sorted by length with their
 * rotation-invariant descriptors, each minutia's neighbours by distance, and a grid for spatial lookup.
 * Everything is in typed arrays; nothing here refers back to the record.
 */
export interface PreparedTemplate {
  readonly count: number;
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly direction: Float32Array;
  readonly type: Uint8Array;
  readonly edgeCount: number;
  /**
   * Per edge: length, from, to, alpha (edge direction minus the from-direction), beta (to-direction minus
   * from-direction). Edges are ordered by (alpha bin, length bin); bin b holds `edgeStart[b] .. edgeStart[b + 1]`,
   * b = alphaBin * edgeLengthBins + lengthBin.
   */
  readonly edgeLengthBins: number;
  readonly edgeStart: Uint16Array;
  readonly edgeLength: Float32Array;
  readonly edgeFrom: Uint8Array;
  readonly edgeTo: Uint8Array;
  readonly edgeAlpha: Float32Array;
  readonly edgeBeta: Float32Array;
  /** `byDistance[i * count + r]`: the r-th closest minutia to i (r = 0 is i itself). */
  readonly byDistance: Uint8Array;
  readonly gridColumns: number;
  readonly gridRows: number;
  /** Grid cells as compressed rows: minutiae of cell c are `gridItems[gridStart[c] .. gridStart[c + 1])`. */
  readonly gridStart: Uint16Array;
  readonly gridItems: Uint8Array;
  /** A content hash fixing the order in which two templates are compared, so that compare(a, b) === compare(b, a). */
  readonly key: number;
}

/** Wraps an angle to [-pi, pi). */
export function wrapAngle(a: number): number {
  return a - TAU * Math.floor((a + Math.PI) / TAU);
}

function fromPoints(xs: number[], ys: number[], dirs: number[], types: number[]): PreparedTemplate {
  const n = xs.length;
  if (n > 255) throw new BiometricError('BIO_TEMPLATE_UNENCODABLE', 'minutiae', `${n} minutiae, at most 255`);
  const x = Float32Array.from(xs);
  const y = Float32Array.from(ys);
  const direction = Float32Array.from(dirs, wrapAngle);
  const type = Uint8Array.from(types);
  const byDistance = new Uint8Array(n * n);
  const dist = new Float64Array(n);
  const idx: number[] = [];
  const edges: { len: number; from: number; to: number; alpha: number; beta: number }[] = [];
  for (let i = 0; i < n; i++) {
    idx.length = 0;
    for (let j = 0; j < n; j++) {
      dist[j] = Math.hypot(x[j]! - x[i]!, y[j]! - y[i]!);
      idx.push(j);
    }
    idx.sort((a, b) => dist[a]! - dist[b]! || a - b);
    for (let r = 0; r < n; r++) byDistance[i * n + r] = idx[r]!;
    for (let r = 1; r <= Math.min(EDGE_NEIGHBOURS, n - 1); r++) {
      const j = idx[r]!;
      const phi = Math.atan2(y[j]! - y[i]!, x[j]! - x[i]!);
      edges.push({ len: dist[j]!, from: i, to: j, alpha: wrapAngle(phi - direction[i]!), beta: wrapAngle(direction[j]! - direction[i]!) });
    }
  }
  const alphaBin = (a: number): number => Math.min(EDGE_ALPHA_BINS - 1, Math.floor(((a + Math.PI) / TAU) * EDGE_ALPHA_BINS));
  let edgeLengthBins = 0;
  for (const e of edges) edgeLengthBins = Math.max(edgeLengthBins, Math.floor(e.len / EDGE_LENGTH_BIN_PX) + 1);
  const binOf = (e: { len: number; alpha: number }): number => alphaBin(e.alpha) * edgeLengthBins + Math.floor(e.len / EDGE_LENGTH_BIN_PX);
  edges.sort((a, b) => binOf(a) - binOf(b) || a.len - b.len || a.from - b.from || a.to - b.to);
  const edgeStart = new Uint16Array(edgeLengthBins * EDGE_ALPHA_BINS + 1);
  for (const e of edges) edgeStart[binOf(e) + 1]!++;
  for (let b = 0; b < edgeLengthBins * EDGE_ALPHA_BINS; b++) edgeStart[b + 1]! += edgeStart[b]!;
  let maxX = 0;
  let maxY = 0;
  let key = 0x811c9dc5 ^ n;
  for (let i = 0; i < n; i++) {
    maxX = Math.max(maxX, x[i]!);
    maxY = Math.max(maxY, y[i]!);
    key = Math.imul(key ^ Math.round(x[i]! * 4), 0x01000193);
    key = Math.imul(key ^ Math.round(y[i]! * 4), 0x01000193);
    key = Math.imul(key ^ Math.round(direction[i]! * 1000), 0x01000193);
  }
  const gridColumns = Math.floor(maxX / GRID_CELL_PX) + 1;
  const gridRows = Math.floor(maxY / GRID_CELL_PX) + 1;
  const cellOf = (i: number): number => Math.floor(y[i]! / GRID_CELL_PX) * gridColumns + Math.floor(x[i]! / GRID_CELL_PX);
  const gridStart = new Uint16Array(gridColumns * gridRows + 1);
  for (let i = 0; i < n; i++) gridStart[cellOf(i) + 1]!++;
  for (let c = 0; c < gridColumns * gridRows; c++) gridStart[c + 1]! += gridStart[c]!;
  const fill = gridStart.slice(0, -1);
  const gridItems = new Uint8Array(n);
  for (let i = 0; i < n; i++) gridItems[fill[cellOf(i)]!++] = i;
  return {
    count: n,
    x,
    y,
    direction,
    type,
    edgeCount: edges.length,
    edgeLengthBins,
    edgeStart,
    edgeLength: Float32Array.from(edges, (e) => e.len),
    edgeFrom: Uint8Array.from(edges, (e) => e.from),
    edgeTo: Uint8Array.from(edges, (e) => e.to),
    edgeAlpha: Float32Array.from(edges, (e) => e.alpha),
    edgeBeta: Float32Array.from(edges, (e) => e.beta),
    byDistance,
    gridColumns,
    gridRows,
    gridStart,
    gridItems,
    key: key >>> 0,
  };
}

/**
 * Prepares a template once for many comparisons. Accepts a decoded record (one view, pixels scaled by the
 * header's resolution to 500 dpi) or compact card minutiae (0.1 mm units). Angles convert from the standard's
 * counter-clockwise convention to pixel-coordinate radians.
 * @remarks See ISO/IEC 19794-2:2005, record format (pixels, resolution in px/cm, 1.40625 degree angles) and card
 * format, compact size (0.1 mm, 5.625 degree angles).
 */
export function prepareTemplate(source: FingerMinutiaeRecord | readonly CompactMinutia[], viewIndex = 0): PreparedTemplate {
  const xs: number[] = [];
  const ys: number[] = [];
  const dirs: number[] = [];
  const types: number[] = [];
  if (Array.isArray(source)) {
    for (const m of source as readonly CompactMinutia[]) {
      xs.push(m.x * 0.1 * PX_PER_MM);
      ys.push(m.y * 0.1 * PX_PER_MM);
      dirs.push((-m.angle * TAU) / 64);
      types.push(m.type);
    }
  } else {
    const record = source as FingerMinutiaeRecord;
    const view = record.views[viewIndex];
    if (view !== undefined) {
      const sx = (PX_PER_MM * 10) / record.resolutionX;
      const sy = (PX_PER_MM * 10) / record.resolutionY;
      for (const m of view.minutiae) {
        xs.push(m.x * sx);
        ys.push(m.y * sy);
        dirs.push((-m.angle * TAU) / 256);
        types.push(m.type);
      }
    }
  }
  return fromPoints(xs, ys, dirs, types);
}
