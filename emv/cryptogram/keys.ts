import { EmvError } from '../errors.ts';
import { checkDoubleLengthKey, desEncryptEcb, withOddParity, xorBytes } from './des.ts';

/**
 * The ICC Application Cryptogram Master Key of one card, derived from the issuer master key, the PAN and the PAN
 * Sequence Number by Option A, odd parity adjusted. `pan` is the PAN's decimal digits (12 to 19), `panSequenceNumber`
 * 0 to 99 (a card without 5F34 uses 0, the `00` the specification substitutes).
 * Throws `EMV_KEY_INVALID` for a key that is not 16 bytes and `EMV_FORMAT_INVALID` for a bad PAN or PSN.
 * @remarks See EMV 4.4 Book 2, A1.4.1 (Option A).
 */
export function deriveIccMasterKey(issuerMasterKey: Uint8Array, pan: string, panSequenceNumber: number): Uint8Array {
  checkDoubleLengthKey(issuerMasterKey, 'the issuer master key');
  if (typeof pan !== 'string' || !/^[0-9]{12,19}$/.test(pan)) {
    throw new EmvError('EMV_FORMAT_INVALID', 'the PAN must be 12 to 19 decimal digits');
  }
  if (!Number.isInteger(panSequenceNumber) || panSequenceNumber < 0 || panSequenceNumber > 99) {
    throw new EmvError('EMV_FORMAT_INVALID', `the PAN sequence number must be 0..99, got ${panSequenceNumber}`);
  }
  // See EMV 4.4 Book 2, A1.4.1 step 1: X = PAN || PSN; Y = the rightmost 16 digits, or X left-padded with zeros.
  const x = pan + String(panSequenceNumber).padStart(2, '0');
  const y = Buffer.from(x.slice(-16).padStart(16, '0'), 'hex');
  // See EMV 4.4 Book 2, A1.4.1 step 2: ZL = DES3(IMK)[Y], ZR = DES3(IMK)[Y xor 'FF' x 8].
  const zl = desEncryptEcb(issuerMasterKey, y);
  const zr = desEncryptEcb(issuerMasterKey, xorBytes(y, new Uint8Array(8).fill(0xff)));
  // See EMV 4.4 Book 2, A1.4.1 step 3: MK = ZL || ZR with odd parity.
  const z = new Uint8Array(16);
  z.set(zl, 0);
  z.set(zr, 8);
  return withOddParity(z);
}

/**
 * The Application Cryptogram session key SK(AC) for one transaction: the common session key derivation with
 * R = ATC || '00' x 6, SK = DES3(MK)[R0 R1 'F0' R3..R7] || DES3(MK)[R0 R1 '0F' R3..R7]. The result is not parity
 * adjusted (the specification does not ask for it; DES ignores the parity bits).
 * Throws `EMV_KEY_INVALID` for a key that is not 16 bytes and `EMV_FORMAT_INVALID` for an ATC outside 0..65535.
 * @remarks See EMV 4.4 Book 2, A1.3.1 (Common Session Key Derivation Option) and 8.1.2 step 1.
 */
export function deriveSessionKey(iccMasterKey: Uint8Array, atc: number): Uint8Array {
  if (!Number.isInteger(atc) || atc < 0 || atc > 0xffff) {
    throw new EmvError('EMV_FORMAT_INVALID', `the ATC must be 0..65535, got ${atc}`);
  }
  return deriveCommonSessionKey(iccMasterKey, new Uint8Array([atc >> 8, atc & 0xff, 0, 0, 0, 0, 0, 0]));
}

/**
 * The common session key derivation for any 8-byte diversification value R (the ATC form is
 * {@link deriveSessionKey}; secure messaging uses R = the first Application Cryptogram):
 * SK = DES3(MK)[R0 R1 'F0' R3..R7] || DES3(MK)[R0 R1 '0F' R3..R7].
 * Throws `EMV_KEY_INVALID` for a key that is not 16 bytes and `EMV_FORMAT_INVALID` for R not 8 bytes.
 * @remarks See EMV 4.4 Book 2, A1.3.1 (Triple DES with k = 128: F1, F2).
 */
export function deriveCommonSessionKey(iccMasterKey: Uint8Array, r: Uint8Array): Uint8Array {
  checkDoubleLengthKey(iccMasterKey, 'the ICC master key');
  if (!(r instanceof Uint8Array) || r.length !== 8) {
    throw new EmvError('EMV_FORMAT_INVALID', `the diversification value R must be 8 bytes, got ${r?.length ?? 'none'}`);
  }
  const f1 = r.slice();
  f1[2] = 0xf0;
  const f2 = r.slice();
  f2[2] = 0x0f;
  const sk = new Uint8Array(16);
  sk.set(desEncryptEcb(iccMasterKey, f1), 0);
  sk.set(desEncryptEcb(iccMasterKey, f2), 8);
  return sk;
}
