/**
 * One bakery of the fleet: a test bench (its own journal directory and terminal id) on the shared ledger through
 * its own cuttable link, with what the day does to it: sell to a member (fingers, the PIN after three wrong ones,
 * a card pulled mid-sale and put back), lose power (the bench restarted on the same journal directory), sync.
 */
import type { CardIssuer } from '../../../card/gov/test-issuer.ts';
import type { EmbeddedLedger } from '../../../ledger/embedded-ledger.ts';
import type { TransactionResult } from '../../../terminal/services/transaction-types.ts';
import { createTestbench, type BenchMember, type Testbench } from '../../create-testbench.ts';
import type { ScriptVisit } from '../day/day-script.ts';
import { startLedgerLink, type LedgerLink } from './ledger-link.ts';
import { pulledAfter } from '../pulled-card.ts';
import { sellVisit } from '../visit-sale.ts';

export interface FleetCounterOptions {
  readonly index: number;
  readonly terminalId: number;
  readonly dir: string;
  readonly issuer: CardIssuer;
  readonly ledger: EmbeddedLedger;
  readonly clock: () => number;
  readonly utcOffsetMinutes: number;
}

export interface FleetCounter {
  readonly index: number;
  readonly terminalId: number;
  readonly link: LedgerLink;
  readonly bench: Testbench;
  /** Approvals shown to customers (receipt seqs), every sale's result, sales ended by an exception (by code). */
  readonly results: TransactionResult[];
  readonly errors: Record<string, number>;
  /** Plays one visit; resolves with a words-only note when the card was pulled (what happened to both tries). */
  serve(member: BenchMember, visit: ScriptVisit, advance: (ms: number) => void): Promise<string | undefined>;
  /** Closes the bench and opens a new one on the same journal; the journal's last seq before and after. */
  powerCut(): Promise<{ before: number; after: number }>;
  lastSeq(): Promise<number>;
  close(): Promise<void>;
}

/** Opens the counter's link and bench (the firmware started and enrolled). */
export async function openFleetCounter(o: FleetCounterOptions): Promise<FleetCounter> {
  const link = await startLedgerLink(o.ledger);
  const newBench = (): Testbench => createTestbench({
    dir: o.dir, issuer: o.issuer, clock: o.clock, utcOffsetMinutes: o.utcOffsetMinutes, terminalId: o.terminalId,
    ledger: link.ledger, syncPollMs: 60_000,
  });
  let bench = newBench();
  await bench.ready();
  const results: TransactionResult[] = [];
  const errors: Record<string, number> = {};

  const sell = (member: BenchMember, v: ScriptVisit): Promise<TransactionResult | undefined> => sellVisit(bench, member, v, { results, errors });

  const counter: FleetCounter = {
    index: o.index, terminalId: o.terminalId, link, results, errors,
    get bench() { return bench; },
    async serve(member, v, advance) {
      if (!v.pullCardAfterApdus) {
        await bench.presentCard(member);
        await sell(member, v);
        return undefined;
      }
      await bench.insertCard(pulledAfter(member.card, v.pullCardAfterApdus, () => void bench.removeCard()));
      const first = await sell(member, v);
      await bench.presentCard(member);
      advance(20_000);
      const second = await sell(member, v);
      return `after APDU ${v.pullCardAfterApdus}: ${first?.outcome ?? 'fault'}, put back: ${second?.outcome ?? 'fault'}${second?.ok && second.recovered ? ' (torn sale completed)' : ''}`;
    },
    async powerCut() {
      const before = await counter.lastSeq();
      await bench.close();
      bench = newBench();
      return { before, after: await counter.lastSeq() };
    },
    lastSeq: async () => (await bench.ready()).journal.journal.state.lastSeq,
    async close() {
      await bench.close();
      await link.close();
    },
  };
  return counter;
}
