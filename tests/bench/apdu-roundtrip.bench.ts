/**
 * APDU round trip (SELECT of the demo applet) through the in-process simulator and through the real PC/SC stack,
 * median and p99, and how much slower the real stack is. Targets for the real stack: median < 0.5 ms, p99 < 2 ms.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createDemoCard } from '../../card/demo-card.ts';
import { createSimCardReader } from '../../terminal/hal/sim/sim-card-reader.ts';
import { realStackStatus } from '../support/real-stack.ts';
import { SELECT_DEMO } from '../terminal/hal/test-card.ts';
import { summarize, type Bench, type BenchContext } from './figures.ts';

async function simSamples(ctx: BenchContext, count: number): Promise<number[]> {
  const reader = createSimCardReader({ readers: ['Sim Reader 0'] });
  reader.insertCard('Sim Reader 0', createDemoCard());
  const connection = await reader.connect('Sim Reader 0');
  for (let i = 0; i < 200; i += 1) await connection.transmit(SELECT_DEMO); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    await connection.transmit(SELECT_DEMO);
    samples.push(performance.now() - started);
    if (i % 500 === 499) ctx.progress('apdu round trip (sim)', i + 1, count);
  }
  await reader.close();
  return samples;
}

interface PcscResult {
  readonly samples: number[];
  readonly quickack: boolean;
  readonly reason?: string;
}

/** Runs the real-stack half in a child process (libpcsclite reads PCSCLITE_CSOCK_NAME once per process). */
function pcscSamples(ctx: BenchContext, count: number): Promise<PcscResult> {
  return new Promise((resolve, reject) => {
    const script = join(import.meta.dirname, 'apdu-roundtrip-pcsc.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', script, String(count)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        const progress = /^progress (\d+) (\d+)$/.exec(line);
        if (progress) ctx.progress('apdu round trip (pcsc)', Number(progress[1]), Number(progress[2]));
        else if (line) err += line + '\n';
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').at(-1);
      try {
        resolve(JSON.parse(last ?? '') as PcscResult);
      } catch {
        reject(new Error(`real-stack round trip failed (exit ${code}): ${err.slice(-2000)}`));
      }
    });
  });
}

const bench: Bench = {
  title: 'APDU round trip: simulator vs pcsclite → pcscd → vpcd → virtual card',
  async run(ctx) {
    const sim = summarize(await simSamples(ctx, ctx.quick ? 1_000 : 20_000));
    ctx.figure('apdu.roundtrip.sim.median', sim.median, 'ms', 'SELECT demo AID, SimCardReader + demo card');
    ctx.figure('apdu.roundtrip.sim.p99', sim.p99, 'ms');
    const stack = realStackStatus();
    if (!stack.ok) {
      process.stderr.write(`apdu-roundtrip: real stack skipped: ${stack.reason} (${stack.fix})\n`);
      return;
    }
    const real = await pcscSamples(ctx, ctx.quick ? 300 : 5_000);
    const pcsc = summarize(real.samples);
    const note = real.quickack ? 'target < 0.5 ms' : `no quick-ack: ${real.reason ?? 'unknown'}`;
    ctx.figure('apdu.roundtrip.pcsc.median', pcsc.median, 'ms', note);
    ctx.figure('apdu.roundtrip.pcsc.p99', pcsc.p99, 'ms', 'target < 2 ms');
    ctx.figure('apdu.roundtrip.ratio', pcsc.median / sim.median, 'x', 'real median / sim median');
  },
};

export default bench;
