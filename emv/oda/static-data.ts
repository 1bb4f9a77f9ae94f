import { EmvError } from '../errors.ts';
import { concat } from './signature-scheme.ts';

/**
 * The static data to be authenticated: the records the AFL marks for offline data authentication, in the order
 * read, then the values of the tags the Static Data Authentication Tag List (9F4A) names (the caller builds those;
 * only the AIP is allowed there). For SFI 1 to 10 only the contents of each record's template 70 count; for SFI 11
 * to 30 the whole record, tag 70 and length included. A record that is not exactly one template 70 makes ODA
 * fail: `EMV_CARD_DATA_INVALID`.
 * @remarks See EMV 4.4 Book 3, 10.3 (offline data authentication: records to authenticate) and Book 2, 5.4 / 6.1.
 */
export function staticDataToAuthenticate(
  records: readonly { sfi: number; body: Uint8Array }[],
  sdaTagListValues?: Uint8Array,
): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const { sfi, body } of records) {
    if (!Number.isInteger(sfi) || sfi < 1 || sfi > 30) {
      throw new EmvError('EMV_CARD_DATA_INVALID', `SFI ${String(sfi)} is not 1 to 30`);
    }
    const valueStart = templateValueStart(body, sfi);
    // See Book 3, 10.3: SFI 1-10 without tag 70 and length; SFI 11-30 with them.
    parts.push(sfi <= 10 ? body.subarray(valueStart) : body);
  }
  if (sdaTagListValues !== undefined) parts.push(sdaTagListValues);
  return concat(...parts);
}

/** Offset of the value of the template 70 that must make up the whole record. */
function templateValueStart(body: Uint8Array, sfi: number): number {
  const fail = (): never => {
    throw new EmvError('EMV_CARD_DATA_INVALID', `a record of SFI ${sfi} to authenticate is not one template 70 (Book 3 10.3)`);
  };
  if (body.length < 2 || body[0] !== 0x70) fail();
  const first = body[1] ?? 0;
  let length: number;
  let start: number;
  // See Book 3, Annex B2: short form, or 81 / 82 followed by the length.
  if (first < 0x80) {
    length = first;
    start = 2;
  } else if (first === 0x81 && body.length >= 3) {
    length = body[2] ?? 0;
    start = 3;
  } else if (first === 0x82 && body.length >= 4) {
    length = ((body[2] ?? 0) << 8) | (body[3] ?? 0);
    start = 4;
  } else {
    return fail();
  }
  if (start + length !== body.length) fail();
  return start;
}
