import { EmvError } from '../errors.ts';
import { checkPublicKey, rsaPrivate, rsaPublic, type RsaKeyPair, type RsaPublicKey } from '../oda/rsa.ts';
import { decodeTlv } from '../tlv/decode-tlv.ts';
import { encodeTlv } from '../tlv/encode-tlv.ts';
import type { Tlv } from '../tlv/tlv-node.ts';
import { BIOMETRIC_MAC_LENGTH, dem1Mac, deriveBiometricKeys, macEquals, sc1Decrypt, sc1Encrypt } from './biometric-encipherment.ts';
import {
  TAG_81_BIOMETRIC_TYPE,
  TAG_90_BIOMETRIC_SOLUTION_ID,
  TAG_BF4E_BIOMETRIC_VERIFICATION_DATA_TEMPLATE,
  TAG_DF50_ENCIPHERED_BIOMETRIC_KEY_SEED,
  TAG_DF51_ENCIPHERED_BIOMETRIC_DATA,
  TAG_DF52_MAC_OF_ENCIPHERED_BIOMETRIC_DATA,
} from './biometric-tags.ts';

/** What the cardholder's finger yields, before encipherment and after decipherment. The BDB is a secret: never log it. */
export interface BiometricPlaintext {
  /** Biometric Type, 1 to 3 bytes (`08` finger). See EMV 4.4 Book 3, Annex C7, Tables 48 and 49. */
  readonly biometricType: Uint8Array;
  /** Biometric Solution ID, 1 to 255 bytes. See EMV 4.4 Book 3, Annex C7, Table 48. */
  readonly solutionId: Uint8Array;
  /** Biometric Subtype, one byte (`00` no information). See EMV 4.4 Book 3, Annex C7, Table 50. */
  readonly subtype: number;
  /** Biometric Data Block, 1 to 65 535 bytes (Kart: an ISO/IEC 19794-2 compact card-format probe). */
  readonly bdb: Uint8Array;
}

/** Which check of {@link openBiometricVerificationData} failed. */
export type BiometricCheck =
  | 'template'
  | 'key-seed'
  | 'mac'
  | 'padding'
  | 'plaintext'
  | 'unpredictable-number'
  | 'solution-id'
  | 'biometric-type';

/**
 * `EMV_BIOMETRIC_DATA_INVALID` with the failed check as a value, so callers and tests branch on `check` rather
 * than on the message. The message names the check and never carries key, seed or biometric bytes.
 */
export class BiometricDataError extends EmvError {
  constructor(
    readonly check: BiometricCheck,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('EMV_BIOMETRIC_DATA_INVALID', `biometric verification data: ${check}: ${message}`, options);
  }
}

/** Length of the ICC Unpredictable Number (GET CHALLENGE answer) in Table 26. */
export const BIOMETRIC_UN_LENGTH = 8;
/** Attempts at drawing a key seed r < n with the bit length of n before giving up on the random source. */
const MAX_SEED_DRAWS = 64;

/**
 * Terminal side: enciphers `bdb` for the holder of `recipientKey` and returns the whole Biometric Verification
 * Data Template (`BF4E` L `81` `90` `DF50` `DF51` `DF52`). `unpredictableNumber` (8 bytes) is, for the offline
 * finger CVM, the card's answer to GET CHALLENGE; for the online finger CVM EMV leaves it to the issuer, and Kart
 * uses {@link onlineBiometricUnpredictableNumber} of the authorisation request's Unpredictable Number (9F37).
 * `random(n)` must return n unpredictable bytes (a CSPRNG in production, a fixed source in tests). The VERIFY data
 * field is this template's value field: see `biometricVerifyCommands`.
 * Throws `EMV_KEY_INVALID` for a key EMV does not allow, `EMV_BIOMETRIC_DATA_INVALID` for out-of-range inputs or a
 * random source that keeps returning the wrong length or values at or above the modulus.
 * @remarks See EMV 4.4 Book 2, 7.3 steps 3 and 4 (Tables 26 and 27).
 */
export function buildBiometricVerificationData(
  input: BiometricPlaintext & {
    readonly unpredictableNumber: Uint8Array;
    readonly recipientKey: RsaPublicKey;
    readonly random: (length: number) => Uint8Array;
  },
): Uint8Array {
  checkPlaintextFields(input, (message) => new EmvError('EMV_BIOMETRIC_DATA_INVALID', message));
  if (input.unpredictableNumber.length !== BIOMETRIC_UN_LENGTH) {
    throw new EmvError('EMV_BIOMETRIC_DATA_INVALID', `the unpredictable number has ${input.unpredictableNumber.length} bytes, not 8`);
  }
  checkPublicKey(input.recipientKey);
  // See EMV 4.4 Book 2, 7.3 step 3b: r with the bit length of n, r < n; R = I2OSP(r, Len(n)).
  const seed = drawKeySeed(input.recipientKey.modulus, input.random);
  // See step 3c-3d: K = KDF1(R, 48) = BEK || BMK.
  const { bek, bmk } = deriveBiometricKeys(seed);
  // See step 3e: C = RSATransform(R, e, n), the Enciphered Biometric Key Seed.
  const keySeed = rsaPublic(input.recipientKey, seed);
  // See step 3f: DEM1 (SC1, AES-128) over Table 26 under BEK.
  const plaintext = encodeTable26(input.unpredictableNumber, input);
  const enciphered = sc1Encrypt(bek, plaintext);
  // See step 3g: the 8-byte DEM1 MAC (HMAC-SHA-256) under BMK.
  const mac = dem1Mac(bmk, enciphered);
  for (const secret of [seed, bek, bmk, plaintext]) secret.fill(0);
  // See step 4 and Table 27: the data objects in this order, minimal lengths, no padding.
  return encodeTlv({
    tag: TAG_BF4E_BIOMETRIC_VERIFICATION_DATA_TEMPLATE,
    value: new Uint8Array(),
    children: [
      { tag: TAG_81_BIOMETRIC_TYPE, value: input.biometricType },
      { tag: TAG_90_BIOMETRIC_SOLUTION_ID, value: input.solutionId },
      { tag: TAG_DF50_ENCIPHERED_BIOMETRIC_KEY_SEED, value: keySeed },
      { tag: TAG_DF51_ENCIPHERED_BIOMETRIC_DATA, value: enciphered },
      { tag: TAG_DF52_MAC_OF_ENCIPHERED_BIOMETRIC_DATA, value: mac },
    ],
  });
}

/**
 * Card (or issuer) side: parses the template (the whole `BF4E` TLV, or its value field as reassembled from the
 * VERIFY data fields), deciphers the key seed with the private key, checks the MAC, deciphers the data, and checks
 * the recovered Unpredictable Number, Biometric Solution ID and Biometric Type. Throws {@link BiometricDataError}
 * (`EMV_BIOMETRIC_DATA_INVALID`) naming the failed check; it never returns unverified data.
 * @remarks See EMV 4.4 Book 2, 7.3 steps 6 to 9.
 */
export function openBiometricVerificationData(
  bvdt: Uint8Array,
  input: { readonly unpredictableNumber: Uint8Array; readonly recipientKey: RsaKeyPair },
): BiometricPlaintext {
  const objects = parseTemplate(bvdt);
  const [type, solutionId, keySeed, enciphered, mac] = objects;
  const modulusLength = input.recipientKey.publicKey.modulus.length;
  if (keySeed.length !== modulusLength) {
    throw new BiometricDataError('key-seed', `DF50 has ${keySeed.length} bytes, the key's modulus ${modulusLength}`);
  }
  if (mac.length !== BIOMETRIC_MAC_LENGTH) throw new BiometricDataError('mac', `DF52 has ${mac.length} bytes, not 8`);
  // See step 6b: R = RSATransform(C, d, n).
  let seed: Uint8Array;
  try {
    seed = rsaPrivate(input.recipientKey, keySeed);
  } catch (cause) {
    throw new BiometricDataError('key-seed', 'DF50 does not decipher under this key', { cause });
  }
  // See step 6c: K = KDF1(R, 48) = BEK || BMK.
  const { bek, bmk } = deriveBiometricKeys(seed);
  seed.fill(0);
  try {
    // See step 6d: the MAC over DF51 before anything is deciphered.
    if (!macEquals(dem1Mac(bmk, enciphered), mac)) throw new BiometricDataError('mac', 'DF52 does not match DF51');
    // See step 6e: DEM1 decryption under BEK.
    const plaintext = sc1Decrypt(bek, enciphered);
    if (!plaintext) throw new BiometricDataError('padding', 'DF51 does not decipher to a padded message');
    try {
      const recovered = decodeTable26(plaintext);
      // See steps 7 to 9.
      if (!macEquals(recovered.unpredictableNumber, input.unpredictableNumber)) {
        throw new BiometricDataError('unpredictable-number', 'the recovered unpredictable number is not the expected one');
      }
      if (!bytesEqual(recovered.solutionId, solutionId)) {
        throw new BiometricDataError('solution-id', 'the recovered Biometric Solution ID differs from tag 90');
      }
      if (!bytesEqual(recovered.biometricType, type)) {
        throw new BiometricDataError('biometric-type', 'the recovered Biometric Type differs from tag 81');
      }
      return {
        biometricType: recovered.biometricType,
        solutionId: recovered.solutionId,
        subtype: recovered.subtype,
        bdb: recovered.bdb,
      };
    } finally {
      plaintext.fill(0);
    }
  } finally {
    bek.fill(0);
    bmk.fill(0);
  }
}

/**
 * The 8-byte unpredictable number Kart binds an online biometric template to: four `00` bytes then the
 * authorisation request's 4-byte Unpredictable Number (9F37), which the issuer sees in the same request.
 * UNCONFIRMED: EMV 4.4 Book 2, 7.3 defines Table 26's UN only for the offline CVM (GET CHALLENGE); the online
 * choice is Kart's, to be replaced by the issuer's rule.
 */
export function onlineBiometricUnpredictableNumber(terminalUnpredictableNumber: Uint8Array): Uint8Array {
  if (terminalUnpredictableNumber.length !== 4) {
    throw new EmvError('EMV_BIOMETRIC_DATA_INVALID', `9F37 has ${terminalUnpredictableNumber.length} bytes, not 4`);
  }
  const out = new Uint8Array(BIOMETRIC_UN_LENGTH);
  out.set(terminalUnpredictableNumber, 4);
  return out;
}

// See EMV 4.4 Book 2, Table 27: exactly these objects, in this order.
const TEMPLATE_ORDER = [
  TAG_81_BIOMETRIC_TYPE,
  TAG_90_BIOMETRIC_SOLUTION_ID,
  TAG_DF50_ENCIPHERED_BIOMETRIC_KEY_SEED,
  TAG_DF51_ENCIPHERED_BIOMETRIC_DATA,
  TAG_DF52_MAC_OF_ENCIPHERED_BIOMETRIC_DATA,
] as const;

type TemplateValues = [type: Uint8Array, solutionId: Uint8Array, keySeed: Uint8Array, enciphered: Uint8Array, mac: Uint8Array];

function parseTemplate(bvdt: Uint8Array): TemplateValues {
  let value = bvdt;
  // The whole BF4E TLV, or (as the card reassembles it from VERIFY) its value field, which starts with 81.
  if (bvdt.length >= 2 && bvdt[0] === 0xbf && bvdt[1] === 0x4e) {
    const outer = decodeStrict(bvdt);
    if (outer.length !== 1 || outer[0]!.tag !== TAG_BF4E_BIOMETRIC_VERIFICATION_DATA_TEMPLATE) {
      throw new BiometricDataError('template', 'not one BF4E template');
    }
    value = outer[0]!.value;
  }
  const nodes = decodeStrict(value);
  const tags = nodes.map((node) => node.tag);
  if (tags.length !== TEMPLATE_ORDER.length || tags.some((tag, i) => tag !== TEMPLATE_ORDER[i])) {
    throw new BiometricDataError('template', 'the template does not hold exactly 81, 90, DF50, DF51, DF52 in that order');
  }
  const values = nodes.map((node) => node.value) as TemplateValues;
  checkPlaintextFields(
    { biometricType: values[0], solutionId: values[1], subtype: 0, bdb: Uint8Array.of(0) },
    (message) => new BiometricDataError('template', message),
  );
  return values;
}

/** Decodes a flat list of TLVs that must be encoded exactly as Table 27's note says: minimal lengths, no padding. */
function decodeStrict(bytes: Uint8Array): Tlv[] {
  let nodes: Tlv[];
  try {
    nodes = decodeTlv(bytes, { recurse: false });
  } catch (cause) {
    throw new BiometricDataError('template', 'not BER-TLV', { cause });
  }
  if (!bytesEqual(encodeTlv(nodes), bytes)) {
    throw new BiometricDataError('template', 'padding bytes or a length not coded on the minimum number of bytes');
  }
  return nodes;
}

function checkPlaintextFields(fields: BiometricPlaintext, fail: (message: string) => Error): void {
  if (fields.biometricType.length < 1 || fields.biometricType.length > 3) {
    throw fail(`the Biometric Type has ${fields.biometricType.length} bytes, not 1 to 3`);
  }
  if (fields.solutionId.length < 1 || fields.solutionId.length > 0xff) {
    throw fail(`the Biometric Solution ID has ${fields.solutionId.length} bytes, not 1 to 255`);
  }
  if (!Number.isInteger(fields.subtype) || fields.subtype < 0 || fields.subtype > 0xff) {
    throw fail('the Biometric Subtype is not one byte');
  }
  if (fields.bdb.length < 1 || fields.bdb.length > 0xffff) {
    throw fail(`the BDB has ${fields.bdb.length} bytes, not 1 to 65535`);
  }
}

/** Draws R: Len(n) bytes, the top byte masked to n's bit length with n's top bit set, until R < n. */
function drawKeySeed(modulus: Uint8Array, random: (length: number) => Uint8Array): Uint8Array {
  const top = modulus[0]!; // non-zero: checkPublicKey
  const bits = 32 - Math.clz32(top);
  const mask = (1 << bits) - 1;
  const high = 1 << (bits - 1);
  for (let draw = 0; draw < MAX_SEED_DRAWS; draw++) {
    const bytes = random(modulus.length);
    if (!(bytes instanceof Uint8Array) || bytes.length !== modulus.length) {
      throw new EmvError('EMV_BIOMETRIC_DATA_INVALID', `the random source did not return ${modulus.length} bytes`);
    }
    const seed = Uint8Array.from(bytes);
    seed[0] = (seed[0]! & mask) | high;
    if (compareBytes(seed, modulus) < 0) return seed;
    seed.fill(0);
  }
  throw new EmvError('EMV_BIOMETRIC_DATA_INVALID', `no key seed below the modulus in ${MAX_SEED_DRAWS} draws`);
}

/** Table 26: UN (8) | len | Solution ID | len | Type | Subtype (1) | BDB length (2) | BDB; lengths plain binary. */
function encodeTable26(un: Uint8Array, fields: BiometricPlaintext): Uint8Array {
  const { solutionId, biometricType, subtype, bdb } = fields;
  const out = new Uint8Array(8 + 1 + solutionId.length + 1 + biometricType.length + 1 + 2 + bdb.length);
  let at = 0;
  out.set(un, at);
  at += 8;
  out[at++] = solutionId.length;
  out.set(solutionId, at);
  at += solutionId.length;
  out[at++] = biometricType.length;
  out.set(biometricType, at);
  at += biometricType.length;
  out[at++] = subtype;
  out[at++] = bdb.length >> 8;
  out[at++] = bdb.length & 0xff;
  out.set(bdb, at);
  return out;
}

function decodeTable26(data: Uint8Array): BiometricPlaintext & { readonly unpredictableNumber: Uint8Array } {
  let at = 0;
  const take = (n: number): Uint8Array => {
    if (at + n > data.length) throw new BiometricDataError('plaintext', 'the deciphered data is shorter than Table 26 says');
    const part = data.slice(at, at + n);
    at += n;
    return part;
  };
  const unpredictableNumber = take(8);
  const solutionId = take(take(1)[0]!);
  const biometricType = take(take(1)[0]!);
  const subtype = take(1)[0]!;
  const lengthBytes = take(2);
  const bdb = take((lengthBytes[0]! << 8) | lengthBytes[1]!);
  if (at !== data.length) throw new BiometricDataError('plaintext', 'bytes after the BDB');
  return { unpredictableNumber, solutionId, biometricType, subtype, bdb };
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && compareBytes(a, b) === 0;
}
