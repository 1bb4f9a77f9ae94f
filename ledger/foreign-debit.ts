/**
 * The card-side checks the ledger shares between a sale's debit proof and a foreign debit report (journal type 4,
 * terminal/services/service-records.ts: `[1, debitProof bytes, observedMs]`, the last debit of a card's log made at
 * another terminal). A report whose proof verifies (registered card, chain to a trusted CA at the card-signed date,
 * the card's signature) and whose (card, ATC) no terminal journaled is stored as a settled sale of the card's
 * household (`FOREIGN_SETTLED`, `transactions.source` 1): the terminal that asked lost it in a torn transaction.
 * A (card, ATC) already stored is `FOREIGN_KNOWN`: nothing more is stored, so each debit counts exactly once. If
 * the terminal that made the debit syncs its own sale afterwards, that sale replaces the report's row.
 */
import { idToHex } from '../terminal/schemas/card-id.ts';
import { KEY_USAGE, type Certificate } from '../terminal/schemas/certificate.ts';
import { verifyCardChain, type ChainResult } from '../terminal/schemas/certificate-chain.ts';
import { debitProofCodec, type DebitProof } from '../terminal/schemas/debit-proof.ts';
import { bytes, decodeStrict, tuple, uint, version } from '../terminal/schemas/schema-fields.ts';
import type { VerifyCache } from './verify-cache.ts';
import type { AcceptedDebit, CheckedRecord } from './verify-records.ts';

/** A registered card: its certificates as the issuer supplied them. */
export interface RegisteredCard {
  readonly householdId: string;
  readonly issuer: Certificate;
  readonly card: Certificate;
}

/** What the checks read. */
export interface CardContext {
  readonly trustedCas: readonly Certificate[];
  readonly cards: ReadonlyMap<string, RegisteredCard>;
  readonly chainCache: Map<string, ChainResult>;
  /** Key objects and decoded proofs kept across records and batches (verify-cache.ts). */
  readonly verifyCache: VerifyCache;
}

function chainOf(cardHex: string, registered: RegisteredCard, day: number, ctx: CardContext): ChainResult {
  const cacheKey = `${cardHex}:${day}`;
  let chain = ctx.chainCache.get(cacheKey);
  if (!chain) {
    chain = verifyCardChain(registered.issuer, registered.card, ctx.trustedCas, day, { issuers: ctx.verifyCache.issuers });
    if (ctx.chainCache.size > 200_000) ctx.chainCache.clear();
    ctx.chainCache.set(cacheKey, chain);
  }
  return chain;
}

/** The card is registered, its chain verifies at the proof's date, and it signed the proof. */
export function checkCardProof(proof: DebitProof, ctx: CardContext): { ok: true; householdId: string } | { ok: false; code: string } {
  const cardHex = idToHex(proof.cardId);
  const registered = ctx.cards.get(cardHex);
  if (!registered) return { ok: false, code: 'CARD_UNKNOWN' };
  const chain = chainOf(cardHex, registered, proof.date, ctx);
  if (!chain.ok) return { ok: false, code: chain.reason };
  // The same verification as with the point (verifyP256 would build this key object on every call); a point that
  // is no key gives no key object, and the point itself then fails to verify as before.
  const key = ctx.verifyCache.publicKey(chain.card.publicKey) ?? chain.card.publicKey;
  if (!debitProofCodec.verify(proof, key)) return { ok: false, code: 'PROOF_SIGNATURE_INVALID' };
  return { ok: true, householdId: registered.householdId };
}

/** The supervisor's card is registered, its chain verifies on `day`, and its certificate carries `SUPERVISE`. */
export function supervisorRegistered(supervisorCardId: Uint8Array, day: number, ctx: CardContext): boolean {
  const hex = idToHex(supervisorCardId);
  const registered = ctx.cards.get(hex);
  if (!registered) return false;
  const chain = chainOf(hex, registered, day, ctx);
  return chain.ok && (chain.card.keyUsage & KEY_USAGE.SUPERVISE) !== 0;
}

/** Decodes a type 4 body. Throws `SchemaError` for one that is not. */
export function decodeForeignDebit(body: Uint8Array): { readonly proof: Uint8Array; readonly observedMs: number } {
  const { items: f, at } = tuple(decodeStrict(body, 'foreignDebit'), 'foreignDebit', ['version', 'proof', 'observedMs']);
  version(f[0], at(0), 1);
  return { proof: bytes(f[1], at(1)), observedMs: uint(f[2], at(2)) };
}

/** Checks a foreign debit report; `seen` holds the (card, ATC) uses known so far (0 journaled, 1 reported). */
export function checkForeignDebit(
  body: Uint8Array, ctx: CardContext, seen: Map<string, number>,
): Pick<CheckedRecord, 'verdict' | 'debit' | 'observedMs'> {
  let proof: DebitProof;
  let observedMs: number;
  try {
    const report = decodeForeignDebit(body);
    proof = ctx.verifyCache.proof(report.proof);
    observedMs = report.observedMs;
  } catch {
    return { verdict: 'RECORD_MALFORMED' };
  }
  const checked = checkCardProof(proof, ctx);
  if (!checked.ok) return { verdict: checked.code };
  const cardKey = idToHex(proof.cardId);
  const use = `${cardKey}:${proof.atc}`;
  if (seen.has(use)) return { verdict: 'FOREIGN_KNOWN', observedMs };
  seen.set(use, 1);
  const debit: AcceptedDebit = {
    cardKey, householdId: checked.householdId, atc: proof.atc, day: proof.date, points: proof.version === 1 ? 0 : proof.pointsPiastres,
    challenge: Buffer.from(proof.challenge).toString('hex'), proof,
  };
  return { verdict: 'FOREIGN_SETTLED', debit, observedMs };
}
