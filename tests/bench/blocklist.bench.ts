/**
 * Blocklist at the size the field needs: build a million card ids, look them up (half listed, half not), apply a
 * 10k-entry delta, and weigh the structure (its arrays, and the process's heap + ArrayBuffer growth).
 */
import { Blocklist } from '../../terminal/blocklist/blocklist.ts';
import type { BlocklistDelta } from '../../terminal/blocklist/blocklist-delta.ts';
import { randomPackedIds, sortedUnique } from '../terminal/blocklist/random-ids.ts';
import { summarize } from './figures.ts';
import type { Bench } from './figures.ts';

const MB = 1_000_000;

const bench: Bench = {
  title: 'blocklist: 1 million card ids (targets: ≤ 8 MB, ≥ 2 M lookups/s)',
  async run(ctx) {
    const n = ctx.quick ? 100_000 : 1_000_000;
    const ids = randomPackedIds(n, 2024);
    const probes = new Uint32Array(2 * 1_000_000);
    const others = randomPackedIds(500_000, 7);
    for (let i = 0; i < 500_000; i++) {
      const src = i % 2 === 0 ? ids : others;
      const at = ((i * 7919) % (src === ids ? n : 500_000)) * 8;
      const view = new DataView(src.buffer, at, 8);
      probes[2 * i] = view.getUint32(0);
      probes[2 * i + 1] = view.getUint32(4);
    }
    global.gc?.();
    const before = process.memoryUsage();
    const t0 = performance.now();
    const list = Blocklist.fromIds(1, ids);
    const buildMs = performance.now() - t0;
    global.gc?.();
    const after = process.memoryUsage();
    ctx.figure('blocklist.build_ms', buildMs, 'ms', `${n} random ids, radix sort`);
    ctx.figure('blocklist.bytes_for_1m', (list.byteLength / n) * 1_000_000 / MB, 'MB', `arrays: ${list.byteLength} bytes for ${n}`);
    const grew = after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers;
    ctx.figure('blocklist.process_delta', grew / MB, 'MB', global.gc ? 'heapUsed + arrayBuffers after gc' : 'no --expose-gc: includes garbage');

    let found = 0;
    const rounds = ctx.quick ? 2 : 6;
    let best = Infinity;
    for (let r = 0; r < rounds; r++) {
      const s = performance.now();
      for (let i = 0; i < 500_000; i++) if (list.hasHalves(probes[2 * i]!, probes[2 * i + 1]!)) found++;
      best = Math.min(best, performance.now() - s);
      ctx.progress('lookups', r + 1, rounds);
    }
    if (found !== (rounds * 500_000) / 2) throw new Error(`lookups found ${found}, expected ${(rounds * 500_000) / 2}`);
    ctx.figure('blocklist.lookups_per_second', 500_000 / (best / 1000), '/s', 'hasHalves, half members, best of rounds');
    const views = Array.from({ length: 65_536 }, (_, i) => (i % 2 === 0 ? ids : others).subarray(i * 8, i * 8 + 8));
    let viaBytes = 0;
    const s = performance.now();
    for (let i = 0; i < 500_000; i++) if (list.has(views[i & 0xffff]!)) viaBytes++;
    if (viaBytes !== 250_000) throw new Error(`has(Uint8Array) found ${viaBytes}, expected 250000`);
    ctx.figure('blocklist.lookups_per_second_bytes', 500_000 / ((performance.now() - s) / 1000), '/s', 'has(Uint8Array)');

    // Alternately apply a 10k-entry delta and its inverse; the median leaves out the first (unoptimized) run.
    const adds = sortedUnique(randomPackedIds(5_000, 99));
    const removes = sortedUnique(ids.subarray(0, 5_000 * 8));
    const applyMs: number[] = [];
    for (let r = 0; r < (ctx.quick ? 3 : 7); r++) {
      const forward = r % 2 === 0;
      const delta: BlocklistDelta = {
        version: 1, fromVersion: list.version, toVersion: list.version + 1, adds: forward ? adds : removes,
        removes: forward ? removes : adds, signerKeyId: new Uint8Array(8), signature: new Uint8Array(64),
      };
      const d0 = performance.now();
      list.applyDelta(delta);
      applyMs.push(performance.now() - d0);
    }
    ctx.figure('blocklist.delta_apply_ms', summarize(applyMs).median, 'ms', `5k adds + 5k removes on ${n}; first ${applyMs[0]!.toFixed(0)} ms`);
    const ser0 = performance.now();
    const bytes = list.serialize();
    ctx.figure('blocklist.serialize_ms', performance.now() - ser0, 'ms', `${(bytes.length / MB).toFixed(2)} MB snapshot`);
  },
};

export default bench;
