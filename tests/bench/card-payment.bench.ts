/**
 * Card payments (EMV, KARTPAY on the government card, the finger matched on the card) end to end at the counter:
 * payments per second and ms per payment, offline TC and online ARQC → issuer → TC, on the sim reader (in process)
 * and through the real PC/SC stack (pcsclite → private pcscd → vpcd, in a child process); the APDUs of each; the
 * time inside the virtual card; and, by the V8 sampling profiler over a separate run, where a payment's time goes:
 * the card (match-on-card, CDA signing, cryptograms), the kernel's RSA (issuer and ICC key recovery, SDA/CDA
 * checks), the finger's capture and encipherment for the card, and the rest. Human time (placing a finger) is not
 * included; the simulated scanner answers at once, its synthetic impression's cost reported on its own line.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createSimCardSlots } from '../../sdk/bench/card-slots.ts';
import { createTerminal } from '../../sdk/create-terminal.ts';
import { realStackStatus } from '../support/real-stack.ts';
import { alternate, measuredPaymentCard, startPaymentCounter, type PaymentKind, type PaymentSample } from './card-payment-fixture.ts';
import { GC_CLASS, IDLE_CLASS, OTHER_CLASS, profileShares, type ProfileClass } from './cpu-profile-shares.ts';
import { summarize, type Bench, type BenchContext } from './figures.ts';

const of = (samples: readonly PaymentSample[], kind: PaymentKind) => samples.filter((s) => s.kind === kind);

/** The sampled stacks' classes, first match wins (see cpu-profile-shares.ts). */
const CLASSES: readonly ProfileClass[] = [
  { key: 'card', name: 'the virtual card: match-on-card, BVDT opening, CDA signing, cryptograms', test: (url) => url.includes('/card/') },
  { key: 'scanner', name: 'the simulated scanner: a synthetic impression', test: (url) => url.includes('/terminal/hal/sim/') },
  { key: 'kernel-rsa', name: 'kernel RSA: issuer and ICC key recovery, SDA/CDA verification', test: (url) => url.includes('/emv/oda/') },
  { key: 'finger', name: 'terminal: finger probe and its encipherment for the card', test: (url) => /\/terminal\/biometrics(-verify)?\/|\/emv\/biometric\//.test(url) },
  { key: 'issuer', name: 'the issuer host: ARQC check, ARPC', test: (url) => url.includes('/issuer/') || url.includes('/sdk/bench/bench-issuer') },
  { key: 'journal', name: 'journal: CBOR, hash chain, write', test: (url) => url.includes('/terminal/journal/') },
  { key: 'terminal', name: 'kernel steps, TLV, reader, payByCard (other project code)', test: (url) => url.startsWith('file://') && !url.includes('/node_modules/') },
];
const PSEUDO: Readonly<Record<string, string>> = {
  [IDLE_CLASS]: 'waiting: fdatasync, I/O, timers', [GC_CLASS]: 'garbage collector', [OTHER_CLASS]: 'Node internals and libraries outside the project',
};

function pcscPayments(count: number): Promise<PaymentSample[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'card-payment-pcsc.ts'), String(count)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) reject(new Error(`card-payment-pcsc exited ${code}: ${err.slice(-500)}`));
      else resolve((JSON.parse(line) as { samples: PaymentSample[] }).samples);
    });
  });
}

/** Figures for one reader's samples; returns the medians by kind. */
function report(ctx: BenchContext, where: 'sim' | 'pcsc', samples: readonly PaymentSample[], note: string): Record<PaymentKind, number> {
  const medians = {} as Record<PaymentKind, number>;
  for (const kind of ['offline', 'online'] as const) {
    const s = of(samples, kind);
    const wall = summarize(s.map((x) => x.wallMs));
    const card = summarize(s.map((x) => x.cardMs));
    medians[kind] = wall.median;
    const label = kind === 'offline' ? 'offline TC' : 'online ARQC → issuer → TC';
    ctx.figure(`pay.${where}.${kind}.wall.median`, wall.median, 'ms', `${label}; ${note}`);
    ctx.figure(`pay.${where}.${kind}.wall.p99`, wall.p99, 'ms');
    ctx.figure(`pay.${where}.${kind}.per-second`, 1000 / wall.mean, 'pay/s', 'one counter, payments back to back');
    ctx.figure(`pay.${where}.${kind}.card.median`, card.median, 'ms', 'inside the virtual card');
    ctx.figure(`pay.${where}.${kind}.card.share`, (100 * card.median) / wall.median, '%', 'of the median payment');
  }
  ctx.figure(`pay.${where}.online-over-offline`, medians.online / medians.offline, '×', 'the issuer round trip and the second GENERATE AC');
  return medians;
}

const bench: Bench = {
  title: 'Card payment: EMV with KARTPAY, finger on the card (offline TC, online ARQC → TC; sim reader and real stack; card vs kernel crypto)',
  async run(ctx) {
    const count = ctx.quick ? 4 : 40;
    const slots = createSimCardSlots();
    const terminal = createTerminal({ profile: slots.profile, bindings: { cardReader: slots.reader } });
    const card = measuredPaymentCard();
    await slots.insert('customer', card);
    const counter = await startPaymentCounter(terminal, card);
    let samples: PaymentSample[];
    let profile: Awaited<ReturnType<typeof profileShares>>;
    let profiled = 0;
    try {
      await alternate(counter, 2); // warm-up: the card's first payment, the code paths compiled
      samples = await alternate(counter, count, (done) => ctx.progress('payments on the sim reader', done, count));
      profiled = ctx.quick ? 10 : 40;
      profile = await profileShares(CLASSES, async () => void (await alternate(counter, profiled / 2)));
    } finally {
      await counter.close();
      await terminal.close();
    }
    for (const kind of ['offline', 'online'] as const) {
      const s = of(samples, kind)[0]!;
      ctx.figure(`pay.${kind}.apdus`, s.apdus, 'APDUs', kind === 'offline' ? 'PSE and its records, SELECT, GPO, 5 records, GET DATA ×4, GET CHALLENGE, VERIFY (chained when long), GENERATE AC' : 'the same, and the second GENERATE AC');
      ctx.figure(`pay.${kind}.bytes`, s.bytes, 'B', 'command + response bytes');
      ctx.figure(`pay.${kind}.link.9600`, s.link9600Ms, 'ms', 'a real card\'s contact link alone, T=1 at 9,600 bit/s (transaction-card-timing.ts)');
      ctx.figure(`pay.${kind}.link.115200`, s.link115200Ms, 'ms', 'the same after PPS, 115,200 bit/s');
    }
    const sim = report(ctx, 'sim', samples, 'sim reader, journal fdatasync on the local disk');
    const perPayment = profile.totalMs / profiled;
    ctx.figure('pay.profile.ms-per-payment', perPayment, 'ms', `sampled, ${profiled} payments half online (profiler on)`);
    const names = new Map(CLASSES.map((c) => [c.key, c.name]));
    for (const [key, ms] of Object.entries(profile.ms).sort((a, b) => b[1] - a[1])) {
      ctx.figure(`pay.profile.${key}`, (100 * ms) / profile.totalMs, '%', `${(ms / profiled).toFixed(2)} ms a payment: ${names.get(key) ?? PSEUDO[key] ?? key}`);
    }
    const cardMs = profile.ms['card'] ?? 0;
    const rsaMs = profile.ms['kernel-rsa'] ?? 0;
    ctx.figure('pay.profile.card-over-kernel-rsa', rsaMs > 0 ? cardMs / rsaMs : Number.NaN, '×', 'time in the card per unit of the kernel\'s RSA');
    const stack = realStackStatus();
    if (!stack.ok) {
      ctx.figure('pay.pcsc.offline.wall.median', Number.NaN, 'ms', `skipped: ${stack.reason}`);
      return;
    }
    const real = report(ctx, 'pcsc', await pcscPayments(ctx.quick ? 3 : 15), 'pcsclite → private pcscd → vpcd → virtual card');
    ctx.figure('pay.pcsc-over-sim.offline', real.offline / sim.offline, '×', 'the PC/SC stack\'s cost over the sim reader');
    ctx.figure('pay.pcsc-over-sim.online', real.online / sim.online, '×');
  },
};

export default bench;
