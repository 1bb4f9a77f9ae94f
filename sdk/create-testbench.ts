/**
 * `createTestbench()`: a bakery terminal on simulated devices, with the bench's controls beside it. The devices: the
 * card reader with a customer slot and a supervisor slot (in process, or the real PC/SC stack when `slots` says so),
 * the fingerprint scanner, the PIN pad and the 58 mm Arabic receipt printer. The firmware (journal in a directory,
 * terminal key in a `FileKeyStore`, transaction runner, sync engine in the background) and the embedded ledger with
 * this terminal enrolled start on first use or with `ready()`, so a bench used for its reader alone stays light.
 * The controls: issue a household (registered with the ledger; cards with KARTPAY on request, their accounts at the
 * bench's payment issuer), put a member's card in the reader, present their finger (right or wrong), type a PIN,
 * sell, pay by card (EMV, journaled beside the sales), print the receipt, sync. `close()` tears everything down.
 * Returns the same `Terminal` type as `createTerminal`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueHousehold as issueCards, type IssuedCard } from '../card/gov/issue-household.ts';
import { createTestIssuer, type CardIssuer } from '../card/gov/test-issuer.ts';
import type { VirtualCard } from '../card/virtual-card.ts';
import { loadProfiles } from '../hardware-profiles/load-profiles.ts';
import type { PrinterProfile } from '../hardware-profiles/profile.ts';
import type { CardSession } from '../terminal/card-session.ts';
import type { UserMessage } from '../terminal/errors.ts';
import { maskPan } from '../terminal/payment/pan-protection.ts';
import type { CardPaymentResult } from '../terminal/payment/pay-by-card.ts';
import type { CardReader } from '../terminal/hal/card-reader.ts';
import { recordCardReader } from '../terminal/hal/record/recording-card-reader.ts';
import type { SimCardReader } from '../terminal/hal/sim/sim-card-reader.ts';
import { createSimFingerprintScanner, type SimFingerprintScanner } from '../terminal/hal/sim/sim-fingerprint-scanner.ts';
import { createSimPrinter, type SimPrinter } from '../terminal/hal/sim/sim-printer.ts';
import { sellBread, type BreadOrder } from '../terminal/services/bakery-sale.ts';
import { receiptOf } from '../terminal/services/receipt-of.ts';
import type { TransactionApproved, TransactionOptions, TransactionResult } from '../terminal/services/transaction-types.ts';
import type { BatchAck } from '../terminal/sync/batch-ack.ts';
import type { EmbeddedLedger } from '../ledger/embedded-ledger.ts';
import type { IssuerAccount } from '../issuer/issuer-host.ts';
import { startBakeryServices, type BakeryServices } from './bench/bakery-services.ts';
import { createPaymentDesk, type BenchCardPayment, type PaymentDesk } from './bench/bench-card-payments.ts';
import { createBenchIssuer, type BenchIssuer } from './bench/bench-issuer.ts';
import { benchHousehold, type BenchHouseholdSpec, type BenchMemberSpec } from './bench/bench-household.ts';
import { createBenchPinPad, type BenchPinPad } from './bench/bench-pin-pad.ts';
import { createSimCardSlots, type CardSlots } from './bench/card-slots.ts';
import { addPaymentApplication } from './bench/payment-card.ts';
import { tapSessions, type TappedTerminal } from './bench/session-tap.ts';
import { createTerminal } from './create-terminal.ts';

/** A member's payment card (KARTPAY on their government card) and its account at the bench's issuer. */
export interface BenchPaymentCard {
  readonly pan: string;
  readonly panSequenceNumber: number;
  /** 6 + 4 digits shown, as on receipts and in the journal. */
  readonly panMasked: string;
  /** The account; its balance is debited by each online approval. */
  readonly account: IssuerAccount;
}

/** A member of an issued household: who they are and their card (`card` and `image` with KARTPAY when `payment`). */
export type BenchMember = IssuedCard & Pick<BenchMemberSpec, 'nameAr' | 'age' | 'pin'> & { readonly payment?: BenchPaymentCard };

export interface BenchHousehold {
  readonly householdId: Uint8Array;
  readonly beneficiaries: number;
  readonly rationCardNumber: string;
  /** In member order: the head first. */
  readonly members: readonly BenchMember[];
}

export interface TestbenchOptions {
  /** Time each APDU takes in the simulated reader (default 0). */
  readonly apduDelayMs?: number;
  /** The two card slots (default simulated; `startPcscCardSlots()` for the real PC/SC stack). Closed by `close()`. */
  readonly slots?: CardSlots;
  /** Also write every exchange (both slots) as a redacted CBOR recording to this file. */
  readonly record?: string;
  /** Journal and key directory (default a fresh temporary one, removed by `close()`). */
  readonly dir?: string;
  /** This terminal's id (default 0x00B40001). */
  readonly terminalId?: number;
  /** Terminal (and ledger) clock, ms since the epoch (default `Date.now`). */
  readonly clock?: () => number;
  /** Local offset from UTC, minutes (default 120, Cairo). */
  readonly utcOffsetMinutes?: number;
  /** The card issuer (default a fresh TEST issuer). TEST KEYS ONLY. */
  readonly issuer?: CardIssuer;
  /** The shop printed on receipts (default مخبز النور / Al Nour Bakery). */
  readonly merchant?: UserMessage;
  /** The supervisor's PIN (their card waits in the supervisor slot; default "8642"). */
  readonly supervisorPin?: string;
  /** Idle poll of the background sync, ms (default 5 000). */
  readonly syncPollMs?: number;
  /**
   * A running ledger to enrol in and sync to (not closed by `close()`); default an embedded one of this bench's own.
   * Starting one takes seconds (PGlite's initdb): suites with several benches share one.
   */
  readonly ledger?: EmbeddedLedger;
  /** Key of the PAN token in card payment records (HMAC-SHA-256, at least 16 bytes; default a fixed TEST key). */
  readonly panTokenKey?: Uint8Array;
}

export interface Testbench {
  readonly terminal: TappedTerminal;
  readonly slots: CardSlots;
  /** The reader subsystem both slots belong to (recording wrapper included). */
  readonly cardReader: CardReader;
  /** The simulated reader subsystem with its fault controls, when the slots are simulated. */
  readonly simReader: SimCardReader | undefined;
  /** The terminal's (customer) reader. */
  readonly readerName: string;
  readonly scanner: SimFingerprintScanner;
  readonly pinPad: BenchPinPad;
  readonly printer: SimPrinter;
  readonly printerProfile: PrinterProfile;
  readonly clock: () => number;
  readonly terminalId: number;
  readonly supervisorPin: string;
  /** The issuer of the bench's payment cards (Kart's reference issuer host, TEST keys): accounts, requests. */
  readonly paymentIssuer: BenchIssuer;
  /** Puts a card into the terminal's reader. */
  insertCard(card: VirtualCard): Promise<void>;
  /** Pulls the card out of the terminal's reader. */
  removeCard(): Promise<void>;
  /** Starts the firmware and the ledger (once); resolves with them. */
  ready(): Promise<BakeryServices>;
  /** Issues a household's cards (see `benchHousehold`) and registers it and its cards with the ledger. */
  issueHousehold(spec?: BenchHouseholdSpec): Promise<BenchHousehold>;
  /** The member's card goes into the terminal's reader. */
  presentCard(member: BenchMember): Promise<void>;
  /** The member puts a finger on the scanner: their enrolled finger (`right`) or another of theirs (`wrong`). */
  presentFinger(member: BenchMember, which?: 'right' | 'wrong'): void;
  /** The next PIN typed on the pad (the cardholder's or the supervisor's). */
  enterPin(digits: string): void;
  /** Sells bread to the card in the reader (the sale waits for one); the background sync is nudged after. */
  sellBread(order: BreadOrder, options?: TransactionOptions): Promise<TransactionResult>;
  /**
   * A card payment (EMV, KARTPAY) by the card in the reader (waits for one): the finger offline on the card first
   * (present it with `presentFinger`), else the PIN (`enterPin`). Journaled (type 6) in the sales' journal, durable
   * before an approval is returned; the background sync is nudged after. Declines are results, not exceptions.
   */
  payByCard(payment: BenchCardPayment): Promise<CardPaymentResult>;
  /** Prints the receipt of a sale's approval or of a card payment (approved or declined); resolves with the paper. */
  printReceipt(approval: TransactionApproved | CardPaymentResult): Promise<string>;
  /** The last card session of the terminal's reader (for its APDU trace). */
  lastSession(): CardSession | undefined;
  /** Sends what the ledger does not hold yet, now; the acknowledgements. */
  sync(): Promise<BatchAck[]>;
  close(): Promise<void>;
}

const DEFAULT_MERCHANT: UserMessage = { ar: 'مخبز النور', en: 'Al Nour Bakery' };
/** The cashier's own card (never accepted as the supervisor's). */
const CASHIER_CARD = Uint8Array.of(0x53, 0, 0, 0, 0, 0, 0, 0x09);
/** TEST ONLY key of the PAN tokens in the bench's card payment records. */
const BENCH_PAN_TOKEN_KEY = new Uint8Array(32).fill(0x4b);
const DEFAULT_PAYMENT_BALANCE = 500_000;

/** A bench around simulated devices; see the file comment. */
export function createTestbench(options: TestbenchOptions = {}): Testbench {
  const slots = options.slots ?? createSimCardSlots(options.apduDelayMs ? { apduDelayMs: options.apduDelayMs } : {});
  const reader = options.record ? recordCardReader(slots.reader, options.record, { source: `kart test bench (${slots.description})` }) : slots.reader;
  const terminal = tapSessions(createTerminal({ profile: slots.profile, bindings: { cardReader: reader } }));
  const clock = options.clock ?? Date.now;
  const utcOffsetMinutes = options.utcOffsetMinutes ?? 120;
  const terminalId = options.terminalId ?? 0x00b4_0001;
  const supervisorPin = options.supervisorPin ?? '8642';
  const printerProfile = loadProfiles().find((p) => p.id === 'escpos-58mm-arabic-printer') as PrinterProfile;
  const printer = createSimPrinter({ profile: printerProfile });
  const scanner = createSimFingerprintScanner();
  const pinPad = createBenchPinPad();
  const issuer = options.issuer ?? createTestIssuer();
  // Cards are issued on the UTC day: never after the terminal's local day, and valid for the ledger's registry today.
  const issueDay = (): number => Math.floor(clock() / 86_400_000);
  let dir: string | undefined;
  let services: Promise<BakeryServices> | undefined;
  let impressions = 0;
  let households = 0;
  const paymentIssuer = createBenchIssuer({ now: clock });
  let desk: PaymentDesk | undefined;
  // One customer at a time: a sale's record takes the seq the journal gives next, so a payment never interleaves.
  let lane: Promise<unknown> = Promise.resolve();
  const inLane = <T>(work: () => Promise<T>): Promise<T> => {
    const result = lane.then(work);
    lane = result.catch(() => undefined);
    return result;
  };

  const ready = (): Promise<BakeryServices> =>
    (services ??= (async () => {
      dir = options.dir ?? mkdtempSync(join(tmpdir(), 'kart-bench-'));
      // The supervisor's own card (the SUPERVISE usage), one per terminal, waiting in the second slot.
      const staffHousehold = Uint8Array.of(0x4f, 0, 0, 0, 0, 0, 0, 0);
      new DataView(staffHousehold.buffer).setUint32(4, terminalId);
      const [supervisor] = issueCards(
        { householdId: staffHousehold, rationCardNumber: '9000001', beneficiaries: 1, activations: {},
          members: [{ nationalId: '27001010300011', nameAr: 'مشرف المخبز', nameEn: 'BAKERY SUPERVISOR', role: 'head', age: 56, pin: supervisorPin }] },
        { issuer, issuedOn: issueDay() - 30, supervisors: ['27001010300011'] },
      );
      await slots.insert('supervisor', supervisor!.card);
      const started = await startBakeryServices({
        terminal, scanner, pinEntry: pinPad, dir, terminalId, issuer, cashierCardId: CASHIER_CARD, clock, utcOffsetMinutes,
        ...(options.syncPollMs ? { syncPollMs: options.syncPollMs } : {}), ...(options.ledger ? { ledger: options.ledger } : {}),
        supervisorSlot: {
          async open() {
            const name = slots.names.supervisor;
            if (!(await reader.status(name)).cardPresent) return undefined;
            const connection = await reader.connect(name);
            return { transceive: (apdu) => connection.transmit(apdu), close: () => connection.disconnect('unpower') };
          },
        },
      });
      // The ledger checks a supervised exception's supervisor against its card registry.
      await started.ledger.registerCard(supervisor!.certificate).catch(async (error: unknown) => {
        await started.close();
        throw error;
      });
      return started;
    })());

  let closed: Promise<void> | undefined;
  return {
    terminal, slots, cardReader: reader, simReader: options.slots ? undefined : (slots.reader as SimCardReader), readerName: slots.names.customer,
    scanner, pinPad, printer, printerProfile, clock, terminalId, supervisorPin, paymentIssuer,
    insertCard: (card) => slots.insert('customer', card),
    removeCard: () => slots.remove('customer'),
    ready,
    async issueHousehold(spec = {}) {
      const { ledger } = await ready();
      const description = benchHousehold({ number: spec.number ?? ++households, ...spec }, new Date(clock()).getUTCFullYear());
      const issuedOn = issueDay();
      const cards = issueCards(description, { issuer, issuedOn, protocol: 'T=1' });
      await ledger.registerHousehold(description, cards);
      const members = cards.map((issued, i): BenchMember => {
        const { nameAr, age, pin } = description.members[i]!;
        if (!(spec.payment === true || (spec.payment === 'head' && i === 0))) return { ...issued, nameAr, age, pin };
        const paid = addPaymentApplication(issued, { pin, issuedOn });
        const account = paymentIssuer.open(paid.pan, paid.panSequenceNumber, spec.paymentBalance ?? DEFAULT_PAYMENT_BALANCE);
        const payment = { pan: paid.pan, panSequenceNumber: paid.panSequenceNumber, panMasked: maskPan(paid.pan), account };
        return { ...issued, card: paid.card, image: paid.image, nameAr, age, pin, payment };
      });
      return { householdId: description.householdId, beneficiaries: description.beneficiaries, rationCardNumber: description.rationCardNumber, members };
    },
    presentCard: (member) => slots.insert('customer', member.card),
    presentFinger(member, which = 'right') {
      // The enrolled finger is the right index (position 2); "wrong" is the right middle finger of the same person.
      scanner.script.present({ person: member.nationalId, finger: which === 'right' ? 2 : 3, impression: ++impressions });
    },
    enterPin: (digits) => pinPad.push({ digits }),
    sellBread: (order, saleOptions = {}) =>
      inLane(async () => {
        const { runner, sync } = await ready();
        try {
          return await sellBread(runner, order, saleOptions);
        } finally {
          sync.nudge();
        }
      }),
    payByCard: (payment) =>
      inLane(async () => {
        const services = await ready();
        desk ??= createPaymentDesk({
          terminal, scanner, pinEntry: pinPad, issuer: paymentIssuer, journal: services.journal.journal,
          counter: { terminalId, panTokenKey: options.panTokenKey ?? BENCH_PAN_TOKEN_KEY, clock, utcOffsetMinutes, merchant: options.merchant ?? DEFAULT_MERCHANT },
        });
        try {
          return await desk.pay(payment);
        } finally {
          services.sync.nudge();
        }
      }),
    async printReceipt(approval) {
      const merchant = options.merchant ?? DEFAULT_MERCHANT;
      const receipt = 'emv' in approval ? approval.receipt : receiptOf(approval, { merchant, utcOffsetMinutes });
      if (!receipt) throw new RangeError('a card payment that was never journaled has no receipt');
      await printer.print(receipt);
      return printer.receipts().at(-1) ?? '';
    },
    lastSession: () => terminal.sessions.at(-1),
    sync: async () => (await ready()).syncNow(),
    close() {
      closed ??= (async () => {
        if (services) await (await services.catch(() => undefined))?.close();
        await scanner.close();
        await printer.close();
        await terminal.close().catch(() => undefined);
        if (options.slots) await slots.close();
        else await slots.close().catch(() => undefined);
        if (dir && !options.dir) rmSync(dir, { recursive: true, force: true });
      })();
      return closed;
    },
  };
}
