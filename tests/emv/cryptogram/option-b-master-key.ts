import { createHash } from 'node:crypto';
import { deriveIccMasterKey } from '../../../emv/cryptogram/keys.ts';
import { fromHex, toHex } from '../../../emv/tlv/hex.ts';

/**
 * ICC master key by Option B (EMV 4.4 Book 2, A1.4.2), for tests only: Kart uses Option A, but the one public
 * vector that puts an ATC in R (pyemv) starts from an Option B key. SHA-1 over PAN || PSN (a '0' prefixed to an
 * odd digit count); the hash's decimal nibbles first, then its A..F nibbles as 0..5 (Figure 14), 16 digits; then
 * Option A from step 2, which is deriveIccMasterKey given a 14-digit "PAN" and a 2-digit "PSN" that spell Y.
 */
export function optionBMasterKey(issuerMasterKey: Uint8Array, pan: string, psn: number): Uint8Array {
  let x = pan + String(psn).padStart(2, '0');
  if (x.length % 2 === 1) x = '0' + x;
  const hash = toHex(createHash('sha1').update(fromHex(x)).digest());
  const digits = [...hash].filter((c) => c <= '9').join('');
  const converted = [...hash].filter((c) => c > '9').map((c) => String(c.charCodeAt(0) - 'A'.charCodeAt(0)));
  const y = (digits + converted.join('')).slice(0, 16);
  return deriveIccMasterKey(issuerMasterKey, y.slice(0, 14), Number(y.slice(14)));
}
