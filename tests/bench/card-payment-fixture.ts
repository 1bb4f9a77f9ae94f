/**
 * The counter of `card-payment.bench.ts` (not a bench): a household head's government card with KARTPAY
 * (`sdk/bench/payment-card.ts`, TEST keys), wrapped so that the time spent inside the card and the APDUs it answered
 * are counted; and a payment counter on any card reader (the sim reader or pcsclite on a private pcscd): `payByCard`
 * with the simulated scanner (the holder's right finger each time, matched on the card), the bench issuer and a
 * journal on the file system (real fdatasync). `pay('online')` forces online (ARQC, the issuer, the second
 * GENERATE AC's TC); `pay('offline')` is the offline TC the card gives right after an online one (its consecutive
 * offline count below its lower limit). Alternating the two keeps every payment of a kind alike.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CardOs } from '../../card/card-os.ts';
import { issueHousehold } from '../../card/gov/issue-household.ts';
import { createTestIssuer } from '../../card/gov/test-issuer.ts';
import type { VirtualCard } from '../../card/virtual-card.ts';
import { createBenchIssuer } from '../../sdk/bench/bench-issuer.ts';
import { addPaymentApplication } from '../../sdk/bench/payment-card.ts';
import { createSimFingerprintScanner } from '../../terminal/hal/sim/sim-fingerprint-scanner.ts';
import { createSimPinEntry } from '../../terminal/hal/sim/sim-pin-entry.ts';
import { FsJournalStorage } from '../../terminal/journal/fs-journal-storage.ts';
import { Journal } from '../../terminal/journal/journal.ts';
import { CardPaymentJournal } from '../../terminal/payment/card-payment-journal.ts';
import { payByCard } from '../../terminal/payment/pay-by-card.ts';
import type { Terminal } from '../../terminal/terminal.ts';
import { linkMs, type TraceEntry } from './transaction-card-timing.ts';

/** The card, counting its own time (wall, in process: the virtual card is synchronous) and its APDUs. */
export interface MeasuredCard extends VirtualCard {
  readonly nationalId: string;
  readonly pan: string;
  cardMs: number;
  apdus: number;
  bytes: number;
  /** The exchanges since the last `pay` began. */
  trace: TraceEntry[];
}

/** A head of household's card with KARTPAY (one per process is enough: payments alternate online and offline). */
export function measuredPaymentCard(): MeasuredCard {
  const nationalId = '28501010300017';
  const issuedOn = Math.floor(Date.now() / 86_400_000);
  const [issued] = issueHousehold(
    {
      householdId: Uint8Array.of(0x48, 0, 0, 0, 0, 0, 0x0b, 0x01), rationCardNumber: '20009901', beneficiaries: 2, activations: {},
      members: [{ nationalId, nameAr: 'رب الأسرة', nameEn: 'BENCH PAYER', role: 'head', age: 44 }],
    },
    { issuer: createTestIssuer(), issuedOn, protocol: 'T=1' },
  );
  const paid = addPaymentApplication(issued!, { pin: '1234', issuedOn });
  const card: CardOs = paid.card;
  const out: MeasuredCard = {
    nationalId, pan: paid.pan, cardMs: 0, apdus: 0, bytes: 0, trace: [], atr: card.atr,
    get powered() {
      return card.powered;
    },
    powerOn: () => card.powerOn(),
    powerOff: () => card.powerOff(),
    reset: () => card.reset(),
    transmit(capdu: Uint8Array) {
      const started = performance.now();
      const rapdu = card.transmit(capdu);
      out.cardMs += performance.now() - started;
      out.apdus++;
      out.bytes += capdu.length + rapdu.length;
      out.trace.push({ capdu: capdu.slice(), rapdu: rapdu.slice() });
      return rapdu;
    },
  };
  return out;
}

export type PaymentKind = 'offline' | 'online';

export interface PaymentSample {
  readonly kind: PaymentKind;
  /** From the session's opening to the durable outcome (card insertion excluded). */
  readonly wallMs: number;
  /** Inside the card (its commands' processing, in process). */
  readonly cardMs: number;
  readonly apdus: number;
  readonly bytes: number;
  /** A real card's contact link for these exchanges (transaction-card-timing.ts model), at 9,600 and 115,200 bit/s. */
  readonly link9600Ms: number;
  readonly link115200Ms: number;
}

export interface PaymentCounter {
  pay(kind: PaymentKind): Promise<PaymentSample>;
  close(): Promise<void>;
}

/** A counter paying with `card` (already in `terminal`'s reader). */
export async function startPaymentCounter(terminal: Terminal, card: MeasuredCard): Promise<PaymentCounter> {
  const dir = mkdtempSync(join(tmpdir(), 'kart-pay-bench-'));
  const journal = await Journal.open({ storage: new FsJournalStorage(dir) });
  const payments = new CardPaymentJournal(journal);
  const issuer = createBenchIssuer({ now: Date.now });
  issuer.open(card.pan, 1, Number.MAX_SAFE_INTEGER);
  const scanner = createSimFingerprintScanner();
  let impression = 0;
  return {
    async pay(kind) {
      scanner.script.present({ person: card.nationalId, finger: 2, impression: ++impression });
      const [cardMs, apdus, bytes] = [card.cardMs, card.apdus, card.bytes];
      card.trace = [];
      const started = performance.now();
      const session = await terminal.acceptCard({ timeoutMs: 10_000 });
      let result;
      try {
        result = await payByCard({
          transceive: session.transceive, amountPiastres: 4_550, issuer, journal: payments,
          terminal: { terminalId: 0x00b4_00be, panTokenKey: new Uint8Array(32).fill(0x4b) },
          devices: { scanner, pinEntry: createSimPinEntry([]) },
          forceOnline: kind === 'online', random: () => 0.99,
        });
      } finally {
        await session.close('leave');
      }
      const wallMs = performance.now() - started;
      // A bench measuring the wrong path is worse than none: each payment must be the kind it stands for.
      if (!result.ok || result.record.online !== (kind === 'online') || result.record.cryptogramType !== 1) {
        throw new Error(`${kind} payment ended ${result.code}, online ${String(result.record?.online)}: ${result.emv.reason}`);
      }
      return {
        kind, wallMs, cardMs: card.cardMs - cardMs, apdus: card.apdus - apdus, bytes: card.bytes - bytes,
        link9600Ms: linkMs(card.trace, 1), link115200Ms: linkMs(card.trace, 12),
      };
    },
    async close() {
      await scanner.close();
      await journal.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Pays `count` of each kind, alternating (online first: a new card goes online anyway). */
export async function alternate(counter: PaymentCounter, count: number, progress?: (done: number) => void): Promise<PaymentSample[]> {
  const samples: PaymentSample[] = [];
  for (let i = 0; i < count; i++) {
    samples.push(await counter.pay('online'), await counter.pay('offline'));
    progress?.(i + 1);
  }
  return samples;
}
