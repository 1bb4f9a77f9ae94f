/**
 * The debit itself: journal the intent (durable) → DEBIT ENTITLEMENT → verify the card's proof → journal the
 * approval (durable) → return it. A supervised exception first has the supervisor's card authorize this very debit
 * (`supervised-debit.ts`). A card refusal settles the intent (`NO_DEBIT`) and declines with the card's
 * reason. A reader fault during the DEBIT (card pulled, power lost) is thrown with the intent left pending: the
 * card's log settles it at the next insertion (`card-log-check.ts`). A proof that fails its signature or does not
 * describe the debit asked is `SVC_DEBIT_PROOF_INVALID`, also with the intent left for the ledger.
 */
import { randomBytes } from 'node:crypto';
import type { Approval } from '../auth/auth-types.ts';
import type { CardCertificate } from '../schemas/certificate.ts';
import { CHALLENGE_LENGTH, debitProofCodec, decodeDebitProof } from '../schemas/debit-proof.ts';
import type { DebitProof } from '../schemas/debit-proof.ts';
import { sameItemLines } from '../schemas/item-lines.ts';
import { SERVICE } from '../schemas/service.ts';
import { GovApdu } from './gov-apdu.ts';
import { TAG_DF50_DEBIT_PROOF } from '../schemas/kartgov-tags.ts';
import type { GovCardChannel } from './gov-card-channel.ts';
import { valueOf } from './gov-card-channel.ts';
import { approveSale, declineSale } from './sale-records.ts';
import { presentSupervision } from './supervised-debit.ts';
import { CVM } from '../schemas/journal-record.ts';
import type { SaleContext } from './sale-records.ts';
import { declineForCardStatus } from './service-declines.ts';
import { ServiceError } from './service-error.ts';
import type { DebitIntent } from './service-records.ts';
import type { TransactionResult } from './transaction-types.ts';

const same = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
const sameOrNull = (a: Uint8Array | null, b: Uint8Array | null): boolean => (a === null || b === null ? a === b : same(a, b));

/** Debits the card for an approved decision and journals the approval. */
export async function debitCard(
  ctx: SaleContext,
  channel: GovCardChannel,
  card: CardCertificate,
  decision: Approval,
  atcBefore: number,
): Promise<TransactionResult> {
  const { config } = ctx;
  const debit = decision.debit;
  const challenge = (config.random ?? ((n) => new Uint8Array(randomBytes(n))))(CHALLENGE_LENGTH);
  if (ctx.cvm === CVM.SUPERVISED_EXCEPTION) {
    const refused = await presentSupervision(ctx, channel, challenge);
    if (refused) return refused;
  }
  const quantity = ctx.service === SERVICE.BREAD ? debit.loaves : ctx.service === SERVICE.HEALTH ? 1 : 0;
  const intent: DebitIntent = {
    cardId: card.subject.cardId, householdId: card.subject.householdId, challenge, service: ctx.service, quantity,
    items: ctx.service === SERVICE.RATION ? debit.items : [], day: ctx.today, atcBefore, pricePiastres: debit.cashDuePiastres,
    cvm: ctx.cvm, supervisorCardId: ctx.supervisorCardId, online: ctx.online, timeMs: ctx.nowMs,
    lastSyncMs: config.ledger?.lastSyncMs() ?? 0,
  };
  await config.journal.appendIntent(intent);
  // See COMMANDS.md, DEBIT ENTITLEMENT: 9000 DF50 <debit proof>, or a refusal that wrote nothing.
  const answer = await channel.send(
    GovApdu.debit({
      challenge, terminalId: config.terminalId, day: ctx.today, service: ctx.service, quantity, lines: intent.items,
      ...(ctx.service === SERVICE.RATION ? { pointsPiastres: debit.pointsPiastres } : {}),
    }),
    'DEBIT ENTITLEMENT',
  );
  if (answer.sw !== 0x9000) {
    await config.journal.settleIntent(intent, 'NO_DEBIT', ctx.nowMs);
    return declineSale(ctx, declineForCardStatus(answer.sw), { cardSw: answer.sw });
  }
  const proofBytes = valueOf(answer.data, TAG_DF50_DEBIT_PROOF, 'DEBIT ENTITLEMENT');
  const proof = checkProof(proofBytes, intent, config.terminalId, card, ctx.service === SERVICE.RATION ? debit.pointsPiastres : 0);
  return approveSale(ctx, intent, proofBytes, proof, { debit, recovered: false, cuts: decision.cuts });
}

/**
 * Decodes the proof and checks it is the card's, over this very debit. `pointsPiastres`, when known (a live debit,
 * not one recovered from the log), must be the bread points part the proof signs (version 2 and later).
 */
export function checkProof(bytes: Uint8Array, intent: DebitIntent, terminalId: number, card: CardCertificate, pointsPiastres?: number): DebitProof {
  let proof: DebitProof;
  try {
    proof = decodeDebitProof(bytes);
  } catch (error) {
    throw new ServiceError('SVC_DEBIT_PROOF_INVALID', 'the debit proof does not decode', { cause: error });
  }
  const problem =
    (!debitProofCodec.verify(proof, card.publicKey) ? 'signature does not verify with the card key'
    : !same(proof.cardId, intent.cardId) ? 'another card'
    : proof.service !== intent.service ? 'another service'
    : proof.terminalId !== terminalId || !same(proof.challenge, intent.challenge) ? 'another terminal or challenge'
    : proof.date !== intent.day ? 'another date'
    : intent.service === SERVICE.RATION ? (sameItemLines(proof.items, intent.items) ? undefined : 'other item lines')
    : proof.amount !== intent.quantity ? `amount ${proof.amount}, asked ${intent.quantity}`
    : undefined)
    ?? (proof.version === 3 && proof.cvm !== intent.cvm ? `verification ${proof.cvm}, journaled ${intent.cvm}`
      : proof.version === 3 && !sameOrNull(proof.supervisorCardId, intent.supervisorCardId) ? 'another supervisor'
      : undefined);
  const points = proof.version === 1 ? undefined : proof.pointsPiastres;
  if (!problem && pointsPiastres !== undefined && points !== undefined && points !== pointsPiastres) {
    throw new ServiceError('SVC_DEBIT_PROOF_INVALID', `debit proof refused: points ${points}, asked ${pointsPiastres}`);
  }
  if (problem) throw new ServiceError('SVC_DEBIT_PROOF_INVALID', `debit proof refused: ${problem}`);
  return proof;
}
