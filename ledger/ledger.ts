/**
 * The reference central ledger: what `ledger/server.ts` serves. Holds terminals and their keys, registered cards
 * and households, ingests signed batches (see ingest-batch.ts), publishes downloads and answers reports. One
 * instance per store; several instances (processes) may share one PostgreSQL database.
 */
import { encodeCbor } from '../terminal/codec/cbor.ts';
import type { KeyStore } from '../terminal/keys/key-store.ts';
import { idToHex } from '../terminal/schemas/card-id.ts';
import { CERT_KIND, decodeCertificate, encodeCertificate, type Certificate } from '../terminal/schemas/certificate.ts';
import { verifyCardChain, type ChainResult } from '../terminal/schemas/certificate-chain.ts';
import { signCoseSign1 } from '../terminal/sync/cose-sign1.ts';
import { DEFAULT_FLAG_RULES, type FlagRules } from './flags.ts';
import { ingestBatch, type IngestResult } from './ingest-batch.ts';
import { LedgerError } from './ledger-error.ts';
import { signedHouseholdUsage } from './household-usage.ts';
import { listSigningPoint, publishBlocklistDelta, publishSwitchedHouseholds } from './published-lists.ts';
import { dayRegistersReport, dayReport, flagsReport, householdReport, reconciliation, tornDebitsReport } from './reports.ts';
import type { LedgerStore } from './store/ledger-store.ts';
import { bin, bytea, num } from './store/rows.ts';
import { enrolTerminal, revokeTerminalKey, rotateTerminalKey } from './terminal-keys.ts';
import { VerifyCache } from './verify-cache.ts';

export interface LedgerOptions {
  readonly store: LedgerStore;
  /** The ledger's signing key (acknowledgements, clock). */
  readonly keys: KeyStore;
  /** Trusted CA certificates: card chains end at one of these. */
  readonly trustedCas: readonly Certificate[];
  readonly rules?: FlagRules;
  /** Milliseconds since the epoch (default Date.now). */
  readonly now?: () => number;
}

export type DownloadKind = 'blocklist' | 'switched-households' | 'parameters' | 'ca-keys' | 'clock';
export const DOWNLOAD_KINDS: readonly DownloadKind[] = ['blocklist', 'switched-households', 'parameters', 'ca-keys', 'clock'];

export class Ledger {
  readonly #o: LedgerOptions;
  readonly #chainCache = new Map<string, ChainResult>();
  readonly #verifyCache = new VerifyCache();
  readonly #now: () => number;

  constructor(options: LedgerOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
  }

  get store(): LedgerStore {
    return this.#o.store;
  }

  /** The ledger's public key (SPKI DER) that terminals verify acknowledgements with. */
  publicKey(): Promise<Uint8Array> {
    return this.#o.keys.publicKey();
  }

  /** Verifies and stores a signed batch; see ingest-batch.ts. */
  ingest(message: Uint8Array): Promise<IngestResult> {
    return ingestBatch({ ...this.#o, rules: this.#o.rules ?? DEFAULT_FLAG_RULES, chainCache: this.#chainCache, verifyCache: this.#verifyCache, now: this.#now }, message);
  }

  enrolTerminal(terminalId: number, site: string, spki: Uint8Array): Promise<void> {
    return this.#o.store.transaction((tx) => enrolTerminal(tx, terminalId, site, spki, this.#now()));
  }

  rotateTerminalKey(terminalId: number, spki: Uint8Array, validFromSeq: number): Promise<void> {
    return this.#o.store.transaction((tx) => rotateTerminalKey(tx, terminalId, spki, validFromSeq));
  }

  revokeTerminalKey(terminalId: number, keyId: Uint8Array): Promise<void> {
    return this.#o.store.transaction((tx) => revokeTerminalKey(tx, terminalId, keyId, this.#now()));
  }

  /** Registers an issued card (issuer and card certificate, CBOR); refuses a chain that does not verify today. */
  async registerCard(issuerBytes: Uint8Array, cardBytes: Uint8Array, today = Math.floor(this.#now() / 86_400_000)): Promise<void> {
    const issuer = decodeCertificate(issuerBytes);
    const card = decodeCertificate(cardBytes);
    const chain = verifyCardChain(issuer, card, this.#o.trustedCas, today, { issuers: this.#verifyCache.issuers });
    if (!chain.ok) throw new LedgerError('LEDGER_BAD_REQUEST', `card chain refused: ${chain.reason} at ${chain.at}`);
    const { cardId, householdId } = chain.card.subject;
    await this.#o.store.query(
      `INSERT INTO cards VALUES ($1, $2, $3, $4) ON CONFLICT (card_id) DO UPDATE
         SET household_id = EXCLUDED.household_id, issuer_cert = EXCLUDED.issuer_cert, card_cert = EXCLUDED.card_cert`,
      [idToHex(cardId), idToHex(householdId), bytea(issuerBytes), bytea(cardBytes)],
    );
  }

  /** Sets how many beneficiaries a household has (its entitlement). */
  async setHousehold(householdId: Uint8Array, beneficiaries: number): Promise<void> {
    await this.#o.store.query(
      'INSERT INTO households VALUES ($1, $2) ON CONFLICT (household_id) DO UPDATE SET beneficiaries = EXCLUDED.beneficiaries',
      [idToHex(householdId), beneficiaries],
    );
  }

  /** Publishes a download item (a signed blocklist delta, a parameter set) at `version`. */
  async publish(kind: 'blocklist' | 'parameters', version: number, body: Uint8Array): Promise<void> {
    await this.#o.store.query('INSERT INTO downloads VALUES ($1, $2, $3)', [kind, version, bytea(body)]);
  }

  /** The ledger key as the list-signing key of its blocklist and switched-households deltas (compressed point). */
  listSigningKey(): Promise<Uint8Array> {
    return listSigningPoint(this.#o.keys);
  }

  /** Publishes the next blocklist version, signed by the ledger key; returns it. See published-lists.ts. */
  publishBlocklistDelta(change: { readonly adds: readonly Uint8Array[]; readonly removes?: readonly Uint8Array[] }): Promise<number> {
    return publishBlocklistDelta(this.#o.store, this.#o.keys, change);
  }

  /** Publishes the households switched since the last version (undefined: none). See published-lists.ts. */
  publishSwitchedHouseholds(): Promise<number | undefined> {
    return publishSwitchedHouseholds(this.#o.store, this.#o.keys);
  }

  /** A household's consumption known centrally on `day`, signed (COSE_Sign1, ledger key). See household-usage.ts. */
  householdUsage(householdHex: string, day: number): Promise<Uint8Array> {
    return signedHouseholdUsage(this.#o.store, this.#o.keys, householdHex, day, this.#o.rules ?? DEFAULT_FLAG_RULES, this.#now());
  }

  /**
   * A download: `clock` is a COSE_Sign1 (ledger key) of `[1, timeMs]`; `ca-keys` the CBOR array of trusted CA
   * certificates; `blocklist` and `switched-households` the CBOR array of `[version, delta]` after `since` (the
   * switches stored so far are published first); `parameters` the latest `[version, body]` after `since` (an empty
   * array when nothing is newer).
   */
  async download(kind: DownloadKind, since: number): Promise<Uint8Array> {
    if (kind === 'clock') return signCoseSign1(encodeCbor([1, this.#now()]), this.#o.keys);
    if (kind === 'switched-households') await this.publishSwitchedHouseholds();
    if (kind === 'ca-keys') return encodeCbor(this.#o.trustedCas.filter((c) => c.kind === CERT_KIND.CA).map(encodeCertificate));
    const rows = await this.#o.store.query(
      `SELECT version, body FROM downloads WHERE kind = $1 AND version > $2 ORDER BY version ${kind === 'parameters' ? 'DESC LIMIT 1' : ''}`,
      [kind, since],
    );
    return encodeCbor(rows.map((r) => [num(r['version']), bin(r['body'])]));
  }

  reconciliation(terminalId: number, day: number) {
    return reconciliation(this.#o.store, terminalId, day);
  }

  householdReport(householdId: string, day: number) {
    return householdReport(this.#o.store, householdId, day);
  }

  dayReport(day: number) {
    return dayReport(this.#o.store, day);
  }

  flagsReport(day: number) {
    return flagsReport(this.#o.store, day);
  }

  tornDebitsReport() {
    return tornDebitsReport(this.#o.store);
  }

  /** The bakery day registers journaled by terminals for `day`, beside the ledger's own loaf counts. */
  dayRegistersReport(day: number) {
    return dayRegistersReport(this.#o.store, day);
  }
}
