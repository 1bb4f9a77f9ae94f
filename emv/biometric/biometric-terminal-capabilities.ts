import { EmvError } from '../errors.ts';

/** Biometric Terminal Capabilities (9F30): byte 1 offline, byte 2 online, byte 3 RFU. */
export interface BiometricTerminalCapabilities {
  readonly facialOffline: boolean;
  readonly fingerOffline: boolean;
  readonly irisOffline: boolean;
  readonly palmOffline: boolean;
  readonly voiceOffline: boolean;
  readonly facialOnline: boolean;
  readonly fingerOnline: boolean;
  readonly irisOnline: boolean;
  readonly palmOnline: boolean;
  readonly voiceOnline: boolean;
}

// See EMV 4.4 Book 4, A7, Tables 36 and 37: b8 facial, b7 finger, b6 iris, b5 palm, b4 voice; b3..b1 RFU.
const CAPABILITY_BITS = [
  ['facial', 0x80],
  ['finger', 0x40],
  ['iris', 0x20],
  ['palm', 0x10],
  ['voice', 0x08],
] as const;
const RFU_MASK = 0x07;

/**
 * The 3-byte Biometric Terminal Capabilities (9F30): byte 1 Offline Biometric Capabilities, byte 2 Online
 * Biometric Capabilities, byte 3 RFU (00). Biometrics other than finger default to not supported.
 * @remarks See EMV 4.4 Book 4, A7 (Tables 36 to 38). Book 4 A7 also asks for the 'Offline Biometric' / 'Online
 * Biometric' bits of Terminal Capabilities (9F33) when any bit of byte 1 / byte 2 is set.
 */
export function encodeBiometricTerminalCapabilities(
  caps: Partial<BiometricTerminalCapabilities> & { readonly fingerOffline: boolean; readonly fingerOnline: boolean },
): Uint8Array {
  const out = new Uint8Array(3);
  for (const [name, mask] of CAPABILITY_BITS) {
    if (caps[`${name}Offline`] === true) out[0]! |= mask;
    if (caps[`${name}Online`] === true) out[1]! |= mask;
  }
  return out;
}

/**
 * Reads a Biometric Terminal Capabilities value. Throws `EMV_BIOMETRIC_DATA_INVALID` unless it is 3 bytes with
 * the RFU bits (byte 1 and 2 b3..b1, all of byte 3) zero.
 * @remarks See EMV 4.4 Book 4, A7 (Tables 36 to 38).
 */
export function parseBiometricTerminalCapabilities(value: Uint8Array): BiometricTerminalCapabilities {
  if (value.length !== 3) throw new EmvError('EMV_BIOMETRIC_DATA_INVALID', `9F30 has ${value.length} bytes, not 3`);
  if ((value[0]! & RFU_MASK) !== 0 || (value[1]! & RFU_MASK) !== 0 || value[2] !== 0) {
    throw new EmvError('EMV_BIOMETRIC_DATA_INVALID', '9F30 has RFU bits set');
  }
  const caps: Record<string, boolean> = {};
  for (const [name, mask] of CAPABILITY_BITS) {
    caps[`${name}Offline`] = (value[0]! & mask) !== 0;
    caps[`${name}Online`] = (value[1]! & mask) !== 0;
  }
  return caps as unknown as BiometricTerminalCapabilities;
}
