/**
 * The device key contract: the terminal's signing key for batches (COSE_Sign1, ES256). The private key never
 * leaves the implementation: a file (`FileKeyStore`) today, a secure element behind the same interface later.
 * Implementations never log or expose key bytes (errors, `inspect` and JSON included).
 */
export interface KeyStore {
  /** The public key as DER SubjectPublicKeyInfo (RFC 5280), for the ledger to register and verify with. */
  publicKey(): Promise<Uint8Array>;
  /**
   * Signs `data` with ECDSA on P-256 over SHA-256. Returns the raw 64-byte `r || s` form (each 32 bytes,
   * big-endian), as COSE ES256 (RFC 9053, 2.1) carries it.
   */
  sign(data: Uint8Array): Promise<Uint8Array>;
}
