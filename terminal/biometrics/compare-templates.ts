import { EDGE_ALPHA_BINS, EDGE_LENGTH_BIN_PX, GRID_CELL_PX, type PreparedTemplate } from './prepare-template.ts';

// Local copies: some ESM loaders (tsx) turn imported bindings into getter calls, too slow for the inner loops.
const ALPHA_BINS = EDGE_ALPHA_BINS;
const LENGTH_BIN = EDGE_LENGTH_BIN_PX;
const CELL = GRID_CELL_PX;

const DEG = Math.PI / 180;
const PI = Math.PI;
const TAU = 2 * Math.PI;

/**
 * Matcher tolerances, in pixels at 500 dpi and radians. Edge pairs vote for minutia pairs when lengths agree
 * within `edgeLengthBase + edgeLengthSlope * length` and both edge angles within `edgeAngle`; the `roots` best voted
 * pairs seed an alignment; a minutia pairs when it lands within `pairDistanceBase + pairDistanceSlope * r` (r: its
 * distance from the root, so distortion far from the root is tolerated) and `pairAngle` of an unpaired minutia.
 */
export const MATCHER_TOLERANCES = {
  edgeLengthBase: 5,
  edgeLengthSlope: 0.06,
  edgeAngle: 30 * DEG,
  roots: 10,
  pairDistanceBase: 10,
  pairDistanceSlope: 0.06,
  pairAngle: 30 * DEG,
} as const;

/** The pairing found for the best root: how many minutiae paired, and the score. */
export interface ComparisonDetail {
  readonly score: number;
  readonly paired: number;
  readonly probeCount: number;
  readonly referenceCount: number;
}

// Work buffers reused between calls (grown on demand). They hold no state between calls: every call clears or
// stamps what it reads, so results never depend on earlier calls.
let votes = new Float32Array(1024);
let residual = new Float32Array(1024);
let claimed = new Int32Array(256);
let stamp = 0;
const topVote = new Float64Array(MATCHER_TOLERANCES.roots);
const topIndex = new Int32Array(MATCHER_TOLERANCES.roots);

function collectVotes(A: PreparedTemplate, B: PreparedTemplate): void {
  const t = MATCHER_TOLERANCES;
  const nB = B.count;
  const size = A.count * nB;
  if (votes.length < size) {
    votes = new Float32Array(size);
    residual = new Float32Array(size);
  } else {
    votes.fill(0, 0, size);
    residual.fill(0, 0, size);
  }
  const lenA = A.edgeLength;
  const lenB = B.edgeLength;
  const alphaB = B.edgeAlpha;
  const betaB = B.edgeBeta;
  const start = B.edgeStart;
  const lastBin = B.edgeLengthBins - 1;
  const at = t.edgeAngle;
  const binWidth = TAU / ALPHA_BINS;
  for (let ea = 0; ea < A.edgeCount; ea++) {
    const la = lenA[ea]!;
    const tol = t.edgeLengthBase + t.edgeLengthSlope * la;
    const alphaA = A.edgeAlpha[ea]!;
    const betaA = A.edgeBeta[ea]!;
    const l0 = Math.max(0, Math.floor((la - tol) / LENGTH_BIN));
    const l1 = Math.min(lastBin, Math.floor((la + tol) / LENGTH_BIN));
    // Alpha bins covering [alphaA - at, alphaA + at], possibly wrapping past pi.
    const a0 = Math.floor((alphaA - at + PI) / binWidth);
    const a1 = Math.floor((alphaA + at + PI) / binWidth);
    for (let lb = l0; lb <= l1; lb++) {
      const row = lb * ALPHA_BINS;
      for (let seg = 0; seg < 2; seg++) {
        let from: number;
        let to: number;
        if (seg === 0) {
          from = a0 < 0 ? 0 : a0;
          to = a1 >= ALPHA_BINS ? ALPHA_BINS - 1 : a1;
        } else if (a0 < 0) {
          from = a0 + ALPHA_BINS;
          to = ALPHA_BINS - 1;
        } else if (a1 >= ALPHA_BINS) {
          from = 0;
          to = a1 - ALPHA_BINS;
        } else break;
        const end = start[row + to + 1]!;
        for (let eb = start[row + from]!; eb < end; eb++) {
          const dl = lenB[eb]! - la;
          if (dl > tol || dl < -tol) continue;
          let da = alphaB[eb]! - alphaA;
          if (da >= PI) da -= TAU;
          else if (da < -PI) da += TAU;
          if (da > at || da < -at) continue;
          let db = betaB[eb]! - betaA;
          if (db >= PI) db -= TAU;
          else if (db < -PI) db += TAU;
          if (db > at || db < -at) continue;
          const w = 3 - Math.abs(dl) / tol - Math.abs(da) / at - Math.abs(db) / at;
          const pf = A.edgeFrom[ea]! * nB + B.edgeFrom[eb]!;
          const pt = A.edgeTo[ea]! * nB + B.edgeTo[eb]!;
          votes[pf]! += w;
          residual[pf]! += w * da;
          votes[pt]! += w;
          residual[pt]! += w * (da - db);
        }
      }
    }
  }
}

function selectRoots(size: number): number {
  let found = 0;
  const R = topVote.length;
  for (let p = 0; p < size; p++) {
    const v = votes[p]!;
    if (v <= 0 || (found === R && v <= topVote[R - 1]!)) continue;
    let q = found < R ? found++ : R - 1;
    while (q > 0 && topVote[q - 1]! < v) {
      topVote[q] = topVote[q - 1]!;
      topIndex[q] = topIndex[q - 1]!;
      q--;
    }
    topVote[q] = v;
    topIndex[q] = p;
  }
  return found;
}

/** Pairs minutiae under the alignment that maps A's minutia i onto B's minutia k, rotated by theta. */
function pairFromRoot(A: PreparedTemplate, B: PreparedTemplate, i: number, k: number, theta: number): number {
  const t = MATCHER_TOLERANCES;
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  const nA = A.count;
  const ax = A.x[i]!;
  const ay = A.y[i]!;
  const bx = B.x[k]!;
  const by = B.y[k]!;
  const cols = B.gridColumns;
  const rows = B.gridRows;
  const cell = CELL;
  stamp++;
  if (stamp > 0x3fffffff) {
    claimed.fill(0);
    stamp = 1;
  }
  let paired = 0;
  for (let r = 0; r < nA; r++) {
    const j = A.byDistance[i * nA + r]!;
    const dx = A.x[j]! - ax;
    const dy = A.y[j]! - ay;
    const tx = bx + c * dx - s * dy;
    const ty = by + s * dx + c * dy;
    const tol = t.pairDistanceBase + t.pairDistanceSlope * Math.sqrt(dx * dx + dy * dy);
    const c0 = Math.max(0, Math.floor((tx - tol) / cell));
    const c1 = Math.min(cols - 1, Math.floor((tx + tol) / cell));
    const r0 = Math.max(0, Math.floor((ty - tol) / cell));
    const r1 = Math.min(rows - 1, Math.floor((ty + tol) / cell));
    if (c0 > c1 || r0 > r1) continue;
    const td = A.direction[j]! + theta;
    const tol2 = tol * tol;
    let best = -1;
    let bestCost = 2;
    for (let row = r0; row <= r1; row++) {
      const base = row * cols;
      const end = B.gridStart[base + c1 + 1]!;
      for (let q = B.gridStart[base + c0]!; q < end; q++) {
        const b = B.gridItems[q]!;
        if (claimed[b] === stamp) continue;
        const ex = B.x[b]! - tx;
        const ey = B.y[b]! - ty;
        const d2 = ex * ex + ey * ey;
        if (d2 > tol2) continue;
        let da = B.direction[b]! - td;
        da -= TAU * Math.floor((da + PI) / TAU);
        if (da > t.pairAngle || da < -t.pairAngle) continue;
        const cost = Math.sqrt(d2) / tol + Math.abs(da) / t.pairAngle;
        if (cost < bestCost) {
          bestCost = cost;
          best = b;
        }
      }
    }
    if (best >= 0) {
      claimed[best] = stamp;
      paired++;
    }
  }
  return paired;
}

function compareOrdered(A: PreparedTemplate, B: PreparedTemplate): ComparisonDetail {
  const nA = A.count;
  const nB = B.count;
  const empty = { score: 0, paired: 0, probeCount: nA, referenceCount: nB };
  if (nA < 2 || nB < 2) return empty;
  if (claimed.length < nB) claimed = new Int32Array(256 > nB ? 256 : nB);
  collectVotes(A, B);
  const roots = selectRoots(nA * nB);
  let bestPaired = 0;
  for (let r = 0; r < roots; r++) {
    const p = topIndex[r]!;
    const i = Math.floor(p / nB);
    const k = p - i * nB;
    const theta = B.direction[k]! - A.direction[i]! + residual[p]! / votes[p]!;
    const paired = pairFromRoot(A, B, i, k, theta);
    if (paired > bestPaired) bestPaired = paired;
  }
  const score = (bestPaired * bestPaired) / (nA * nB);
  return { score, paired: bestPaired, probeCount: nA, referenceCount: nB };
}

/**
 * Compares two prepared templates and tells how many minutiae paired and the score in 0..1. Symmetric: the pair
 * is put in a canonical order (by content key) before comparing, so the result never depends on argument order.
 * @remarks Our own matcher over ISO/IEC 19794-2:2005 minutiae (type, position, angle). See README.md in this folder.
 */
export function compareTemplatesDetailed(a: PreparedTemplate, b: PreparedTemplate): ComparisonDetail {
  const swap = a.key > b.key || (a.key === b.key && a.count > b.count);
  const detail = swap ? compareOrdered(b, a) : compareOrdered(a, b);
  return swap ? { ...detail, probeCount: a.count, referenceCount: b.count } : detail;
}

/**
 * Similarity of two prepared templates, 0..1 (1: identical). Invariant to rotation and translation, tolerant of
 * missing and spurious minutiae and of skin distortion. Compare against `MATCH_THRESHOLD`.
 * @remarks Our own matcher over ISO/IEC 19794-2:2005 minutiae. See README.md in this folder for the method.
 */
export function compareTemplates(a: PreparedTemplate, b: PreparedTemplate): number {
  return compareTemplatesDetailed(a, b).score;
}
