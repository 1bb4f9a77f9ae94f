/**
 * Fingerprint matching on synthetic fingers, per difficulty level: FNMR at FMR 0.01 % (threshold from the level's
 * own impostor scores), FNMR and FMR at the production threshold, EER; comparisons per second on one core; template
 * sizes. Every template goes through the ISO/IEC 19794-2:2005 record codec (encode, decode) before matching.
 */
import type { Bench, BenchContext } from './figures.ts';
import { compareTemplates } from '../../terminal/biometrics/compare-templates.ts';
import { decodeFingerMinutiaeRecord } from '../../terminal/biometrics/decode-finger-minutiae-record.ts';
import { DIFFICULTY_LEVELS, type DifficultyLevel } from '../../terminal/biometrics/difficulty-levels.ts';
import { encodeCompactCard } from '../../terminal/biometrics/encode-compact-card.ts';
import { encodeFingerMinutiaeRecord } from '../../terminal/biometrics/encode-finger-minutiae-record.ts';
import { MATCH_THRESHOLD } from '../../terminal/biometrics/match.ts';
import { prepareTemplate, type PreparedTemplate } from '../../terminal/biometrics/prepare-template.ts';
import { generateSyntheticFinger } from '../../terminal/biometrics/synthetic-finger.ts';
import { generateImpression } from '../../terminal/biometrics/synthetic-impression.ts';
import { toCompactMinutiae } from '../../terminal/biometrics/to-compact-minutiae.ts';

const IMPRESSIONS = 8;
const TARGET_FMR = 1e-4;

/** Smallest threshold t (accept when score >= t) with at most TARGET_FMR of impostors accepted. */
function thresholdAtFmr(impostorsSorted: Float64Array, fmr: number): number {
  const allowed = Math.floor(impostorsSorted.length * fmr);
  const bound = impostorsSorted[impostorsSorted.length - 1 - allowed] ?? 0;
  return bound + Math.max(1e-9, Math.abs(bound) * 1e-9);
}

function rateBelow(sorted: Float64Array, t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo / sorted.length;
}

/** Equal error rate: the crossing of FNMR(t) and FMR(t), swept over every genuine and impostor score. */
function equalErrorRate(genuine: Float64Array, impostors: Float64Array): number {
  let best = 1;
  let bestGap = Infinity;
  for (const t of [...genuine, ...impostors]) {
    const fnmr = rateBelow(genuine, t);
    const fmr = 1 - rateBelow(impostors, t);
    if (Math.abs(fnmr - fmr) < bestGap) {
      bestGap = Math.abs(fnmr - fmr);
      best = (fnmr + fmr) / 2;
    }
  }
  return best;
}

interface LevelRun {
  readonly genuine: Float64Array;
  readonly impostors: Float64Array;
  readonly cpuSeconds: number;
  readonly wallSeconds: number;
  readonly fullBytes: number;
  readonly compactBytes: number;
}

function runLevel(ctx: BenchContext, level: DifficultyLevel, fingers: number, compact: boolean): LevelRun {
  const comparisonCount = (fingers * IMPRESSIONS * (IMPRESSIONS - 1)) / 2 + fingers * (fingers - 1);
  const total = fingers * IMPRESSIONS * 100 + comparisonCount;
  const label = `${level.name}${compact ? ' (compact)' : ''}`;
  const templates: PreparedTemplate[][] = [];
  let fullBytes = 0;
  let compactBytes = 0;
  for (let f = 0; f < fingers; f++) {
    const finger = generateSyntheticFinger(0x5eed0000 + f);
    const row: PreparedTemplate[] = [];
    for (let i = 0; i < IMPRESSIONS; i++) {
      const { record } = generateImpression(finger, level, (f * IMPRESSIONS + i) * 7919 + 17);
      const bytes = encodeFingerMinutiaeRecord(record);
      const decoded = decodeFingerMinutiaeRecord(bytes);
      const card = encodeCompactCard(toCompactMinutiae(decoded));
      fullBytes += bytes.length;
      compactBytes += card.length;
      row.push(compact ? prepareTemplate(toCompactMinutiae(decoded)) : prepareTemplate(decoded));
    }
    templates.push(row);
    // One monotonic progress per level (templates weighted as 100 comparisons each): the bar resets between figures.
    if (f % 64 === 0) ctx.progress(label, f * IMPRESSIONS * 100, total);
  }
  const genuine = new Float64Array((fingers * IMPRESSIONS * (IMPRESSIONS - 1)) / 2);
  const impostors = new Float64Array(fingers * (fingers - 1));
  const offset = fingers * IMPRESSIONS * 100;
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  let g = 0;
  for (let f = 0; f < fingers; f++) {
    const row = templates[f]!;
    for (let a = 0; a < IMPRESSIONS; a++) for (let b = a + 1; b < IMPRESSIONS; b++) genuine[g++] = compareTemplates(row[a]!, row[b]!);
  }
  // Impostors: impression 0 of every finger against impression 0 of every other, and the same for impression 1.
  let k = 0;
  for (let f = 0; f < fingers; f++) {
    for (let h = f + 1; h < fingers; h++) {
      impostors[k++] = compareTemplates(templates[f]![0]!, templates[h]![0]!);
      impostors[k++] = compareTemplates(templates[f]![1]!, templates[h]![1]!);
    }
    if (f % 16 === 0) ctx.progress(label, offset + g + k, total);
  }
  const used = process.cpuUsage(cpu0);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const wallSeconds = (performance.now() - wall0) / 1000;
  genuine.sort();
  impostors.sort();
  const n = fingers * IMPRESSIONS;
  return { genuine, impostors, cpuSeconds, wallSeconds, fullBytes: fullBytes / n, compactBytes: compactBytes / n };
}

function report(ctx: BenchContext, name: string, run: LevelRun): void {
  const threshold = thresholdAtFmr(run.impostors, TARGET_FMR);
  const pct = (x: number): number => x * 100;
  const counts = `${run.genuine.length} genuine, ${run.impostors.length} impostor`;
  ctx.figure(`fingerprint.${name}.fnmr_at_fmr_0.01pct`, pct(rateBelow(run.genuine, threshold)), '%', `threshold ${threshold.toFixed(4)}; ${counts}`);
  ctx.figure(`fingerprint.${name}.fnmr_at_threshold`, pct(rateBelow(run.genuine, MATCH_THRESHOLD)), '%', `MATCH_THRESHOLD ${MATCH_THRESHOLD}`);
  ctx.figure(`fingerprint.${name}.fmr_at_threshold`, pct(1 - rateBelow(run.impostors, MATCH_THRESHOLD)), '%', `MATCH_THRESHOLD ${MATCH_THRESHOLD}`);
  ctx.figure(`fingerprint.${name}.eer`, pct(equalErrorRate(run.genuine, run.impostors)), '%');
  ctx.figure(`fingerprint.${name}.threshold_at_fmr_0.01pct`, threshold, 'score', 'impostor-derived, accept when score >= it');
}

const bench: Bench = {
  title: 'Fingerprint: ISO/IEC 19794-2 templates, synthetic fingers, our minutiae matcher',
  async run(ctx) {
    const fingers = ctx.quick ? 64 : 1024;
    let speed: LevelRun | undefined;
    for (const level of [DIFFICULTY_LEVELS.easy, DIFFICULTY_LEVELS.medium, DIFFICULTY_LEVELS.hard]) {
      const run = runLevel(ctx, level, fingers, false);
      report(ctx, level.name, run);
      if (level.name === 'medium') speed = run;
    }
    // Match-on-card input: the same medium impressions through the compact card format (0.1 mm, 5.625 degrees).
    report(ctx, 'medium_compact', runLevel(ctx, DIFFICULTY_LEVELS.medium, ctx.quick ? 64 : 512, true));
    const s = speed!;
    const comparisons = s.genuine.length + s.impostors.length;
    ctx.figure('fingerprint.compare_per_second', comparisons / s.cpuSeconds, '/s', `one core, CPU time, medium; wall-clock ${(comparisons / s.wallSeconds).toFixed(0)}/s; goal > 10,000`);
    ctx.figure('fingerprint.template_bytes.full', s.fullBytes, 'B', 'mean ISO/IEC 19794-2:2005 record, medium');
    ctx.figure('fingerprint.template_bytes.compact', s.compactBytes, 'B', 'mean compact card format (3 B/minutia), medium');
    ctx.figure('fingerprint.reference.sourceafis_fnmr_at_fmr_0.01pct', 9.05, '%', 'SourceAFIS on FVC-onGoing FV-STD (real images)');
    ctx.figure('fingerprint.reference.interop_bar_fnmr', 2, '%', 'bar for one finger: FNMR <= 2 % at FMR <= 0.01 %');
  },
};

export default bench;
