import type { RsaPublicKey } from './rsa.ts';

/**
 * A Certification Authority public key as a terminal stores it, chosen by the card's RID (first 5 bytes of its
 * AID) and the Certification Authority Public Key Index (8F).
 * @remarks See EMV 4.4 Book 2, 5.2 and 6.2, and Book 3, 10.3 (the terminal finds the CA key by RID and index).
 */
export interface CaPublicKey {
  /** Registered Application Provider Identifier, 5 bytes. */
  readonly rid: Uint8Array;
  /** Certification Authority Public Key Index (tag 8F), 0..255. */
  readonly index: number;
  readonly key: RsaPublicKey;
}

/**
 * The CA public key for `rid` and `index` (tag 8F), or `undefined` when the terminal holds none.
 * @remarks See EMV 4.4 Book 2, 5.3 and 6.3 (step 1: the terminal uses the RID and the CA Public Key Index).
 */
export function findCaPublicKey(keys: readonly CaPublicKey[], rid: Uint8Array, index: number): CaPublicKey | undefined {
  return keys.find((k) => k.index === index && sameBytes(k.rid, rid));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
