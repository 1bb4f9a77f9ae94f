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
  roots: 6,
  pairDistanceBase: 10,
  pairDistanceSlope: 0.06,
  pairAngle: 30 * DEG,
  refinedDistanceBase: 8,
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
  const V = votes;
  const Rs = residual;
  const fromA = A.edgeFrom;
  const toA = A.edgeTo;
  const fromB = B.edgeFrom;
  const toB = B.edgeTo;
  const lenA = A.edgeLength;
  const lenB = B.edgeLength;
  const alphaA = A.edgeAlpha;
  const betaA = A.edgeBeta;
  const alphaB = B.edgeAlpha;
  const betaB = B.edgeBeta;
  const start = B.edgeStart;
  const LB = B.edgeLengthBins;
  const at = t.edgeAngle;
  const binWidth = TAU / ALPHA_BINS;
  for (let ea = 0; ea < A.edgeCount; ea++) {
    const la = lenA[ea]!;
    const tol = t.edgeLengthBase + t.edgeLengthSlope * la;
    const l0 = Math.max(0, Math.floor((la - tol) / LENGTH_BIN));
    const l1 = Math.min(LB - 1, Math.floor((la + tol) / LENGTH_BIN));
    if (l0 > l1) continue;
    const aa = alphaA[ea]!;
    const ba = betaA[ea]!;
    const rowA = fromA[ea]! * nB;
    const rowT = toA[ea]! * nB;
    // Alpha bins covering [aa - at, aa + at], wrapping past pi; within one alpha bin, lengths l0..l1 are contiguous.
    const a0 = Math.floor((aa - at + PI) / binWidth);
    const a1 = Math.floor((aa + at + PI) / binWidth);
    for (let ab = a0; ab <= a1; ab++) {
      const bin = ab < 0 ? ab + ALPHA_BINS : ab >= ALPHA_BINS ? ab - ALPHA_BINS : ab;
      const end = start[bin * LB + l1 + 1]!;
      for (let eb = start[bin * LB + l0]!; eb < end; eb++) {
        const dl = lenB[eb]! - la;
        if (dl > tol || dl < -tol) continue;
        let da = alphaB[eb]! - aa;
        if (da >= PI) da -= TAU;
        else if (da < -PI) da += TAU;
        if (da > at || da < -at) continue;
        let db = betaB[eb]! - ba;
        if (db >= PI) db -= TAU;
        else if (db < -PI) db += TAU;
        if (db > at || db < -at) continue;
        const w = 3 - Math.abs(dl) / tol - Math.abs(da) / at - Math.abs(db) / at;
        const pf = rowA + fromB[eb]!;
        const pt = rowT + toB[eb]!;
        V[pf]! += w;
        Rs[pf]! += w * da;
        V[pt]! += w;
        Rs[pt]! += w * (da - db);
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

let pairA = new Int16Array(256);
let pairB = new Int16Array(256);
let bestA = new Int16Array(256);
let bestB = new Int16Array(256);

/**
 * Pairs minutiae under the rigid map p -> R(c, s) (p - origin) + image, processing A's minutiae by distance from
 * A's minutia `near` (closest first, as they are the best aligned) and giving each the closest unpaired B minutia
 * within the tolerance box. Writes the pairs to pairA/pairB; returns their weight (1 per perfect pair, less as the
 * position and angle errors grow or when types differ); `paired` receives the count.
 */
function pairUnder(
  A: PreparedTemplate,
  B: PreparedTemplate,
  near: number,
  c: number,
  s: number,
  ox: number,
  oy: number,
  bx: number,
  by: number,
  tolBase: number,
): number {
  const t = MATCHER_TOLERANCES;
  const nA = A.count;
  const cols = B.gridColumns;
  const rows = B.gridRows;
  const cell = CELL;
  stamp++;
  if (stamp > 0x3fffffff) {
    claimed.fill(0);
    stamp = 1;
  }
  let count = 0;
  let weight = 0;
  const rotation = Math.atan2(s, c);
  const slope = t.pairDistanceSlope;
  const angleTol = t.pairAngle;
  for (let r = 0; r < nA; r++) {
    const j = A.byDistance[near * nA + r]!;
    const dx = A.x[j]! - ox;
    const dy = A.y[j]! - oy;
    const tx = bx + c * dx - s * dy;
    const ty = by + s * dx + c * dy;
    const tol = tolBase + slope * Math.sqrt(dx * dx + dy * dy);
    const c0 = Math.max(0, Math.floor((tx - tol) / cell));
    const c1 = Math.min(cols - 1, Math.floor((tx + tol) / cell));
    const r0 = Math.max(0, Math.floor((ty - tol) / cell));
    const r1 = Math.min(rows - 1, Math.floor((ty + tol) / cell));
    if (c0 > c1 || r0 > r1) continue;
    let td = A.direction[j]! + rotation;
    if (td >= PI) td -= TAU;
    else if (td < -PI) td += TAU;
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
        if (da >= PI) da -= TAU;
        else if (da < -PI) da += TAU;
        if (da > angleTol || da < -angleTol) continue;
        const cost = Math.sqrt(d2) / tol + Math.abs(da) / angleTol;
        if (cost < bestCost) {
          bestCost = cost;
          best = b;
        }
      }
    }
    if (best >= 0) {
      claimed[best] = stamp;
      pairA[count] = j;
      pairB[count] = best;
      count++;
      weight += (1 - 0.5 * bestCost) * (A.type[j] === B.type[best] ? 1 : TYPE_MISMATCH_WEIGHT);
    }
  }
  paired = count;
  return weight;
}

const TYPE_MISMATCH_WEIGHT = 0.7;
let paired = 0;

function compareOrdered(A: PreparedTemplate, B: PreparedTemplate): ComparisonDetail {
  const t = MATCHER_TOLERANCES;
  const nA = A.count;
  const nB = B.count;
  const empty = { score: 0, paired: 0, probeCount: nA, referenceCount: nB };
  if (nA < 2 || nB < 2) return empty;
  if (claimed.length < nB) {
    claimed = new Int32Array(nB);
    stamp = 0;
  }
  if (pairA.length < nA) {
    pairA = new Int16Array(nA);
    pairB = new Int16Array(nA);
    bestA = new Int16Array(nA);
    bestB = new Int16Array(nA);
  }
  collectVotes(A, B);
  const roots = selectRoots(nA * nB);
  let bestWeight = 0;
  let bestCount = 0;
  for (let r = 0; r < roots; r++) {
    const p = topIndex[r]!;
    const i = Math.floor(p / nB);
    const k = p - i * nB;
    const theta = B.direction[k]! - A.direction[i]! + residual[p]! / votes[p]!;
    const w = pairUnder(A, B, i, Math.cos(theta), Math.sin(theta), A.x[i]!, A.y[i]!, B.x[k]!, B.y[k]!, t.pairDistanceBase);
    if (w > bestWeight) {
      bestWeight = w;
      bestCount = paired;
      bestA.set(pairA.subarray(0, paired));
      bestB.set(pairB.subarray(0, paired));
    }
  }
  if (bestCount >= 3) {
    // Refine: least-squares rotation and translation over the pairs (2-D Procrustes), then pair again.
    let ax = 0, ay = 0, bx = 0, by = 0;
    for (let q = 0; q < bestCount; q++) {
      ax += A.x[bestA[q]!]!; ay += A.y[bestA[q]!]!; bx += B.x[bestB[q]!]!; by += B.y[bestB[q]!]!;
    }
    ax /= bestCount; ay /= bestCount; bx /= bestCount; by /= bestCount;
    let sxx = 0, sxy = 0, nearest = 0, nearestD = Infinity;
    for (let q = 0; q < bestCount; q++) {
      const pax = A.x[bestA[q]!]! - ax, pay = A.y[bestA[q]!]! - ay;
      const pbx = B.x[bestB[q]!]! - bx, pby = B.y[bestB[q]!]! - by;
      sxx += pax * pbx + pay * pby;
      sxy += pax * pby - pay * pbx;
      if (pax * pax + pay * pay < nearestD) { nearestD = pax * pax + pay * pay; nearest = bestA[q]!; }
    }
    const norm = Math.hypot(sxx, sxy) || 1;
    const w = pairUnder(A, B, nearest, sxx / norm, sxy / norm, ax, ay, bx, by, t.refinedDistanceBase);
    if (w > bestWeight) {
      bestWeight = w;
      bestCount = paired;
    }
  }
  const score = Math.min(1, (bestWeight * bestWeight) / (nA * nB));
  return { score, paired: bestCount, probeCount: nA, referenceCount: nB };
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
