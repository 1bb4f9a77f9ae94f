/**
 * Status words (SW1 SW2) the card OS and the applets answer with.
 *
 * @remarks See ISO/IEC 7816-4:2020, 5.6 (status bytes) and Table 6.
 */
export const SW_9000_NO_ERROR = 0x9000;
/** SW1 61: response bytes still available, SW2 says how many (00: 256 or more). */
export const SW1_61_BYTES_AVAILABLE = 0x61;
/** SW1 6C: wrong Le, SW2 gives the exact number of available bytes (T=0 case 2). */
export const SW1_6C_WRONG_LE = 0x6c;
/** SW1 63 with SW2 Cx: verification failed, x tries left. */
export const SW_63C0_TRIES_LEFT = 0x63c0;
export const SW_6581_MEMORY_FAILURE = 0x6581;
export const SW_6700_WRONG_LENGTH = 0x6700;
export const SW_6881_CHANNEL_NOT_SUPPORTED = 0x6881;
export const SW_6882_SECURE_MESSAGING_NOT_SUPPORTED = 0x6882;
export const SW_6884_CHAINING_NOT_SUPPORTED = 0x6884;
export const SW_6983_AUTH_METHOD_BLOCKED = 0x6983;
export const SW_6985_CONDITIONS_NOT_SATISFIED = 0x6985;
export const SW_6A80_WRONG_DATA = 0x6a80;
export const SW_6A81_FUNCTION_NOT_SUPPORTED = 0x6a81;
export const SW_6A82_FILE_NOT_FOUND = 0x6a82;
export const SW_6A83_RECORD_NOT_FOUND = 0x6a83;
export const SW_6A86_WRONG_P1_P2 = 0x6a86;
export const SW_6A88_DATA_NOT_FOUND = 0x6a88;
export const SW_6D00_INS_NOT_SUPPORTED = 0x6d00;
export const SW_6E00_CLA_NOT_SUPPORTED = 0x6e00;
export const SW_6F00_NO_PRECISE_DIAGNOSIS = 0x6f00;

/** Whether an SW means the command was processed (normal 90xx/61xx or warning 62xx/63xx). */
export function isSuccessOrWarning(sw: number): boolean {
  const sw1 = sw >> 8;
  return sw1 === 0x90 || sw1 === 0x61 || sw1 === 0x62 || sw1 === 0x63;
}

/** Response APDU bytes: `data` then SW1 SW2. */
export function responseApdu(sw: number, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const out = new Uint8Array(data.length + 2);
  out.set(data, 0);
  out[data.length] = (sw >> 8) & 0xff;
  out[data.length + 1] = sw & 0xff;
  return out;
}
