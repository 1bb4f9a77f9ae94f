/**
 * The journal record types the services write besides the transaction record (type 1,
 * `terminal/schemas/journal-record.ts`), and their bodies: deterministic CBOR positional arrays, version 1.
 * The ledger stores types other than 1 as they are (terminal/sync/BATCH.md) and settles them.
 *
 * - 2 DEBIT_INTENT, journaled (and fdatasync'd) before every DEBIT ENTITLEMENT: everything needed to complete the
 *   sale from the card's log if the answer is lost, plus the clock context the ledger needs to flag a terminal
 *   clock set forward (the date offered to the card, the terminal clock, the time of the last successful sync).
 * - 3 DEBIT_INTENT_SETTLED: the intent did not lead to a debit (`NO_DEBIT`), or the card's log no longer reaches
 *   it (`LOG_WRAPPED`: the ledger settles it from the card's later debits). An approval (type 1) whose proof
 *   carries the intent's challenge settles it too.
 * - 4 FOREIGN_DEBIT: the last debit in a card's log, made at another terminal on a recent date, seen at insertion:
 *   if that terminal lost it (a torn transaction), the ledger has the card-signed proof from here. No terminal ever
 *   re-credits a card.
 */
import { encodeCbor } from '../codec/cbor.ts';
import { bool, bytes, bytesOrNull, decodeStrict, list, oneOf, text, tuple, uint, version } from '../schemas/schema-fields.ts';
import { SERVICES } from '../schemas/service.ts';
import type { ItemLine, Service } from '../schemas/service.ts';
import { CVM } from '../schemas/journal-record.ts';
import { CARD_PAYMENT_RECORD_TYPE } from '../schemas/card-payment-record.ts';
import type { Cvm } from '../schemas/journal-record.ts';

/**
 * The journal's application record types, one list for every writer and reader. Card payments (6) have their
 * schema in terminal/schemas/card-payment-record.ts and are written by terminal/payment.
 */
export const RECORD_TYPE = { TRANSACTION: 1, DEBIT_INTENT: 2, DEBIT_INTENT_SETTLED: 3, FOREIGN_DEBIT: 4, DAY_REGISTER: 5, CARD_PAYMENT: CARD_PAYMENT_RECORD_TYPE } as const;

/** A debit about to be asked of the card. */
export interface DebitIntent {
  readonly cardId: Uint8Array;
  readonly householdId: Uint8Array;
  readonly challenge: Uint8Array;
  readonly service: Service;
  /** Bread loaves, 1 for health; 0 for ration goods (see `items`). */
  readonly quantity: number;
  readonly items: readonly ItemLine[];
  /** The date offered to the card (days since 1970-01-01). */
  readonly day: number;
  /** The card's ATC before this debit (the last logged proof's, 0 if none): the debit, if made, has ATC + 1. */
  readonly atcBefore: number;
  readonly pricePiastres: number;
  readonly cvm: Cvm;
  readonly supervisorCardId: Uint8Array | null;
  readonly online: boolean;
  /** Terminal clock when journaled, ms since the epoch. */
  readonly timeMs: number;
  /** Time of the last successful sync with the ledger, ms since the epoch (0: never). */
  readonly lastSyncMs: number;
}

export type SettledReason = 'NO_DEBIT' | 'LOG_WRAPPED';

const INTENT_FIELDS = [
  'version', 'cardId', 'householdId', 'challenge', 'service', 'quantity', 'items', 'day', 'atcBefore', 'pricePiastres', 'cvm',
  'supervisorCardId', 'online', 'timeMs', 'lastSyncMs',
] as const;

export function encodeIntent(i: DebitIntent): Uint8Array {
  return encodeCbor([
    1, i.cardId, i.householdId, i.challenge, i.service, i.quantity, i.items.map(([c, q]) => [c, q]), i.day, i.atcBefore,
    i.pricePiastres, i.cvm, i.supervisorCardId, i.online, i.timeMs, i.lastSyncMs,
  ]);
}

export function decodeIntent(body: Uint8Array): DebitIntent {
  const { items: f, at } = tuple(decodeStrict(body, 'debitIntent'), 'debitIntent', INTENT_FIELDS);
  version(f[0], at(0), 1);
  return {
    cardId: bytes(f[1], at(1), 8),
    householdId: bytes(f[2], at(2), 8),
    challenge: bytes(f[3], at(3), 16),
    service: oneOf(f[4], at(4), SERVICES),
    quantity: uint(f[5], at(5), 0xffff_ffff),
    items: list(f[6], at(6), 32, (v, p) => {
      const { items: g, at: gat } = tuple(v, p, ['code', 'quantity']);
      return [uint(g[0], gat(0), 0xffff_ffff), uint(g[1], gat(1), 0xffff_ffff)] as const;
    }),
    day: uint(f[7], at(7), 0xffff_ffff),
    atcBefore: uint(f[8], at(8), 0xffff_ffff),
    pricePiastres: uint(f[9], at(9), 0xffff_ffff),
    cvm: oneOf(f[10], at(10), Object.values(CVM)),
    supervisorCardId: bytesOrNull(f[11], at(11), 8),
    online: bool(f[12], at(12)),
    timeMs: uint(f[13], at(13)),
    lastSyncMs: uint(f[14], at(14)),
  };
}

export function encodeSettled(challenge: Uint8Array, reason: SettledReason): Uint8Array {
  return encodeCbor([1, challenge, reason]);
}

export function decodeSettled(body: Uint8Array): { readonly challenge: Uint8Array; readonly reason: SettledReason } {
  const { items: f, at } = tuple(decodeStrict(body, 'debitIntentSettled'), 'debitIntentSettled', ['version', 'challenge', 'reason']);
  version(f[0], at(0), 1);
  return { challenge: bytes(f[1], at(1), 16), reason: text(f[2], at(2), /^(NO_DEBIT|LOG_WRAPPED)$/) as SettledReason };
}

/** `[1, debitProof bytes, observed at (ms)]`. */
export function encodeForeignDebit(proof: Uint8Array, observedMs: number): Uint8Array {
  return encodeCbor([1, proof, observedMs]);
}
