/**
 * A sale on an old ration card (card/legacy/LEGACY.md) in the shared transaction: the card in the reader answered
 * no KARTGOV but RATION1. The basket is priced from the terminal's month catalogue and decided by
 * `decideLegacySale`: accepted until the household's switch to the unified card is known (the downloaded switched
 * households list, or this terminal's own unified sales, `LocalSwitches`), then refused `LEGACY_CARD_SWITCHED` and
 * the card is sent STOP so that terminals which do not know yet refuse it too. An approval DEBITs the card's balance
 * and is journaled (record version 2, card kind 1) with the card's counter and balance: an old card signs nothing.
 * Ration goods only (the old card holds the month's ration money); no cardholder verification (the old card has none).
 */
import type { Transceiver } from '../../emv/transceiver.ts';
import type { AuthRequest, DeclineReason } from '../auth/auth-types.ts';
import type { DeclineCode } from '../auth/decline-codes.ts';
import { reason } from '../auth/rule-input.ts';
import type { HouseholdSet } from '../legacy/legacy-acceptance.ts';
import { decideLegacySale } from '../legacy/legacy-acceptance.ts';
import type { LegacyCardData } from '../legacy/legacy-card-file.ts';
import { debitLegacyCard, stopLegacyCard } from '../legacy/read-legacy-card.ts';
import { CARD_KIND, CVM, OUTCOME } from '../schemas/journal-record.ts';
import { SERVICE } from '../schemas/service.ts';
import { declineSale } from './sale-records.ts';
import type { SaleContext } from './sale-records.ts';
import type { TransactionApproved, TransactionResult } from './transaction-types.ts';

/** The old card's 8-byte id in the journal: its ration card number, BCD, F-padded (the file's own bytes 10..17). */
export function legacyCardId(rationCardNumber: string): Uint8Array {
  return Uint8Array.from(Buffer.from(rationCardNumber.padEnd(16, 'f'), 'hex'));
}

/** Sells `request` on the old card in the reader (already selected and read). */
export async function sellOnLegacyCard(
  ctx: SaleContext,
  transceive: Transceiver,
  card: LegacyCardData,
  request: AuthRequest,
  known: { readonly switched: HouseholdSet; readonly local: HouseholdSet },
): Promise<TransactionResult> {
  ctx.householdId = card.householdId;
  ctx.cardId = legacyCardId(card.rationCardNumber);
  ctx.legacy = { atc: card.atc, balanceAfter: card.balancePiastres };
  const decline = (code: DeclineCode, why: DeclineReason = reason(code, { service: 'ration' }), cardSw?: number) =>
    declineSale(ctx, code, { reason: why, ...(cardSw !== undefined ? { cardSw } : {}) });
  if (request.service !== 'ration') return decline('NOT_ON_THIS_CARD', reason('NOT_ON_THIS_CARD', { service: request.service }));
  let value = 0;
  for (const [code, quantity] of request.lines) {
    const item = ctx.config.params.ration.catalogue.find((it) => it.code === code);
    if (!item || !Number.isSafeInteger(quantity) || quantity < 1) return decline('REQUEST_INVALID', reason('REQUEST_INVALID', { service: 'ration', itemCode: code }));
    value += item.pricePiastres * quantity;
  }
  const decision = decideLegacySale({ card, switched: known.switched, local: known.local, amountPiastres: value });
  if (!decision.ok) {
    // See LEGACY.md, STOP: the household has switched; the card is stopped for every terminal from now on.
    if (decision.stopCard) await stopLegacyCard(transceive);
    return decline(decision.outcome, decision.reason);
  }
  const debit = await debitLegacyCard(transceive, decision.amountPiastres);
  if (!debit.ok) {
    const code: DeclineCode | 'CARD_REFUSED' = debit.problem === 'LEGACY_BALANCE_INSUFFICIENT' ? 'BALANCE_INSUFFICIENT'
      : debit.problem === 'LEGACY_CARD_STOPPED' ? 'LEGACY_CARD_SWITCHED' : 'CARD_REFUSED';
    return code === 'CARD_REFUSED' ? declineSale(ctx, code, { ...(debit.sw !== undefined ? { cardSw: debit.sw } : {}) }) : decline(code, undefined, debit.sw);
  }
  const { atc, balanceAfter } = debit.value;
  const items = [...request.lines].sort((a, b) => a[0] - b[0]);
  const seq = await ctx.config.journal.appendSale({
    terminalId: ctx.config.terminalId, time: Math.floor(ctx.nowMs / 1000), utcOffsetMinutes: ctx.config.utcOffsetMinutes ?? 120,
    parameterVersion: ctx.config.params.version, blocklistVersion: ctx.config.blocklist.version,
    outcome: OUTCOME.APPROVED, code: 'APPROVED', service: SERVICE.RATION, householdId: card.householdId, cardId: ctx.cardId,
    amount: decision.amountPiastres, items, pricePiastres: 0, cvm: CVM.NONE, supervisorCardId: null, online: false, debitProof: null,
    cardKind: CARD_KIND.LEGACY, legacyAtc: atc, legacyBalanceAfter: balanceAfter,
  }, ctx.nowMs);
  const approval: TransactionApproved = {
    ok: true, outcome: 'APPROVED', recovered: false, cuts: [], warnings: [], verification: [],
    receipt: {
      terminalId: ctx.config.terminalId, seq, timeMs: ctx.nowMs, date: ctx.today, cardId: ctx.cardId, householdId: card.householdId,
      service: SERVICE.RATION, amount: decision.amountPiastres, pointsPiastres: 0, items, pricePiastres: 0, changePiastres: 0,
      balanceAfter, atc, cvm: CVM.NONE, online: false, cardKind: 'legacy',
    },
  };
  ctx.config.onApproved?.(approval);
  return approval;
}
