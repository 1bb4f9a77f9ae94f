/**
 * A whole ODA chain built once per test file from the committed TEST-ONLY keys (CA 1408 bits, issuer 1152 bits)
 * and one 1024-bit ICC key generated at load (tens of milliseconds), plus `resign`, which forges a signed block
 * with chosen recovered bytes under a private key we hold, so each recovery check can be made to fail alone.
 */
import { createHash } from 'node:crypto';
import type { CaPublicKey } from '../../../emv/oda/ca-keys.ts';
import {
  cdaIccDynamicData,
  issueIccPublicKeyCertificate,
  issueIssuerPublicKeyCertificate,
  signDynamicApplicationData,
  signStaticApplicationData,
  transactionDataHashCode,
  type CertificateParts,
} from '../../../emv/oda/certificates.ts';
import { generateRsaKeyPair, rsaPrivate, rsaPublic, type RsaKeyPair } from '../../../emv/oda/rsa.ts';
import { KART_TEST_CA, KART_TEST_ISSUER } from '../../../emv/oda/test-keys.ts';
import { fromHex } from '../../../emv/tlv/hex.ts';

export const PAN = '8188881234567890';
export const TODAY = { year: 2026, month: 11 } as const;
export const ISSUER_EXPIRY = { year: 2030, month: 12 } as const;
export const ICC_EXPIRY = { year: 2029, month: 6 } as const;
/** Static data to be authenticated: one SFI 1 record's contents and the AIP, as staticDataToAuthenticate builds it. */
export const STATIC_DATA = fromHex('5A088188881234567890 5F24032906305F25032311019F0702FF00 3C00');
export const DAC = fromHex('DAC1');
export const DDOL_DATA = fromHex('1A2B3C4D'); // Unpredictable Number 9F37, the default DDOL's only element
export const UN = fromHex('01020304');
export const CID_ARQC = 0x80;
export const AC = fromHex('1122334455667788');
export const IDN = fromHex('0A0B0C0D0E0F1011');
export const PDOL_DATA = fromHex('0000000010000818');
export const CDOL1_DATA = fromHex('000000001000 000000000000 0818 0000000000 0818 261122 00 01020304');
export const GENAC_TLVS = fromHex('9F2701 80 9F3602 0042 9F1007 06010A03A00000');

export interface Chain {
  readonly ca: CaPublicKey;
  readonly caPair: RsaKeyPair;
  readonly issuerPair: RsaKeyPair;
  readonly iccPair: RsaKeyPair;
  readonly issuerCert: CertificateParts;
  readonly iccCert: CertificateParts;
  readonly ssad: Uint8Array;
  readonly sdad: Uint8Array;
  readonly cdaTdhc: Uint8Array;
  readonly cdaSdad: Uint8Array;
}

let cachedIcc: RsaKeyPair | undefined;
/** The file's one generated ICC key (1024 bits, exponent 3). */
export function iccKeyPair(): RsaKeyPair {
  cachedIcc ??= generateRsaKeyPair(1024);
  return cachedIcc;
}

/** Builds the chain; `iccPair` defaults to {@link iccKeyPair}, `issuerPair` to the test issuer. */
export function buildChain(options: { issuerPair?: RsaKeyPair; iccPair?: RsaKeyPair } = {}): Chain {
  const caPair = KART_TEST_CA.keyPair;
  const issuerPair = options.issuerPair ?? KART_TEST_ISSUER.keyPair;
  const iccPair = options.iccPair ?? iccKeyPair();
  const issuerCert = issueIssuerPublicKeyCertificate(caPair, issuerPair.publicKey, {
    issuerIdentifier: KART_TEST_ISSUER.issuerIdentifier,
    expiry: ISSUER_EXPIRY,
    serial: fromHex('000017'),
  });
  const iccCert = issueIccPublicKeyCertificate(issuerPair, iccPair.publicKey, {
    pan: PAN,
    expiry: ICC_EXPIRY,
    serial: fromHex('000001'),
    staticData: STATIC_DATA,
  });
  const ssad = signStaticApplicationData(issuerPair, DAC, STATIC_DATA);
  const sdad = signDynamicApplicationData(iccPair, concat(fromHex('08'), IDN), DDOL_DATA);
  const cdaTdhc = transactionDataHashCode(PDOL_DATA, CDOL1_DATA, GENAC_TLVS);
  const cdaSdad = signDynamicApplicationData(
    iccPair,
    cdaIccDynamicData({
      iccDynamicNumber: IDN,
      cryptogramInformationData: CID_ARQC,
      applicationCryptogram: AC,
      transactionDataHashCode: cdaTdhc,
    }),
    UN,
  );
  return { ca: KART_TEST_CA.publicKey, caPair, issuerPair, iccPair, issuerCert, iccCert, ssad, sdad, cdaTdhc, cdaSdad };
}

/**
 * Recovers `signed` with `pair`, lets `edit` change the recovered block X (header at 0, trailer at the end, the
 * hash in the 20 bytes before it), recomputes the hash over X's body followed by `hashOnly` when given (so only
 * the edited field is wrong), and signs X again.
 */
export function resign(
  pair: RsaKeyPair,
  signed: Uint8Array,
  edit: (x: Uint8Array) => void,
  hashOnly?: Uint8Array,
): Uint8Array {
  const x = rsaPublic(pair.publicKey, signed);
  edit(x);
  if (hashOnly !== undefined) {
    const n = x.length;
    const hash = createHash('sha1').update(x.subarray(1, n - 21)).update(hashOnly).digest();
    x.set(hash, n - 21);
  }
  return rsaPrivate(pair, x);
}

export function concat(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export function flip(bytes: Uint8Array, index: number, mask = 0x01): Uint8Array {
  const out = bytes.slice();
  out[index] = (out[index] ?? 0) ^ mask;
  return out;
}
