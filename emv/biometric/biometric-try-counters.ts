import { EmvError } from '../errors.ts';
import { decodeTlv } from '../tlv/decode-tlv.ts';
import { encodeTlv } from '../tlv/encode-tlv.ts';
import type { Tlv } from '../tlv/tlv-node.ts';
import { TAG_DF50_FACIAL, TAG_DF51_FINGER, TAG_DF52_IRIS, TAG_DF53_PALM, TAG_DF54_VOICE } from './biometric-tags.ts';

/** Biometric try counters (BF4C) or preferred attempts (BF4D), one byte each. */
export interface BiometricCounters {
  readonly facial?: number;
  readonly finger?: number;
  readonly iris?: number;
  readonly palm?: number;
  readonly voice?: number;
}

const COUNTER_TAGS = [
  ['facial', TAG_DF50_FACIAL],
  ['finger', TAG_DF51_FINGER],
  ['iris', TAG_DF52_IRIS],
  ['palm', TAG_DF53_PALM],
  ['voice', TAG_DF54_VOICE],
] as const;

/**
 * Reads the value of the Biometric Try Counters Template (BF4C): Facial (DF50), Finger (DF51), Iris (DF52), Palm
 * (DF53), Voice (DF54) Try Counters, one byte each, any subset. Throws `EMV_BIOMETRIC_DATA_INVALID` for malformed
 * TLV, an unknown or repeated tag, or a counter that is not one byte.
 * @remarks See EMV 4.4 Book 3, Annex A (Biometric Try Counters Template, Finger Try Counter ...).
 */
export function parseBiometricTryCounters(value: Uint8Array): BiometricCounters {
  return parseCounters(value, 'BF4C');
}

/** The value of a Biometric Try Counters Template (BF4C) with the given counters (0..255), in tag order. */
export function encodeBiometricTryCounters(counters: BiometricCounters): Uint8Array {
  return encodeCounters(counters);
}

/**
 * Reads the value of the Preferred Attempts Template (BF4D): Preferred Facial .. Voice Attempts under DF50..DF54,
 * one byte each. Same rules as {@link parseBiometricTryCounters}.
 * @remarks See EMV 4.4 Book 3, Annex A (Preferred Attempts Template).
 */
export function parsePreferredAttempts(value: Uint8Array): BiometricCounters {
  return parseCounters(value, 'BF4D');
}

/** The value of a Preferred Attempts Template (BF4D). */
export function encodePreferredAttempts(attempts: BiometricCounters): Uint8Array {
  return encodeCounters(attempts);
}

function parseCounters(value: Uint8Array, name: string): BiometricCounters {
  const out: Record<string, number> = {};
  for (const node of decode(value, name)) {
    const entry = COUNTER_TAGS.find(([, tag]) => tag === node.tag);
    if (!entry) throw invalid(`${name} holds an unknown tag ${node.tag.toString(16).toUpperCase()}`);
    if (entry[0] in out) throw invalid(`${name} repeats tag ${node.tag.toString(16).toUpperCase()}`);
    if (node.value.length !== 1) throw invalid(`${name} counter ${node.tag.toString(16).toUpperCase()} is not one byte`);
    out[entry[0]] = node.value[0]!;
  }
  return out;
}

function encodeCounters(counters: BiometricCounters): Uint8Array {
  const nodes: Tlv[] = [];
  for (const [key, tag] of COUNTER_TAGS) {
    const count = counters[key];
    if (count === undefined) continue;
    if (!Number.isInteger(count) || count < 0 || count > 0xff) throw invalid(`the ${key} counter is not 0..255`);
    nodes.push({ tag, value: Uint8Array.of(count) });
  }
  return encodeTlv(nodes);
}

const invalid = (message: string, cause?: unknown): EmvError =>
  new EmvError('EMV_BIOMETRIC_DATA_INVALID', message, cause === undefined ? undefined : { cause });

function decode(value: Uint8Array, name: string): Tlv[] {
  try {
    return decodeTlv(value, { recurse: false });
  } catch (cause) {
    throw invalid(`${name} is not well-formed BER-TLV`, cause);
  }
}
