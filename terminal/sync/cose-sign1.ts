/**
 * COSE_Sign1 (RFC 9052, 4.2 and 4.4) with ES256 only, for signed batches: protected header `{1: -7}` as the
 * byte string `a10126`, optional `kid` (label 4) in the unprotected header, signature raw `r || s` (64 bytes,
 * RFC 9053, 2.1). The message is written and read here byte by byte, so its encoding is deterministic and input
 * from a peer is checked strictly: anything else is `TERM_COSE_MALFORMED`; a wrong signature is an outcome.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { encodeCbor } from '../codec/cbor.ts';
import { TerminalError } from '../errors.ts';
import type { KeyStore } from '../keys/key-store.ts';
import { concatBytes } from '../../emv/tlv/encode-tlv.ts';

/** CBOR tag of COSE_Sign1_Tagged (RFC 9052, 2). */
export const COSE_SIGN1_TAG = 18;
/** The protected header `{1: -7}` (alg: ES256), serialized. */
export const ES256_PROTECTED_HEADER: Uint8Array = new Uint8Array([0xa1, 0x01, 0x26]);

export interface CoseSign1Options {
  /** Externally supplied data bound into the signature (RFC 9052, 4.3); default empty. */
  readonly externalAad?: Uint8Array;
  /** Key identifier for the unprotected header. */
  readonly kid?: Uint8Array;
  /** Prefix tag 18 (default true). */
  readonly tagged?: boolean;
}

export type CoseSign1Verification =
  | { readonly ok: true; readonly payload: Uint8Array; readonly kid: Uint8Array | undefined }
  | { readonly ok: false; readonly reason: 'SIGNATURE_INVALID' };

/** The ToBeSigned bytes: `Sig_structure = ["Signature1", protected, external_aad, payload]` (RFC 9052, 4.4). */
export function sigStructure(protectedHeader: Uint8Array, externalAad: Uint8Array, payload: Uint8Array): Uint8Array {
  return encodeCbor(['Signature1', protectedHeader, externalAad, payload]);
}

/** Signs `payload` with the key store and returns the COSE_Sign1 message bytes. */
export async function signCoseSign1(payload: Uint8Array, keys: KeyStore, options: CoseSign1Options = {}): Promise<Uint8Array> {
  const signature = await keys.sign(sigStructure(ES256_PROTECTED_HEADER, options.externalAad ?? new Uint8Array(0), payload));
  if (signature.length !== 64) throw new TerminalError('TERM_COSE_MALFORMED', `key store returned a ${signature.length}-byte signature, not r||s`);
  const unprotected = options.kid ? concatBytes([new Uint8Array([0xa1, 0x04]), encodeCbor(options.kid)]) : new Uint8Array([0xa0]);
  return concatBytes([
    options.tagged === false ? new Uint8Array(0) : new Uint8Array([0xd2]), // See RFC 8949, 3.4: tag 18, 1-byte head.
    new Uint8Array([0x84]),
    encodeCbor(ES256_PROTECTED_HEADER),
    unprotected,
    encodeCbor(payload),
    encodeCbor(signature),
  ]);
}

/** A COSE_Sign1 message taken apart, its signature not yet checked. */
export interface ParsedCoseSign1 {
  readonly protectedHeader: Uint8Array;
  readonly kid: Uint8Array | undefined;
  readonly payload: Uint8Array;
  readonly signature: Uint8Array;
}

/**
 * Takes a COSE_Sign1 message (tagged or not) apart without checking the signature, e.g. to find the `kid` and
 * the signer before verifying. Throws `TERM_COSE_MALFORMED` for bytes that are not a message of this profile.
 */
export function parseCoseSign1(message: Uint8Array): ParsedCoseSign1 {
  const reader = new Reader(message);
  if (message[0] === 0xd2) reader.at++;
  reader.expect(4, 4, 'COSE_Sign1 array of 4');
  const protectedHeader = reader.bytes('protected header');
  if (!equal(protectedHeader, ES256_PROTECTED_HEADER)) throw malformed('protected header is not {1: -7} (ES256)');
  let kid: Uint8Array | undefined;
  const entries = reader.expect(5, undefined, 'unprotected header map');
  for (let i = 0; i < entries; i++) {
    const label = reader.head('header label');
    if (label.major !== 0 && label.major !== 1) throw malformed('header label is not an integer');
    if (label.major === 0 && label.argument === 4) kid = reader.bytes('kid');
    else if (label.major === 0 && label.argument === 1) throw malformed('alg must be in the protected header');
    else reader.bytes('header value');
  }
  const payload = reader.bytes('payload');
  const signature = reader.bytes('signature');
  if (reader.at !== message.length) throw malformed(`${message.length - reader.at} bytes after the message`);
  if (signature.length !== 64) throw malformed(`signature of ${signature.length} bytes, not 64`);
  return { protectedHeader, kid, payload, signature };
}

/**
 * Checks a COSE_Sign1 message (tagged or not) against an ES256 public key (DER SPKI or KeyObject).
 * Throws `TERM_COSE_MALFORMED` for bytes that are not a COSE_Sign1 ES256 message of this profile.
 */
export function verifyCoseSign1(message: Uint8Array, publicKey: Uint8Array | KeyObject, options: { readonly externalAad?: Uint8Array } = {}): CoseSign1Verification {
  const { protectedHeader, kid, payload, signature } = parseCoseSign1(message);
  const key = publicKey instanceof Uint8Array ? createPublicKey({ key: Buffer.from(publicKey), format: 'der', type: 'spki' }) : publicKey;
  const toBeSigned = sigStructure(protectedHeader, options.externalAad ?? new Uint8Array(0), payload);
  return verify('sha256', toBeSigned, { key, dsaEncoding: 'ieee-p1363' }, signature)
    ? { ok: true, payload, kid }
    : { ok: false, reason: 'SIGNATURE_INVALID' };
}

const malformed = (detail: string): TerminalError => new TerminalError('TERM_COSE_MALFORMED', `COSE_Sign1 malformed: ${detail}`);

/** Reads CBOR heads and byte strings of definite length, strictly. */
class Reader {
  at = 0;
  constructor(private readonly data: Uint8Array) {}

  head(what: string): { major: number; argument: number } {
    const initial = this.data[this.at];
    if (initial === undefined) throw malformed(`ends before the ${what}`);
    const info = initial & 0x1f;
    this.at++;
    if (info < 24) return { major: initial >> 5, argument: info };
    if (info > 27) throw malformed(`${what} has an indefinite or reserved length`);
    const width = 1 << (info - 24);
    if (this.at + width > this.data.length) throw malformed(`ends inside the ${what}`);
    let argument = 0;
    for (let i = 0; i < width; i++) argument = argument * 256 + this.data[this.at + i]!;
    this.at += width;
    return { major: initial >> 5, argument };
  }

  expect(major: number, argument: number | undefined, what: string): number {
    const head = this.head(what);
    if (head.major !== major || (argument !== undefined && head.argument !== argument)) throw malformed(`expected ${what}`);
    return head.argument;
  }

  bytes(what: string): Uint8Array {
    const length = this.expect(2, undefined, `${what} byte string`);
    if (length > this.data.length - this.at) throw malformed(`ends inside the ${what}`);
    const out = this.data.slice(this.at, this.at + length);
    this.at += length;
    return out;
  }
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
