import type { CommandApdu } from './command-apdu.ts';

/** Names of the commands the kernel and the issuer scripts send. */
export type CommandName =
  | 'SELECT'
  | 'READ RECORD'
  | 'READ BINARY'
  | 'GET PROCESSING OPTIONS'
  | 'GENERATE AC'
  | 'VERIFY'
  | 'GET DATA'
  | 'GET CHALLENGE'
  | 'INTERNAL AUTHENTICATE'
  | 'EXTERNAL AUTHENTICATE'
  | 'GET RESPONSE'
  | 'MANAGE CHANNEL'
  | 'PIN CHANGE/UNBLOCK'
  | 'CHANGE REFERENCE DATA'
  | 'APPLICATION BLOCK'
  | 'APPLICATION UNBLOCK'
  | 'CARD BLOCK'
  | 'RESET RETRY COUNTER'
  | 'PUT DATA'
  | 'UPDATE RECORD'
  | 'UPDATE BINARY'
  | 'APPEND RECORD'
  | 'MANAGE SECURITY ENVIRONMENT'
  | 'PERFORM SECURITY OPERATION'
  | 'ENVELOPE'
  | 'UNKNOWN';

/** What the CLA byte says: interindustry or proprietary class, logical channel, secure messaging, chaining. */
export interface ClaInfo {
  readonly kind: 'interindustry' | 'proprietary' | 'invalid';
  readonly channel: number;
  readonly secureMessaging: boolean;
  readonly chaining: boolean;
}

// See EMV 4.4 Book 3, 6.3.2 (table 8, command CLA/INS) and 6.5; Book 1, 11.3.2; ISO/IEC 7816-4, 5.1.2.
const BY_INS: Readonly<Record<number, CommandName>> = {
  0xa4: 'SELECT',
  0xb2: 'READ RECORD',
  0xb0: 'READ BINARY',
  0xa8: 'GET PROCESSING OPTIONS',
  0xae: 'GENERATE AC',
  0x20: 'VERIFY',
  0xca: 'GET DATA',
  0xcb: 'GET DATA',
  0x84: 'GET CHALLENGE',
  0x88: 'INTERNAL AUTHENTICATE',
  0x82: 'EXTERNAL AUTHENTICATE',
  0xc0: 'GET RESPONSE',
  0x70: 'MANAGE CHANNEL',
  0x1e: 'APPLICATION BLOCK',
  0x18: 'APPLICATION UNBLOCK',
  0x16: 'CARD BLOCK',
  0x2c: 'RESET RETRY COUNTER',
  0xda: 'PUT DATA',
  0xdc: 'UPDATE RECORD',
  0xd6: 'UPDATE BINARY',
  0xe2: 'APPEND RECORD',
  0x22: 'MANAGE SECURITY ENVIRONMENT',
  0x2a: 'PERFORM SECURITY OPERATION',
  0xc2: 'ENVELOPE',
};

/**
 * The command's name from its INS (and CLA for INS `24`: EMV's proprietary-class PIN CHANGE/UNBLOCK, else
 * ISO's CHANGE REFERENCE DATA). Bytes too short to hold CLA and INS give `UNKNOWN`.
 * @remarks See EMV 4.4 Book 3, 6.3.2, table 8 (CLA/INS coding of the EMV commands) and 6.5.
 */
export function describeCommand(capdu: Uint8Array | CommandApdu): CommandName {
  const cla = capdu instanceof Uint8Array ? capdu[0] : capdu.cla;
  const ins = capdu instanceof Uint8Array ? capdu[1] : capdu.ins;
  if (cla === undefined || ins === undefined || cla === 0xff) return 'UNKNOWN';
  if (ins === 0x24) return cla & 0x80 ? 'PIN CHANGE/UNBLOCK' : 'CHANGE REFERENCE DATA';
  return BY_INS[ins] ?? 'UNKNOWN';
}

/**
 * Decodes a CLA byte. First interindustry classes (`0X`..`3X`) carry channel 0..3 in b2-b1, secure messaging
 * in b4-b3 and chaining in b5; further interindustry classes (`4X`..`7X`) channel 4..19 in b4-b1, secure
 * messaging in b6 and chaining in b5. Proprietary classes (b8 set) are read with the same layout, the way EMV
 * codes its `8X` classes (`84`/`8C` = secure messaging). `FF` is invalid.
 * @remarks See ISO/IEC 7816-4:2020, 5.4.1 (tables 2 and 3) and EMV 4.4 Book 3, 6.3.2 and 6.3.3.
 */
export function describeCla(cla: number): ClaInfo {
  if (cla === 0xff) return { kind: 'invalid', channel: 0, secureMessaging: false, chaining: false };
  const kind = cla & 0x80 ? 'proprietary' : 'interindustry';
  const low = cla & 0x7f;
  if (low & 0x40) {
    return { kind, channel: 4 + (low & 0x0f), secureMessaging: (low & 0x20) !== 0, chaining: (low & 0x10) !== 0 };
  }
  return { kind, channel: low & 0x03, secureMessaging: (low & 0x0c) !== 0, chaining: (low & 0x10) !== 0 };
}

/**
 * The interindustry CLA for `channel` with no secure messaging and no chaining (`00`..`03`, `40`..`4F`), as
 * used for GET RESPONSE and MANAGE CHANNEL on that channel.
 * @remarks See ISO/IEC 7816-4:2020, 5.4.1.
 */
export function claForChannel(channel: number): number {
  return channel < 4 ? channel : 0x40 | ((channel - 4) & 0x0f);
}
