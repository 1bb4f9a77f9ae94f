/**
 * What the ledger made of the faults planted for it (`over-draw`, `card-twice`), judged from the journals: a household
 * over its collect-ahead window must be flagged `HOUSEHOLD_OVERDRAW`, a card approved at two bakeries within the
 * window `CARD_AT_TWO_TERMINALS`; when the terminals declined what would have gone over, there is nothing to flag.
 */
import { DEFAULT_FLAG_RULES } from '../../../ledger/flags.ts';
import { OUTCOME } from '../../../terminal/schemas/journal-record.ts';
import { SERVICE } from '../../../terminal/schemas/service.ts';
import type { BenchMember } from '../../create-testbench.ts';
import type { FleetScript } from './fleet-script.ts';
import type { FleetReconciliation, TerminalEvidence } from './reconcile-fleet.ts';
import type { FleetFaultReport } from './run-fleet.ts';

export interface PlantedFaultInput {
  readonly script: FleetScript;
  readonly households: readonly { readonly id: Uint8Array; readonly members: readonly BenchMember[] }[];
  readonly evidence: readonly TerminalEvidence[];
  readonly reconciliation: FleetReconciliation;
  readonly firstId: number;
}

const hex = (t: number): string => t.toString(16).toUpperCase().padStart(8, '0');

/** The reports of the planted faults (none when the script planted none). */
export function plantedFaultFindings({ script, households, evidence, reconciliation, firstId }: PlantedFaultInput): FleetFaultReport[] {
  const found: FleetFaultReport[] = [];
  const over = script.faults.overDraw;
  if (over) {
    // Seen when the ledger flagged the household, or when nothing beyond its window was approved to be seen.
    const h = households[over.household]!;
    const hHex = Buffer.from(h.id).toString('hex');
    const b = script.households[over.household]!.beneficiaries;
    const limit = b * DEFAULT_FLAG_RULES.loavesPerBeneficiaryPerDay * DEFAULT_FLAG_RULES.aheadDays(b);
    const taken = evidence.flatMap((t) => t.sales).filter((x) => x.record.householdId && Buffer.from(x.record.householdId).toString('hex') === hHex
      && x.record.service === SERVICE.BREAD && x.record.outcome === OUTCOME.APPROVED).reduce((sum, x) => sum + x.record.amount, 0);
    const flagged = reconciliation.flags.some((f) => f.code === 'HOUSEHOLD_OVERDRAW' && f.households.includes(hHex));
    found.push({
      kind: 'over-draw', terminals: [firstId + over.home, firstId + over.away], minute: 5 * 60, recovered: flagged || taken <= limit,
      detail: `household ${hHex}: ${taken} loaves approved over two bakeries, limit ${limit}: ${flagged ? 'flagged HOUSEHOLD_OVERDRAW by the ledger' : taken > limit ? 'NOT flagged' : 'not over (nothing to flag)'}`,
    });
  }
  const twice = script.faults.cardTwice;
  if (twice) {
    const card = Buffer.from(households[twice.household]!.members[twice.member]!.cardId).toString('hex');
    const [a, b] = twice.terminals.map((t) => firstId + t) as [number, number];
    const timesAt = (t: number) => evidence.find((e) => e.terminalId === t)!.sales
      .filter((x) => x.record.outcome === OUTCOME.APPROVED && x.record.cardId && Buffer.from(x.record.cardId).toString('hex') === card).map((x) => x.record.time);
    // Both approved within the ledger's window (the first visit may have been declined, an earlier one approved).
    const both = timesAt(a).some((x) => timesAt(b).some((y) => Math.abs(x - y) <= DEFAULT_FLAG_RULES.twoTerminalWindowS));
    const flag = reconciliation.flags.find((f) => f.code === 'CARD_AT_TWO_TERMINALS');
    const flagged = flag !== undefined && flag.households.includes(Buffer.from(households[twice.household]!.id).toString('hex'));
    found.push({
      kind: 'card-twice', terminals: [a, b], minute: twice.minute, recovered: flagged || !both,
      detail: `card ${card} at ${hex(a)}, then ${hex(b)} three minutes later: ${both ? (flagged ? 'both approved, flagged CARD_AT_TWO_TERMINALS by the ledger' : 'both approved, NOT flagged') : 'not both approved within the window (nothing to flag)'}`,
    });
  }
  return found;
}
