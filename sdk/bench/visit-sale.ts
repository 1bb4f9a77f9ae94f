/**
 * One bread sale of a scripted visit on a test bench, as the day and fleet benches play it: the fingers (or three
 * wrong ones and the PIN) on the devices, the sale, and a card pulled before it was read put back after a moment.
 * A result is added to `tally.results`; a thrown fault is counted by its code in `tally.errors`.
 */
import type { TransactionResult } from '../../terminal/services/transaction-types.ts';
import type { BenchMember, Testbench } from '../create-testbench.ts';
import { codeOf } from './pulled-card.ts';

export interface VisitTally {
  readonly results: TransactionResult[];
  readonly errors: Record<string, number>;
}

export async function sellVisit(
  bench: Testbench,
  member: BenchMember,
  visit: { readonly finger: 'right' | 'wrong-then-pin'; readonly loaves: number },
  tally: VisitTally,
): Promise<TransactionResult | undefined> {
  // A decline before verification leaves fingers or a PIN queued: they are not the next customer's.
  while (bench.scanner.script.pending > 0) bench.scanner.script.next();
  bench.pinPad.clear();
  if (visit.finger === 'right') bench.presentFinger(member, 'right');
  else {
    for (let i = 0; i < 3; i++) bench.presentFinger(member, 'wrong');
    bench.enterPin(member.pin);
  }
  const sale = bench.sellBread({ loaves: visit.loaves });
  sale.catch(() => undefined);
  try {
    // A sale that waits for a card (pulled before it was read) gets it back after a moment.
    const early = await Promise.race([sale, new Promise<'waiting'>((r) => setTimeout(r, 3_000, 'waiting').unref())]);
    if (early === 'waiting') await bench.presentCard(member);
    const result = await sale;
    tally.results.push(result);
    return result;
  } catch (error) {
    tally.errors[codeOf(error)] = (tally.errors[codeOf(error)] ?? 0) + 1;
    return undefined;
  }
}
