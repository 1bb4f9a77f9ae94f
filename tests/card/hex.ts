/** Test helpers for card suites: hex in, hex out. */
export const bytes = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex.replace(/\s+/g, ''), 'hex'));
export const hex = (data: Uint8Array): string => Buffer.from(data).toString('hex').toUpperCase();
/** The status word of a response APDU as 4 hex digits. */
export const swOf = (response: Uint8Array): string => hex(response.subarray(response.length - 2));
/** The data of a response APDU. */
export const dataOf = (response: Uint8Array): string => hex(response.subarray(0, response.length - 2));
