/**
 * The two ends of every transaction: the decline record, and the approval record built from the card's debit
 * proof. Both are journaled (and fdatasync'd) before the result is returned; an approval then counts in the local
 * tallies and reaches `onApproved`.
 */
import type { Debit, Warning } from '../auth/auth-types.ts';
import type { VerificationEvent } from '../auth/cardholder-verification.ts';
import type { DebitProof } from '../schemas/debit-proof.ts';
import { CARD_KIND, CVM, OUTCOME } from '../schemas/journal-record.ts';
import type { Cvm } from '../schemas/journal-record.ts';
import { SERVICE } from '../schemas/service.ts';
import type { ItemLine, Service } from '../schemas/service.ts';
import { debitOfProof, pointsOf, type LocalTallies } from './local-tallies.ts';
import { serviceDeclineMessage } from './service-declines.ts';
import type { ServiceDeclineCode } from './service-declines.ts';
import type { DebitIntent } from './service-records.ts';
import type { TransactionApproved, TransactionConfig, TransactionDeclined } from './transaction-types.ts';

/** What is known of the sale so far. */
export interface SaleContext {
  readonly config: TransactionConfig;
  readonly tallies: LocalTallies;
  readonly nowMs: number;
  readonly today: number;
  readonly service: Service;
  cardId: Uint8Array | null;
  householdId: Uint8Array | null;
  online: boolean;
  cvm: Cvm;
  supervisorCardId: Uint8Array | null;
  /** Ration goods: the lines asked for (kept on a decline). */
  readonly items: readonly ItemLine[];
  verification: readonly VerificationEvent[];
  warnings: readonly Warning[];
  /** An old ration card's counter and balance as read: its records are card kind 1 (journal record v2). */
  legacy?: { readonly atc: number; readonly balanceAfter: number };
}

/** The method code of a verification result. */
export function cvmOf(method: 'fingerprint' | 'pin' | 'supervised' | undefined): Cvm {
  return method === 'fingerprint' ? CVM.FINGERPRINT : method === 'pin' ? CVM.PIN : method === 'supervised' ? CVM.SUPERVISED_EXCEPTION : CVM.NONE;
}

const common = (ctx: SaleContext) => ({
  terminalId: ctx.config.terminalId,
  time: Math.floor(ctx.nowMs / 1000),
  utcOffsetMinutes: ctx.config.utcOffsetMinutes ?? 120,
  parameterVersion: ctx.config.params.version,
  blocklistVersion: ctx.config.blocklist.version,
});

/** The version 2 fields of a unified card's record. */
const UNIFIED = { cardKind: CARD_KIND.UNIFIED, legacyAtc: null, legacyBalanceAfter: null } as const;

/** Journals a decline and returns it. */
export async function declineSale(
  ctx: SaleContext,
  code: ServiceDeclineCode,
  extra: Omit<TransactionDeclined, 'ok' | 'outcome' | 'message' | 'seq' | 'warnings' | 'verification'> = {},
): Promise<TransactionDeclined> {
  const supervised = ctx.cvm === CVM.SUPERVISED_EXCEPTION && ctx.supervisorCardId !== null;
  const seq = await ctx.config.journal.appendSale({
    ...common(ctx), outcome: OUTCOME.DECLINED, code, service: ctx.service, householdId: ctx.householdId, cardId: ctx.cardId,
    amount: 0, items: ctx.service === SERVICE.RATION ? ctx.items : [], pricePiastres: 0,
    cvm: supervised ? CVM.SUPERVISED_EXCEPTION : ctx.cvm === CVM.SUPERVISED_EXCEPTION ? CVM.NONE : ctx.cvm,
    supervisorCardId: supervised ? ctx.supervisorCardId : null, online: ctx.online, debitProof: null,
    ...(ctx.legacy ? { cardKind: CARD_KIND.LEGACY, legacyAtc: ctx.legacy.atc, legacyBalanceAfter: ctx.legacy.balanceAfter } : UNIFIED),
  }, ctx.nowMs);
  return {
    ok: false, outcome: code, message: serviceDeclineMessage(code), seq, warnings: ctx.warnings, verification: ctx.verification, ...extra,
  };
}

/** Journals the approval of `intent` with the card's proof and returns it; only now may it be shown. */
export async function approveSale(
  ctx: SaleContext,
  intent: DebitIntent,
  proofBytes: Uint8Array,
  proof: DebitProof,
  outcome: { readonly debit?: Debit; readonly recovered: boolean; readonly cuts?: TransactionApproved['cuts'] },
): Promise<TransactionApproved> {
  const seq = await ctx.config.journal.appendSale({
    ...common(ctx), outcome: OUTCOME.APPROVED, code: 'APPROVED', service: proof.service, householdId: intent.householdId,
    cardId: proof.cardId, amount: proof.amount, items: proof.items, pricePiastres: intent.pricePiastres, cvm: intent.cvm,
    supervisorCardId: intent.supervisorCardId, online: intent.online, debitProof: proofBytes, ...UNIFIED,
  }, ctx.nowMs);
  const debit = outcome.debit ?? debitOfProof(proof, intent.pricePiastres);
  ctx.tallies.add(intent.householdId, proof.cardId, debit, proof.date, !intent.online);
  const approval: TransactionApproved = {
    ok: true,
    outcome: 'APPROVED',
    recovered: outcome.recovered,
    receipt: {
      terminalId: ctx.config.terminalId, seq, timeMs: ctx.nowMs, date: proof.date, cardId: proof.cardId, householdId: intent.householdId,
      service: proof.service, amount: proof.amount, pointsPiastres: pointsOf(proof), items: proof.items, pricePiastres: intent.pricePiastres,
      changePiastres: outcome.debit?.changePiastres ?? 0, balanceAfter: proof.balanceAfter, atc: proof.atc, cvm: intent.cvm, online: intent.online,
      cardKind: 'unified',
    },
    cuts: outcome.cuts ?? [],
    warnings: ctx.warnings,
    verification: ctx.verification,
  };
  ctx.config.onApproved?.(approval);
  return approval;
}
