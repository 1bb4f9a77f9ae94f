/** Helpers for the terminal/legacy suites (not a suite): household ids and signed switched-households deltas. */
import { SWITCHED_HOUSEHOLDS_MAGIC, switchedHouseholdsDeltaCodec } from '../../../terminal/legacy/switched-households-delta.ts';
import type { SwitchedHouseholdsDelta } from '../../../terminal/legacy/switched-households-delta.ts';
import { keyIdOf } from '../../../terminal/schemas/p256.ts';
import { testKeyPair } from '../../fixtures/schemas-v1/test-keys.ts';

/** Packed 8-byte ids from hex strings. */
export const ids = (...hex: string[]): Uint8Array => Uint8Array.from(Buffer.from(hex.join(''), 'hex'));

/** A delta signed with the TEST ledger key. */
export function signedSwitchDelta(fromVersion: number, toVersion: number, adds: Uint8Array, removes: Uint8Array = new Uint8Array(0)): SwitchedHouseholdsDelta {
  const ledger = testKeyPair('ledger');
  return switchedHouseholdsDeltaCodec.sign(
    { magic: SWITCHED_HOUSEHOLDS_MAGIC, version: 1, fromVersion, toVersion, adds, removes, signerKeyId: keyIdOf(ledger.publicKey) },
    ledger.privateKey,
  );
}
