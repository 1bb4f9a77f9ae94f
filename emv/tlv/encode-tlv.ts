import { EmvError } from '../errors.ts';
import { tagToHex } from './hex.ts';
import { isConstructedTag, type Tlv } from './tlv-node.ts';

/**
 * Encodes one node or a list of nodes as BER-TLV. A node with `children` is encoded from its children (its
 * `value` is ignored); any other node from its `value`. Lengths use the shortest definite form.
 * Throws `EMV_TLV_MALFORMED` for an invalid tag number or children under a primitive tag.
 * @remarks See EMV 4.4 Book 3, Annex B1 and B2.
 */
export function encodeTlv(nodes: Tlv | readonly Tlv[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const node of Array.isArray(nodes) ? (nodes as readonly Tlv[]) : [nodes as Tlv]) parts.push(encodeNode(node));
  return concatBytes(parts);
}

function encodeNode(node: Tlv): Uint8Array {
  const tag = encodeTag(node.tag);
  let value = node.value;
  if (node.children) {
    if (!isConstructedTag(node.tag)) {
      throw new EmvError('EMV_TLV_MALFORMED', `tag ${tagToHex(node.tag)} is primitive but has children`);
    }
    value = encodeTlv(node.children);
  }
  return concatBytes([tag, encodeLength(value.length), value]);
}

/**
 * The bytes of a tag number (`0x9f1b` → `9F 1B`), checked against the BER rules: a one-byte tag must not have
 * b5..b1 all set; a longer one must, with b8 set on every subsequent byte but the last.
 * @remarks See EMV 4.4 Book 3, Annex B1, tables 35 and 36.
 */
export function encodeTag(tag: number): Uint8Array {
  if (!Number.isInteger(tag) || tag <= 0 || tag > 0xffffffff) {
    throw new EmvError('EMV_TLV_MALFORMED', `tag ${String(tag)} is not a 1 to 4 byte tag number`);
  }
  const bytes: number[] = [];
  for (let t = tag; t > 0; t = Math.floor(t / 256)) bytes.unshift(t % 256);
  const valid =
    bytes.length === 1
      ? (bytes[0]! & 0x1f) !== 0x1f
      : (bytes[0]! & 0x1f) === 0x1f &&
        bytes.slice(1, -1).every((b) => (b & 0x80) !== 0) &&
        (bytes[bytes.length - 1]! & 0x80) === 0;
  if (!valid) throw new EmvError('EMV_TLV_MALFORMED', `tag ${tagToHex(tag)} is not a valid BER tag`);
  return Uint8Array.from(bytes);
}

/**
 * The shortest definite-form length field for `length` (0..127 in one byte, else `81`..`84` and 1..4 bytes).
 * @remarks See EMV 4.4 Book 3, Annex B2.
 */
export function encodeLength(length: number): Uint8Array {
  if (!Number.isInteger(length) || length < 0 || length > 0xffffffff) {
    throw new EmvError('EMV_TLV_MALFORMED', `length ${length} cannot be encoded`);
  }
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let l = length; l > 0; l = Math.floor(l / 256)) bytes.unshift(l % 256);
  return Uint8Array.from([0x80 | bytes.length, ...bytes]);
}

/** Concatenates byte arrays into a new one. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const part of parts) total += part.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
