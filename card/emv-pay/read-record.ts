/**
 * READ RECORD: 00 B2 <record> <SFI << 3 | 4> 00, the record's 70 template from persistent memory.
 *
 * @remarks See EMV 4.4 Book 3, 6.5.11 and ISO/IEC 7816-4:2020, 11.3.3, Table 80 (P2 b3-b1 = 100: record P1).
 */
import type { AppletStore, AppletResponse } from '../applet.ts';
import type { CommandApdu } from '../command-apdu.ts';
import * as SW from '../status-word.ts';
import { recordKey } from './payment-store.ts';

/** Reads record P1 of the file with SFI P2 b8-b4 from `store` (`record/<sfi>/<n>`); `sfis` lists the files that exist. */
export function readRecord(apdu: CommandApdu, store: AppletStore, sfis: readonly number[]): AppletResponse {
  if (apdu.data.length > 0) return { sw: SW.SW_6700_WRONG_LENGTH };
  if ((apdu.p2 & 0x07) !== 0x04 || apdu.p1 === 0) return { sw: SW.SW_6A86_WRONG_P1_P2 };
  const sfi = apdu.p2 >> 3;
  if (!sfis.includes(sfi)) return { sw: SW.SW_6A82_FILE_NOT_FOUND };
  const record = store.get(recordKey(sfi, apdu.p1));
  return record ? { data: record, sw: SW.SW_9000_NO_ERROR } : { sw: SW.SW_6A83_RECORD_NOT_FOUND };
}
