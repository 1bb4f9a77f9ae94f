/**
 * What the ledger's checks may remember between records and batches without checking any less (profiled: before
 * it, turning card public keys into key objects and decoding certificates took about as much CPU as the ECDSA
 * verifications themselves):
 * - `publicKey`: the `KeyObject` of a compressed P-256 point. Verifying with it is the same verification as with
 *   the point (`verifyP256` builds this very object from the point on each call);
 * - `certificate`: a registered card's certificate decoded from its stored bytes, keyed by those bytes (a card
 *   registered again with other bytes is decoded afresh);
 * - `sale` / `proof`: a journal record body or debit proof decoded once per batch, not once per step that reads it
 *   (kept by the identity of the bytes, and only while those bytes are alive);
 * - `issuers`: issuer certificates whose CA → issuer link verified (`IssuerCache`, certificate-chain.ts: keyed by the
 *   exact bytes of the issuer and CA certificates), so a card chain not in the per-card-and-day cache costs one
 *   ECDSA verification (the card certificate under the issuer key) instead of three; dates are still checked for
 *   the day asked, and a link that failed is not remembered.
 * Decoding failures are not remembered: the next call throws the same error again. One instance per `Ledger`.
 */
import type { KeyObject } from 'node:crypto';
import { decodeCertificate, type Certificate } from '../terminal/schemas/certificate.ts';
import { decodeDebitProof, type DebitProof } from '../terminal/schemas/debit-proof.ts';
import { decodeJournalRecord, type JournalRecord as Sale } from '../terminal/schemas/journal-record.ts';
import { IssuerCache } from '../terminal/schemas/certificate-chain.ts';
import { publicKeyFromPoint } from '../terminal/schemas/p256.ts';

/** Entries kept per map before it starts over (a bound on memory, like the chain cache's). */
const MAX_ENTRIES = 200_000;

export class VerifyCache {
  readonly #keys = new Map<string, KeyObject | null>();
  readonly #certificates = new Map<string, Certificate>();
  readonly #sales = new WeakMap<Uint8Array, Sale>();
  readonly #proofs = new WeakMap<Uint8Array, DebitProof>();
  /** Verified issuer links, for `verifyCardChain(..., { issuers })`. */
  readonly issuers = new IssuerCache();

  /** The key object of `point`, or undefined when it is not a P-256 point (the verification then fails as before). */
  publicKey(point: Uint8Array): KeyObject | undefined {
    const hex = Buffer.from(point).toString('hex');
    let key = this.#keys.get(hex);
    if (key === undefined) {
      try {
        key = publicKeyFromPoint(point);
      } catch {
        key = null;
      }
      if (this.#keys.size >= MAX_ENTRIES) this.#keys.clear();
      this.#keys.set(hex, key);
    }
    return key ?? undefined;
  }

  /** `decodeCertificate(bytes)`, remembered by the bytes. Throws as it does. */
  certificate(bytes: Uint8Array): Certificate {
    const hex = Buffer.from(bytes).toString('hex');
    let certificate = this.#certificates.get(hex);
    if (certificate === undefined) {
      certificate = decodeCertificate(bytes);
      if (this.#certificates.size >= MAX_ENTRIES) this.#certificates.clear();
      this.#certificates.set(hex, certificate);
    }
    return certificate;
  }

  /** `decodeJournalRecord(body)`, once per body. Throws as it does. */
  sale(body: Uint8Array): Sale {
    let sale = this.#sales.get(body);
    if (sale === undefined) {
      sale = decodeJournalRecord(body);
      this.#sales.set(body, sale);
    }
    return sale;
  }

  /** `decodeDebitProof(bytes)`, once per proof. Throws as it does. */
  proof(bytes: Uint8Array): DebitProof {
    let proof = this.#proofs.get(bytes);
    if (proof === undefined) {
      proof = decodeDebitProof(bytes);
      this.#proofs.set(bytes, proof);
    }
    return proof;
  }
}
