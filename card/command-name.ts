/**
 * Names a command APDU by its instruction byte, for logs that must show what was asked without showing data
 * (a VERIFY carries the PIN, an EXTERNAL AUTHENTICATE a cryptogram): only the name is ever printed.
 *
 * @remarks See ISO/IEC 7816-4:2020, 5.1 (instruction byte) and Table 4; EMV 4.4 Book 3, 6.5 (EMV commands).
 */
const NAMES: Record<number, string> = {
  0x04: 'DEACTIVATE FILE',
  0x0e: 'ERASE BINARY',
  0x1e: 'APPLICATION BLOCK',
  0x18: 'APPLICATION UNBLOCK',
  0x20: 'VERIFY',
  0x24: 'CHANGE REFERENCE DATA',
  0x2c: 'RESET RETRY COUNTER',
  0x44: 'ACTIVATE FILE',
  0x70: 'MANAGE CHANNEL',
  0x82: 'EXTERNAL AUTHENTICATE',
  0x84: 'GET CHALLENGE',
  0x88: 'INTERNAL AUTHENTICATE',
  0xa4: 'SELECT',
  0xa8: 'GET PROCESSING OPTIONS',
  0xae: 'GENERATE AC',
  0xb0: 'READ BINARY',
  0xb2: 'READ RECORD',
  0xc0: 'GET RESPONSE',
  0xca: 'GET DATA',
  0xcb: 'GET DATA',
  0xd6: 'UPDATE BINARY',
  0xda: 'PUT DATA',
  0xdc: 'UPDATE RECORD',
  0xe2: 'APPEND RECORD',
};

/** The command's name, or `INS xx` for an instruction not in the table; `?` for fewer than 4 bytes. */
export function commandName(capdu: Uint8Array): string {
  if (capdu.length < 4) return '?';
  const ins = capdu[1]!;
  return NAMES[ins] ?? `INS ${ins.toString(16).padStart(2, '0').toUpperCase()}`;
}
