/**
 * The ledger's tables (PostgreSQL 15; the same text runs on PGlite). Card and household ids are 16 hex digits:
 * readable in reports and usable in `= ANY($1::text[])` on both drivers. Times: `*_ms` milliseconds, `time_s`
 * seconds, `day` days since 1970-01-01 UTC (the card-signed debit date).
 *
 * `transactions` holds every accepted transaction record (both card kinds: an old ration card's number is stored
 * as `legacy-` + hex, so it can never meet a unified card id in `UNIQUE (card_id, atc)`, and its `atc` is the old
 * card's counter) and, with `source` 1, the foreign debits stored as settled sales (torn-debits.ts). `items` is the
 * JSON array of `[itemCode, quantity]` lines; `challenge` the proof's challenge (hex). `intents` are the journaled
 * debit intents (type 2) and their settlement; `terminal_flags` the per-terminal, per-day flags; and
 * `switched_households` the source of the published switched-households list (published-lists.ts).
 */
import type { LedgerStore } from './ledger-store.ts';

export const SCHEMA_SQL = [
  `CREATE TABLE IF NOT EXISTS terminals (
    terminal_id bigint PRIMARY KEY,
    site text NOT NULL,
    stored_up_to bigint NOT NULL,
    last_hash bytea NOT NULL,
    enrolled_ms bigint NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS terminal_keys (
    terminal_id bigint NOT NULL REFERENCES terminals,
    key_id bytea NOT NULL,
    spki bytea NOT NULL,
    valid_from_seq bigint NOT NULL,
    revoked_ms bigint,
    PRIMARY KEY (terminal_id, key_id))`,
  `CREATE TABLE IF NOT EXISTS batches (
    terminal_id bigint NOT NULL,
    batch_id bytea NOT NULL,
    first_seq bigint NOT NULL,
    last_seq bigint NOT NULL,
    payload_hash bytea NOT NULL,
    ack bytea NOT NULL,
    received_ms bigint NOT NULL,
    PRIMARY KEY (terminal_id, batch_id))`,
  `CREATE TABLE IF NOT EXISTS records (
    terminal_id bigint NOT NULL,
    seq bigint NOT NULL,
    type bigint NOT NULL,
    frame bytea NOT NULL,
    verdict text NOT NULL,
    PRIMARY KEY (terminal_id, seq))`,
  `CREATE TABLE IF NOT EXISTS transactions (
    terminal_id bigint NOT NULL,
    seq bigint NOT NULL,
    service int NOT NULL,
    outcome int NOT NULL,
    code text NOT NULL,
    card_id text,
    household_id text,
    atc bigint,
    amount bigint NOT NULL,
    price bigint NOT NULL,
    time_s bigint NOT NULL,
    day int NOT NULL,
    card_kind int NOT NULL DEFAULT 0,
    cvm int NOT NULL DEFAULT 0,
    supervisor_card_id text,
    points bigint NOT NULL DEFAULT 0,
    items jsonb NOT NULL DEFAULT '[]',
    challenge text,
    source int NOT NULL DEFAULT 0,
    PRIMARY KEY (terminal_id, seq),
    UNIQUE (card_id, atc))`,
  `CREATE INDEX IF NOT EXISTS transactions_household_day ON transactions (household_id, day)`,
  `CREATE INDEX IF NOT EXISTS transactions_card_time ON transactions (card_id, time_s)`,
  `CREATE INDEX IF NOT EXISTS transactions_day ON transactions (day, terminal_id)`,
  // The households with an old-card approval (review-flags.ts, dual use): few rows, found without reading every
  // approval of the batch's households.
  `CREATE INDEX IF NOT EXISTS transactions_household_legacy ON transactions (household_id) WHERE card_kind = 1 AND outcome = 0`,
  `CREATE TABLE IF NOT EXISTS flags (
    terminal_id bigint NOT NULL,
    seq bigint NOT NULL,
    code text NOT NULL,
    detail text NOT NULL,
    PRIMARY KEY (terminal_id, seq, code))`,
  `CREATE TABLE IF NOT EXISTS terminal_flags (
    terminal_id bigint NOT NULL,
    day int NOT NULL,
    code text NOT NULL,
    detail text NOT NULL,
    PRIMARY KEY (terminal_id, day, code))`,
  `CREATE TABLE IF NOT EXISTS intents (
    terminal_id bigint NOT NULL,
    seq bigint NOT NULL,
    card_id text NOT NULL,
    household_id text NOT NULL,
    challenge text NOT NULL,
    atc_before bigint NOT NULL,
    service int NOT NULL,
    day int NOT NULL,
    time_ms bigint NOT NULL,
    last_sync_ms bigint NOT NULL,
    status text NOT NULL,
    settled_by text,
    PRIMARY KEY (terminal_id, seq))`,
  `CREATE INDEX IF NOT EXISTS intents_card ON intents (card_id, status)`,
  `CREATE INDEX IF NOT EXISTS intents_challenge ON intents (terminal_id, challenge)`,
  `CREATE INDEX IF NOT EXISTS intents_pending ON intents (time_ms) WHERE status = 'pending'`,
  `CREATE TABLE IF NOT EXISTS switched_households (
    household_id text PRIMARY KEY,
    switched_s bigint NOT NULL,
    learned_ms bigint NOT NULL,
    list_version bigint)`,
  `CREATE TABLE IF NOT EXISTS cards (
    card_id text PRIMARY KEY,
    household_id text NOT NULL,
    issuer_cert bytea NOT NULL,
    card_cert bytea NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS households (
    household_id text PRIMARY KEY,
    beneficiaries int NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS downloads (
    kind text NOT NULL,
    version bigint NOT NULL,
    body bytea NOT NULL,
    PRIMARY KEY (kind, version))`,
];

/** Creates what is missing, in one transaction (concurrent ledgers on one server serialize on an advisory lock). */
export async function applySchema(store: Pick<LedgerStore, 'transaction'>): Promise<void> {
  await store.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7150001)');
    for (const statement of SCHEMA_SQL) await tx.query(statement);
  });
}
