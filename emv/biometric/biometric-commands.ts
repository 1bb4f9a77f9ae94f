import { EmvError } from '../errors.ts';
import { buildCommandApdu } from '../apdu/command-apdu.ts';
import { decodeTlv } from '../tlv/decode-tlv.ts';
import { encodeTlv } from '../tlv/encode-tlv.ts';
import { TAG_BF4E_BIOMETRIC_VERIFICATION_DATA_TEMPLATE } from './biometric-tags.ts';

/**
 * P2 of VERIFY for Enciphered Biometric (RSA), format as defined in Book 2 section 7: b8 = 1, b4 = 1, b1 = 1.
 * @remarks See EMV 4.4 Book 3, 6.5.12.2, Table 24 (`88` enciphered PIN (RSA), `89` enciphered biometric (RSA),
 * `8A` enciphered PIN (ECC), `8B` enciphered biometric (ECC)).
 */
export const VERIFY_P2_BIOMETRIC = 0x89;

/** Most data bytes in one VERIFY of the chain. See EMV 4.4 Book 2, 7.3 step 5b. */
export const MAX_VERIFY_BLOCK = 255;

// See EMV 4.4 Book 3, 6.5.13, Table 26: CLA b5 set on every command of a chain but the last.
const CLA_LAST = 0x00;
const CLA_CHAINED = 0x10;

/**
 * The VERIFY command(s) carrying a Biometric Verification Data Template (`bvdt`: the whole `BF4E` TLV that
 * `buildBiometricVerificationData` returns). The data field is the template's value field (its `81` .. `DF52`
 * objects, without `BF4E` and its length): one VERIFY `00 20 00 89 Lc data` when that is at most 255 bytes, else
 * 255-byte blocks (the last 1 to 255) chained with CLA `10` on all but the last, which has CLA `00`. All are short
 * case 3 APDUs (no Le). Throws `EMV_BIOMETRIC_DATA_INVALID` when `bvdt` is not one well-formed BF4E template.
 * @remarks See EMV 4.4 Book 2, 7.3 step 5; Book 3, 6.5.12 (VERIFY; 6.5.12.3: the data field is the value field
 * of tag BF4E) and 6.5.13 (command chaining).
 */
export function biometricVerifyCommands(bvdt: Uint8Array): Uint8Array[] {
  const value = templateValue(bvdt);
  if (value.length === 0) throw new EmvError('EMV_BIOMETRIC_DATA_INVALID', 'the BF4E template is empty');
  const commands: Uint8Array[] = [];
  for (let at = 0; at < value.length; at += MAX_VERIFY_BLOCK) {
    const last = at + MAX_VERIFY_BLOCK >= value.length;
    const data = value.subarray(at, Math.min(at + MAX_VERIFY_BLOCK, value.length));
    commands.push(buildCommandApdu({ cla: last ? CLA_LAST : CLA_CHAINED, ins: 0x20, p1: 0x00, p2: VERIFY_P2_BIOMETRIC, data }));
  }
  return commands;
}

function templateValue(bvdt: Uint8Array): Uint8Array {
  let nodes;
  try {
    nodes = decodeTlv(bvdt, { recurse: false });
  } catch (cause) {
    throw new EmvError('EMV_BIOMETRIC_DATA_INVALID', 'the Biometric Verification Data Template is not BER-TLV', { cause });
  }
  const node = nodes[0];
  if (nodes.length !== 1 || node!.tag !== TAG_BF4E_BIOMETRIC_VERIFICATION_DATA_TEMPLATE) {
    throw new EmvError('EMV_BIOMETRIC_DATA_INVALID', 'not one Biometric Verification Data Template (BF4E)');
  }
  // See EMV 4.4 Book 2, Table 27 note: no padding, minimal lengths.
  const canonical = encodeTlv(node!);
  if (canonical.length !== bvdt.length || canonical.some((byte, i) => byte !== bvdt[i])) {
    throw new EmvError('EMV_BIOMETRIC_DATA_INVALID', 'the BF4E template has padding or a non-minimal length');
  }
  return node!.value;
}
