/**
 * End to end per bakery customer: (1) a real card's time for the sale's actual APDU trace under the stated timing
 * model (`transaction-card-timing.ts`) at 9,600 and 115,200 bit/s; (2) the terminal's CPU per transaction on the sim
 * reader, the virtual card's own CPU subtracted (measured around each of its commands); (3) the sale's wall time on
 * the sim reader (journal on the file system, real fdatasync) and on the real PC/SC stack (child process).
 * Human time (placing a finger, counting loaves) is not included.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CardOs } from '../../card/card-os.ts';
import type { VirtualCard } from '../../card/virtual-card.ts';
import { emptyUsage } from '../../terminal/auth/usage.ts';
import { FsJournalStorage } from '../../terminal/journal/fs-journal-storage.ts';
import { sellBread } from '../../terminal/services/bakery-sale.ts';
import { realStackStatus } from '../support/real-stack.ts';
import { household, serviceBench, TODAY } from '../terminal/services/service-fixture.ts';
import { summarize, type Bench } from './figures.ts';
import { linkMs, processingMs, type TraceEntry } from './transaction-card-timing.ts';

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** The card, with its trace and the CPU it used. */
function measured(card: CardOs): VirtualCard & { trace: TraceEntry[]; cardCpuMs: number } {
  const out = {
    trace: [] as TraceEntry[], cardCpuMs: 0, atr: card.atr,
    get powered() { return card.powered; },
    powerOn: () => card.powerOn(), powerOff: () => card.powerOff(), reset: () => card.reset(),
    transmit(capdu: Uint8Array) {
      const before = cpuMs();
      const rapdu = card.transmit(capdu);
      out.cardCpuMs += cpuMs() - before;
      out.trace.push({ capdu: capdu.slice(), rapdu: rapdu.slice() });
      return rapdu;
    },
  };
  return out;
}

function pcscSales(count: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'transaction-pcsc.ts'), String(count)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) reject(new Error(`transaction-pcsc exited ${code}: ${err.slice(-500)}`));
      else resolve((JSON.parse(line) as { samples: number[] }).samples);
    });
  });
}

const bench: Bench = {
  title: 'Transaction: a bakery customer end to end (card timing model, terminal CPU, wall time sim and real stack)',
  async run(ctx) {
    const count = ctx.quick ? 8 : 60;
    const dir = mkdtempSync(join(tmpdir(), 'kart-tx-bench-'));
    const sim = await serviceBench({ storage: new FsJournalStorage(dir) });
    const wall: number[] = [];
    const terminalCpu: number[] = [];
    let trace: TraceEntry[] = [];
    try {
      for (let i = 0; i < count; i++) {
        const h = household();
        sim.ledger.setHousehold(h[0]!.certificate.subject.householdId, { usage: emptyUsage(TODAY - 1), entitledCards: 1, switched: true });
        sim.scanner.queue.push(h.fingers[0]!);
        const card = measured(h[0]!.card);
        sim.testbench.insertCard(card);
        const cpu0 = cpuMs();
        const t0 = performance.now();
        const result = await sellBread(sim.runner, { loaves: 5 });
        wall.push(performance.now() - t0);
        terminalCpu.push(cpuMs() - cpu0 - card.cardCpuMs);
        sim.testbench.removeCard();
        if (!result.ok) throw new Error(`sale declined: ${result.outcome}`);
        trace = card.trace;
        ctx.progress('sales on the sim reader', i + 1, count);
      }
    } finally {
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    }
    const bytes = trace.reduce((s, e) => s + e.capdu.length + e.rapdu.length, 0);
    ctx.figure('tx.trace.apdus', trace.length, 'APDUs', 'one bakery sale, fingerprint matched on card');
    ctx.figure('tx.trace.bytes', bytes, 'B', 'command + response bytes (T=1 framing excluded)');
    const card = processingMs(trace);
    ctx.figure('tx.card.processing', card, 'ms', 'stated per-command card times (2 ECDSA signs, 1 match-on-card)');
    ctx.figure('tx.card.link.9600', linkMs(trace, 1), 'ms', 'ISO 7816-3 default F=372 D=1');
    ctx.figure('tx.card.link.115200', linkMs(trace, 12), 'ms', 'after PPS, D=12');
    ctx.figure('tx.card.total.9600', card + linkMs(trace, 1), 'ms', 'per customer on a real card, default speed');
    ctx.figure('tx.card.total.115200', card + linkMs(trace, 12), 'ms', 'per customer on a real card after PPS');
    const cpu = summarize(terminalCpu);
    ctx.figure('tx.terminal.cpu.median', cpu.median, 'ms', 'terminal CPU per sale, virtual card CPU subtracted');
    const w = summarize(wall);
    ctx.figure('tx.sim.wall.median', w.median, 'ms', 'sim reader, journal fdatasync on the local disk');
    ctx.figure('tx.sim.wall.p99', w.p99, 'ms');
    const stack = realStackStatus();
    if (!stack.ok) {
      ctx.figure('tx.pcsc.wall.median', Number.NaN, 'ms', `skipped: ${stack.reason}`);
      return;
    }
    const real = summarize(await pcscSales(ctx.quick ? 4 : 20));
    ctx.figure('tx.pcsc.wall.median', real.median, 'ms', 'pcsclite → private pcscd → vpcd → virtual card');
    ctx.figure('tx.pcsc.wall.p99', real.p99, 'ms');
  },
};

export default bench;
