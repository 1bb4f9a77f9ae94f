/**
 * The card's Payment System Environment, DDF "1PAY.SYS.DDF01": SELECT answers 6F { 84 DDF name, A5 { 88 SFI of
 * the directory, 5F2D } }, and READ RECORD of that SFI gives the directory records, 70 { 61 { 4F AID, 50 label,
 * 87 priority } } per application, so a terminal can build its candidate list from the directory.
 *
 * @remarks See EMV 4.4 Book 1, 12.2 (PSE, directory structure, Table 12 / 13) and 12.3.2 (using the PSE).
 */
import type { Applet, AppletResponse } from '../applet.ts';
import { berTlv } from '../ber-tlv.ts';
import * as SW from '../status-word.ts';
import * as T from '../../emv/tlv/tags.ts';
import { INS_B2_READ_RECORD, KARTPAY_AID, KARTPAY_LABEL, PSE_AID, PSE_DIRECTORY_SFI } from './payment-constants.ts';
import { readRecord } from './read-record.ts';
import { recordKey } from './payment-store.ts';

/** One application in the directory. */
export interface PseEntry {
  readonly aid: Uint8Array;
  /** Application Label (50), 1 to 16 characters. */
  readonly label: string;
  /** Application Priority Indicator (87), 1 to 15. */
  readonly priority: number;
}

/** KARTPAY's directory entry. */
export const KARTPAY_PSE_ENTRY: PseEntry = { aid: KARTPAY_AID, label: KARTPAY_LABEL, priority: 1 };

const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);

/** The PSE with one directory record per entry (default: KARTPAY only). */
export function createPseApplet(entries: readonly PseEntry[] = [KARTPAY_PSE_ENTRY]): Applet {
  if (entries.length === 0 || entries.length > 16) throw new RangeError('a PSE lists 1 to 16 applications');
  for (const e of entries) {
    if (e.aid.length < 5 || e.aid.length > 16) throw new RangeError('an AID is 5 to 16 bytes');
    if (!/^[\x20-\x7e]{1,16}$/.test(e.label)) throw new RangeError('a label is 1 to 16 printable characters');
    if (!Number.isInteger(e.priority) || e.priority < 1 || e.priority > 15) throw new RangeError('a priority is 1 to 15');
  }
  const records = entries.map((e) =>
    berTlv(
      T.TAG_70_READ_RECORD_TEMPLATE,
      berTlv(
        T.TAG_61_APPLICATION_TEMPLATE,
        berTlv(T.TAG_4F_APPLICATION_IDENTIFIER, e.aid),
        berTlv(T.TAG_50_APPLICATION_LABEL, ascii(e.label)),
        berTlv(T.TAG_87_APPLICATION_PRIORITY_INDICATOR, Uint8Array.of(e.priority)),
      ),
    ),
  );
  const fci = berTlv(
    T.TAG_6F_FCI_TEMPLATE,
    berTlv(T.TAG_84_DF_NAME, PSE_AID),
    berTlv(
      T.TAG_A5_FCI_PROPRIETARY_TEMPLATE,
      berTlv(T.TAG_88_SFI, Uint8Array.of(PSE_DIRECTORY_SFI)),
      berTlv(T.TAG_5F2D_LANGUAGE_PREFERENCE, ascii('aren')),
    ),
  );
  return {
    aid: PSE_AID.slice(),
    install(store) {
      records.forEach((record, i) => store.set(recordKey(PSE_DIRECTORY_SFI, i + 1), record));
    },
    select: (): AppletResponse => ({ data: fci, sw: SW.SW_9000_NO_ERROR }),
    process(apdu, context) {
      if (apdu.ins !== INS_B2_READ_RECORD) return { sw: SW.SW_6D00_INS_NOT_SUPPORTED };
      if ((apdu.cla & 0x80) !== 0) return { sw: SW.SW_6E00_CLA_NOT_SUPPORTED };
      return readRecord(apdu, context.store, [PSE_DIRECTORY_SFI]);
    },
  };
}
