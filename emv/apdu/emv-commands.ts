import { EmvError } from '../errors.ts';
import { encodeTlv } from '../tlv/encode-tlv.ts';
import { buildCommandApdu } from './command-apdu.ts';

/** Reference control parameter of GENERATE AC (P1 b8-b7): the cryptogram type asked for. */
export const GENERATE_AC_TYPE = { AAC: 0x00, TC: 0x40, ARQC: 0x80 } as const;
export type GenerateAcType = keyof typeof GENERATE_AC_TYPE;

/** P2 of VERIFY: the PIN block format. */
export const VERIFY_P2 = { PLAINTEXT_PIN: 0x80, ENCIPHERED_PIN: 0x88 } as const;

/**
 * The EMV command APDUs as bytes, each with the CLA/INS/P1/P2 of its specification section.
 * @remarks See EMV 4.4 Book 3, 6.5 (Commands for Financial Transaction) and Book 1, 11.3 (SELECT).
 */
export const EmvCommands = {
  /** See EMV 4.4 Book 1, 11.3.2: 00 A4 04 00|02 Lc name 00 (P2 02 = next occurrence). */
  selectByName(name: Uint8Array, next = false): Uint8Array {
    if (name.length < 1 || name.length > 16) throw new EmvError('EMV_APDU_MALFORMED', 'DF name must be 1..16 bytes');
    return buildCommandApdu({ cla: 0x00, ins: 0xa4, p1: 0x04, p2: next ? 0x02 : 0x00, data: name, le: 0x100 });
  },
  /** See EMV 4.4 Book 3, 6.5.11: 00 B2 record (SFI << 3 | 4) 00. */
  readRecord(sfi: number, record: number): Uint8Array {
    if (!(sfi >= 1 && sfi <= 30) || !(record >= 1 && record <= 255)) {
      throw new EmvError('EMV_APDU_MALFORMED', `READ RECORD SFI ${sfi} record ${record} out of range`);
    }
    return buildCommandApdu({ cla: 0x00, ins: 0xb2, p1: record, p2: (sfi << 3) | 0x04, le: 0x100 });
  },
  /** See EMV 4.4 Book 3, 6.5.8: 80 A8 00 00 Lc 83 L pdolData 00. */
  getProcessingOptions(pdolData: Uint8Array = new Uint8Array()): Uint8Array {
    const data = encodeTlv({ tag: 0x83, value: pdolData });
    return buildCommandApdu({ cla: 0x80, ins: 0xa8, p1: 0x00, p2: 0x00, data, le: 0x100 });
  },
  /** See EMV 4.4 Book 3, 6.5.5: 80 AE P1 00 Lc cdolData 00; P1 = type, plus b5 for CDA. */
  generateAc(type: GenerateAcType, cdolData: Uint8Array, cda = false): Uint8Array {
    const p1 = GENERATE_AC_TYPE[type] | (cda ? 0x10 : 0x00);
    return buildCommandApdu({ cla: 0x80, ins: 0xae, p1, p2: 0x00, data: cdolData, le: 0x100 });
  },
  /** See EMV 4.4 Book 3, 6.5.7: 80 CA tag(2 bytes) 00 (9F36, 9F13, 9F17, 9F4F). */
  getData(tag: number): Uint8Array {
    if (!(tag >= 0 && tag <= 0xffff)) throw new EmvError('EMV_APDU_MALFORMED', 'GET DATA takes a 1 or 2 byte tag');
    return buildCommandApdu({ cla: 0x80, ins: 0xca, p1: tag >> 8, p2: tag & 0xff, le: 0x100 });
  },
  /** See EMV 4.4 Book 3, 6.5.12: 00 20 00 P2 Lc pinData (case 3). */
  verify(p2: number, pinData: Uint8Array): Uint8Array {
    return buildCommandApdu({ cla: 0x00, ins: 0x20, p1: 0x00, p2, data: pinData });
  },
  /** See EMV 4.4 Book 3, 6.5.6: 00 84 00 00 00. */
  getChallenge(): Uint8Array {
    return buildCommandApdu({ cla: 0x00, ins: 0x84, p1: 0x00, p2: 0x00, le: 0x100 });
  },
  /** See EMV 4.4 Book 3, 6.5.9: 00 88 00 00 Lc ddolData 00. */
  internalAuthenticate(ddolData: Uint8Array): Uint8Array {
    return buildCommandApdu({ cla: 0x00, ins: 0x88, p1: 0x00, p2: 0x00, data: ddolData, le: 0x100 });
  },
  /** See EMV 4.4 Book 3, 6.5.4: 00 82 00 00 Lc issuerAuthenticationData (case 3). */
  externalAuthenticate(issuerAuthenticationData: Uint8Array): Uint8Array {
    return buildCommandApdu({ cla: 0x00, ins: 0x82, p1: 0x00, p2: 0x00, data: issuerAuthenticationData });
  },
} as const;
