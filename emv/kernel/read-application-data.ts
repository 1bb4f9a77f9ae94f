import { EmvCommands } from '../apdu/emv-commands.ts';
import { EmvError } from '../errors.ts';
import { tagToHex, toHex } from '../tlv/hex.ts';
import { parseDol } from '../tlv/parse-dol.ts';
import {
  TAG_5A_PAN,
  TAG_5F24_APPLICATION_EXPIRATION_DATE,
  TAG_70_READ_RECORD_TEMPLATE,
  TAG_8C_CDOL1,
  TAG_8D_CDOL2,
} from '../tlv/tags.ts';
import { cardFault, decodeCardTlv, exchange, swHex } from './card-exchange.ts';
import { logStep, type TransactionContext } from './transaction-context.ts';

/** One AFL entry: records `firstRecord..lastRecord` of `sfi`, the first `odaRecords` of them signed for ODA. */
export interface AflEntry {
  readonly sfi: number;
  readonly firstRecord: number;
  readonly lastRecord: number;
  readonly odaRecords: number;
}

/** A record read for offline data authentication: its SFI and the record's data field as the card sent it. */
export interface OdaRecord {
  readonly sfi: number;
  readonly body: Uint8Array;
}

/**
 * Decodes an Application File Locator (94): 4-byte entries of SFI (b8-b4 of byte 1), first record, last
 * record, number of records for ODA. Throws `EMV_CARD_DATA_INVALID` for a length that is not a multiple of 4,
 * SFI 0 or 31, first record 0, last below first, or more ODA records than the entry holds.
 * @remarks See EMV 4.4 Book 3, 10.2 (Read Application Data) and 6.5.8.4 (AFL coding).
 */
export function parseAfl(afl: Uint8Array): AflEntry[] {
  if (afl.length % 4 !== 0) throw cardFault('EMV_CARD_DATA_INVALID', `AFL length ${afl.length} is not a multiple of 4`);
  const entries: AflEntry[] = [];
  for (let at = 0; at < afl.length; at += 4) {
    const sfi = afl[at]! >> 3;
    const firstRecord = afl[at + 1]!;
    const lastRecord = afl[at + 2]!;
    const odaRecords = afl[at + 3]!;
    const where = `AFL entry ${at / 4 + 1} (${toHex(afl.subarray(at, at + 4))})`;
    if ((afl[at]! & 0x07) !== 0 || sfi === 0 || sfi === 31) throw cardFault('EMV_CARD_DATA_INVALID', `${where}: SFI ${sfi}`);
    if (firstRecord === 0) throw cardFault('EMV_CARD_DATA_INVALID', `${where}: first record 0`);
    if (lastRecord < firstRecord) throw cardFault('EMV_CARD_DATA_INVALID', `${where}: last record before first`);
    if (odaRecords > lastRecord - firstRecord + 1) {
      throw cardFault('EMV_CARD_DATA_INVALID', `${where}: more ODA records than records`);
    }
    entries.push({ sfi, firstRecord, lastRecord, odaRecords });
  }
  return entries;
}

/** Data objects every EMV application has in its records. See Book 3, 7.2 (mandatory data objects). */
const MANDATORY: readonly number[] = [TAG_5F24_APPLICATION_EXPIRATION_DATE, TAG_5A_PAN, TAG_8C_CDOL1, TAG_8D_CDOL2];

/**
 * Read Application Data: READ RECORD for every record the AFL names; stores each record's primitive data
 * objects (and constructed ones whole) in `context.data`, keeps the records signed for ODA. Ends the
 * transaction with a card fault when a READ RECORD fails (`EMV_CARD_REFUSED`), a record of SFI 1..10 is not one
 * well-formed 70 template or repeats a data object already read (`EMV_CARD_DATA_INVALID`), or a mandatory
 * object (5A, 5F24, 8C, 8D) is absent (`EMV_CARD_DATA_MISSING`) or malformed.
 * @remarks See EMV 4.4 Book 3, 10.2, 7.2 and 7.5 (no redundant primitive data objects); Book 3, 6.5.11 (READ
 * RECORD).
 */
export async function readApplicationData(context: TransactionContext, afl: Uint8Array): Promise<{ odaRecords: OdaRecord[] }> {
  const entries = parseAfl(afl);
  const odaRecords: OdaRecord[] = [];
  const seen = new Set<number>();
  let count = 0;
  for (const entry of entries) {
    for (let record = entry.firstRecord; record <= entry.lastRecord; record++) {
      // See Book 3, 6.5.11: READ RECORD 00 B2 record (SFI << 3 | 4) 00.
      const answer = await exchange(context.trx, EmvCommands.readRecord(entry.sfi, record));
      if (answer.sw !== 0x9000) {
        throw cardFault('EMV_CARD_REFUSED', `READ RECORD SFI ${entry.sfi} record ${record} answered ${swHex(answer.sw)}`);
      }
      count++;
      if (record - entry.firstRecord < entry.odaRecords) odaRecords.push({ sfi: entry.sfi, body: answer.data });
      // See Book 3, 10.2: records of SFI 11..30 are in a proprietary format; the kernel keeps them for ODA only.
      if (entry.sfi > 10) continue;
      const where = `record ${record} of SFI ${entry.sfi}`;
      const nodes = decodeCardTlv(answer.data, where);
      const template = nodes[0];
      if (nodes.length !== 1 || !template || template.tag !== TAG_70_READ_RECORD_TEMPLATE || !template.children) {
        throw cardFault('EMV_CARD_DATA_INVALID', `${where} is not one Read Record template (70)`);
      }
      for (const node of template.children) {
        if (seen.has(node.tag)) {
          throw cardFault('EMV_CARD_DATA_INVALID', `${where}: data object ${tagToHex(node.tag)} appears twice`);
        }
        seen.add(node.tag);
        context.data.set(node.tag, node.value);
      }
    }
  }
  for (const tag of MANDATORY) {
    if (!seen.has(tag)) throw cardFault('EMV_CARD_DATA_MISSING', `mandatory data object ${tagToHex(tag)} was not in the records`);
  }
  checkPan(context.data.get(TAG_5A_PAN)!);
  for (const tag of [TAG_8C_CDOL1, TAG_8D_CDOL2]) {
    try {
      parseDol(context.data.get(tag)!);
    } catch (error) {
      if (error instanceof EmvError) throw cardFault('EMV_CARD_DATA_INVALID', `${tagToHex(tag)}: ${error.message}`, error);
      throw error;
    }
  }
  logStep(context, `READ RECORD: ${count} record(s), ${odaRecords.length} for ODA`);
  return { odaRecords };
}

/** The PAN (5A, cn up to 19 digits): digits then F padding. See Book 3, Annex A (5A). */
export function panDigits(value: Uint8Array): string {
  return checkPan(value);
}

function checkPan(value: Uint8Array): string {
  const hex = toHex(value);
  const match = /^([0-9]+)F*$/.exec(hex);
  if (value.length < 1 || value.length > 10 || !match || match[1]!.length < 7) {
    throw cardFault('EMV_CARD_DATA_INVALID', 'the PAN (5A) is not 7..19 digits of cn');
  }
  return match[1]!;
}
