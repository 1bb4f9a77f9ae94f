/**
 * Terminal keys: enrolment (terminal id, site, public key), rotation (a new key valid from a seq: the old key may
 * not sign a batch reaching that seq), revocation (the key signs nothing more). Keys are named by their key id,
 * the COSE `kid` of the batches (`terminalKeyIdOf`).
 */
import { createPublicKey } from 'node:crypto';
import { ZERO_HASH } from '../terminal/journal/journal-record.ts';
import { terminalKeyIdOf } from '../terminal/sync/batch.ts';
import { LedgerError } from './ledger-error.ts';
import type { Queryable } from './store/ledger-store.ts';
import { bin, bytea, num } from './store/rows.ts';

/** Why a batch's key is not accepted. */
export type KeyRefusal = 'TERMINAL_UNKNOWN' | 'KEY_UNKNOWN' | 'KEY_REVOKED' | 'KEY_ROTATED_OUT';

export type KeyLookup = { readonly ok: true; readonly spki: Uint8Array } | { readonly ok: false; readonly reason: KeyRefusal };

function checkSpki(spki: Uint8Array): void {
  try {
    const key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') throw new Error('not P-256');
  } catch (error) {
    throw new LedgerError('LEDGER_KEY_INVALID', 'terminal key is not a P-256 SPKI public key', { cause: error });
  }
}

/**
 * Enrols a terminal with its first key, valid from seq 1. Enrolling again with the key the terminal was enrolled
 * with (a restarted terminal or bench, a retried request) changes nothing and is not an error; any other key for an
 * enrolled terminal is `LEDGER_TERMINAL_EXISTS` (a new key goes through rotation).
 */
export async function enrolTerminal(db: Queryable, terminalId: number, site: string, spki: Uint8Array, nowMs: number): Promise<void> {
  checkSpki(spki);
  const exists = await db.query('SELECT 1 FROM terminals WHERE terminal_id = $1', [terminalId]);
  if (exists.length > 0) {
    const first = await db.query('SELECT key_id FROM terminal_keys WHERE terminal_id = $1 AND valid_from_seq = 1', [terminalId]);
    const same = first.some((k) => Buffer.from(bin(k['key_id'])).equals(Buffer.from(terminalKeyIdOf(spki))));
    if (same) return;
    throw new LedgerError('LEDGER_TERMINAL_EXISTS', `terminal ${terminalId} is already enrolled with another key`);
  }
  await db.query('INSERT INTO terminals VALUES ($1, $2, 0, $3, $4)', [terminalId, site, bytea(ZERO_HASH), nowMs]);
  await db.query('INSERT INTO terminal_keys VALUES ($1, $2, $3, 1, NULL)', [terminalId, bytea(terminalKeyIdOf(spki)), bytea(spki)]);
}

/** Adds a key valid from `validFromSeq`; keys valid from an earlier seq may not sign batches reaching it. */
export async function rotateTerminalKey(db: Queryable, terminalId: number, spki: Uint8Array, validFromSeq: number): Promise<void> {
  checkSpki(spki);
  const [latest] = await db.query('SELECT max(valid_from_seq) AS m FROM terminal_keys WHERE terminal_id = $1', [terminalId]);
  if (latest?.['m'] === null || latest?.['m'] === undefined) throw new LedgerError('LEDGER_TERMINAL_UNKNOWN', `terminal ${terminalId} is not enrolled`);
  if (!Number.isSafeInteger(validFromSeq) || validFromSeq <= num(latest['m'])) {
    throw new LedgerError('LEDGER_BAD_REQUEST', `a new key must be valid from after seq ${num(latest['m'])}`);
  }
  await db.query('INSERT INTO terminal_keys VALUES ($1, $2, $3, $4, NULL)', [terminalId, bytea(terminalKeyIdOf(spki)), bytea(spki), validFromSeq]);
}

/** Revokes a key: every later batch signed with it is refused with `KEY_REVOKED`. */
export async function revokeTerminalKey(db: Queryable, terminalId: number, keyId: Uint8Array, nowMs: number): Promise<void> {
  const rows = await db.query('UPDATE terminal_keys SET revoked_ms = $3 WHERE terminal_id = $1 AND key_id = $2 RETURNING 1', [terminalId, bytea(keyId), nowMs]);
  if (rows.length === 0) throw new LedgerError('LEDGER_TERMINAL_UNKNOWN', `terminal ${terminalId} has no such key`);
}

/** The key that may sign a batch of `terminalId` named `kid` reaching `lastSeq`, or why there is none. */
export async function resolveTerminalKey(db: Queryable, terminalId: number, kid: Uint8Array | undefined, lastSeq: number): Promise<KeyLookup> {
  const keys = await db.query('SELECT key_id, spki, valid_from_seq, revoked_ms FROM terminal_keys WHERE terminal_id = $1', [terminalId]);
  if (keys.length === 0) return { ok: false, reason: 'TERMINAL_UNKNOWN' };
  const hex = kid ? Buffer.from(kid).toString('hex') : '';
  const key = keys.find((k) => Buffer.from(bin(k['key_id'])).toString('hex') === hex);
  if (!key) return { ok: false, reason: 'KEY_UNKNOWN' };
  if (key['revoked_ms'] !== null) return { ok: false, reason: 'KEY_REVOKED' };
  const from = num(key['valid_from_seq']);
  const successor = keys.some((k) => num(k['valid_from_seq']) > from && num(k['valid_from_seq']) <= lastSeq);
  return successor ? { ok: false, reason: 'KEY_ROTATED_OUT' } : { ok: true, spki: bin(key['spki']) };
}
