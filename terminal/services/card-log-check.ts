/**
 * What the card's debit log (READ LOG) tells at insertion, before anything new is asked of the card:
 *
 * - this terminal's unsettled debit intent for the card (a torn DEBIT: card pulled or power lost before the answer
 *   was journaled): the debit it would have made has ATC = `atcBefore + 1`; the log entry with that ATC settles it.
 *   Same challenge and terminal: the debit happened, and its card-signed proof completes the sale (never debited
 *   twice). Another entry there, or none reaching that ATC: no debit happened (the sale may be retried). The log
 *   no longer reaching back that far: `LOG_WRAPPED`, left to the ledger.
 * - the last debit made at another terminal on a recent date: reported once (journal type 4) so the ledger has the
 *   proof even if that terminal tore it. Nothing here ever credits a card back.
 *
 * Every proof read is verified with the authenticated card's certified key.
 */
import type { CardCertificate } from '../schemas/certificate.ts';
import { idToHex } from '../schemas/card-id.ts';
import type { DebitProof } from '../schemas/debit-proof.ts';
import { debitProofCodec, decodeDebitProof } from '../schemas/debit-proof.ts';
import { GovApdu, SW_6A83_NO_LOG_ENTRY } from './gov-apdu.ts';
import { TAG_DF50_DEBIT_PROOF } from '../schemas/kartgov-tags.ts';
import type { GovCardChannel } from './gov-card-channel.ts';
import { valueOf } from './gov-card-channel.ts';
import { ServiceError } from './service-error.ts';
import type { DebitIntent, SettledReason } from './service-records.ts';

export interface LoggedProof {
  readonly bytes: Uint8Array;
  readonly proof: DebitProof;
}

export interface CardLogCheck {
  /** The card's ATC as its last logged debit shows it (0 when the log is empty). */
  readonly lastAtc: number;
  readonly last: LoggedProof | undefined;
  /** For a pending intent: the proof that completes it, or why it is settled without one. */
  readonly pending?: { readonly intent: DebitIntent } & ({ readonly found: LoggedProof } | { readonly settled: SettledReason });
}

const same = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** READ LOG entry `n` (1 = most recent), verified; undefined past the end. */
export async function readLogEntry(channel: GovCardChannel, n: number, card: CardCertificate): Promise<LoggedProof | undefined> {
  // See COMMANDS.md, READ LOG: 80 B2 n 00 → DF50 <debit proof>; 6A83 no such entry.
  const answer = await channel.send(GovApdu.readLog(n), `READ LOG ${n}`);
  if (answer.sw === SW_6A83_NO_LOG_ENTRY) return undefined;
  if (answer.sw !== 0x9000) throw new ServiceError('SVC_CARD_PROTOCOL', `READ LOG ${n}: the card answered ${answer.sw.toString(16)}`);
  const bytes = valueOf(answer.data, TAG_DF50_DEBIT_PROOF, `READ LOG ${n}`);
  let proof: DebitProof;
  try {
    proof = decodeDebitProof(bytes);
  } catch (error) {
    throw new ServiceError('SVC_DEBIT_PROOF_INVALID', `READ LOG ${n}: the logged proof does not decode`, { cause: error });
  }
  if (!same(proof.cardId, card.subject.cardId) || !debitProofCodec.verify(proof, card.publicKey)) {
    throw new ServiceError('SVC_DEBIT_PROOF_INVALID', `READ LOG ${n}: the logged proof is not this card's`);
  }
  return { bytes, proof };
}

/** Reads the log as far as `intent` needs (one entry when there is none). */
export async function checkCardLog(
  channel: GovCardChannel,
  card: CardCertificate,
  terminalId: number,
  intent: DebitIntent | undefined,
): Promise<CardLogCheck> {
  const last = await readLogEntry(channel, 1, card);
  const lastAtc = last?.proof.atc ?? 0;
  if (!intent) return { lastAtc, last };
  const target = intent.atcBefore + 1;
  let entry = last;
  for (let n = 1; entry; entry = await readLogEntry(channel, ++n, card)) {
    if (entry.proof.atc < target) break;
    if (entry.proof.atc === target) {
      const ours = entry.proof.terminalId === terminalId && same(entry.proof.challenge, intent.challenge);
      return { lastAtc, last, pending: ours ? { intent, found: entry } : { intent, settled: 'NO_DEBIT' } };
    }
  }
  // The walk stopped below the target (no debit took that ATC), or ran out above it (the log wrapped).
  const settled: SettledReason = entry === undefined && lastAtc >= target ? 'LOG_WRAPPED' : 'NO_DEBIT';
  return { lastAtc, last, pending: { intent, settled } };
}

/** Whether `last` is a recent debit of another terminal worth reporting (see the module description). */
export function isForeignRecent(last: LoggedProof | undefined, terminalId: number, today: number): last is LoggedProof {
  return last !== undefined && last.proof.terminalId !== terminalId && last.proof.date >= today - 1;
}

/** Key of a reported foreign debit: card and ATC. */
export const foreignKey = (p: DebitProof): string => `${idToHex(p.cardId)}:${p.atc}`;
