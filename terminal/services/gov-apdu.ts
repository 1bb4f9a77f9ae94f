/**
 * The KARTGOV applet's commands as the terminal sends them, and the tags it reads. The card's COMMANDS.md is the
 * contract; the numbers come from terminal/schemas/kartgov-tags.ts, which the card imports too (terminal code never
 * imports card/). Tag constants keep the hex in their name.
 */
import { buildCommandApdu } from '../../emv/apdu/command-apdu.ts';
import { encodeTlv } from '../../emv/tlv/encode-tlv.ts';
import type { ItemLine } from '../schemas/service.ts';
import { SERVICE } from '../schemas/service.ts';
import type { Service } from '../schemas/service.ts';
import {
  GOV_AID,
  TAG_9A_DATE,
  TAG_9F36_ATC,
  TAG_DF31_CHALLENGE,
  TAG_DF32_TERMINAL_ID,
  TAG_DF33_SERVICE,
  TAG_DF34_QUANTITY,
  TAG_DF35_ITEM_LINES,
  TAG_DF36_POINTS,
  TAG_DF55_SUPERVISOR_CERTIFICATE,
  TAG_DF56_SUPERVISOR_AUTHORIZATION,
  TAG_DF57_SUPERVISED_CARD_ID,
  TAG_DF58_SUPERVISION_REASON,
  TAG_7F2E_BIOMETRIC_DATA_TEMPLATE,
  TAG_81_BIOMETRIC_DATA,
} from '../schemas/kartgov-tags.ts';


/** DEBIT ENTITLEMENT, ration goods: the bread points to spend, piastres (uint32). */

// See card/gov/COMMANDS.md for every status word below.
export const SW_9000_OK = 0x9000;
export const SW_6283_CARD_NOT_USABLE = 0x6283;
export const SW_6982_NOT_VERIFIED = 0x6982;
export const SW_6983_METHOD_BLOCKED = 0x6983;
export const SW_6A83_NO_LOG_ENTRY = 0x6a83;
export const SW_9D07_DATE_BACKWARDS = 0x9d07;
export const SW_9D0D_POINTS_INSUFFICIENT = 0x9d0d;

const MAX_LE = 65536;
const u32 = (n: number): Uint8Array => Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
const tlv = (tag: number, value: Uint8Array): Uint8Array => encodeTlv({ tag, value });
const cat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]));

/** A date as EMV n 6 YYMMDD in BCD (days since 1970-01-01 UTC in; 2000–2099). See COMMANDS.md, "Dates". */
export function dayToYymmdd(day: number): Uint8Array {
  const iso = new Date(day * 86_400_000).toISOString();
  const digits = iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10);
  return Uint8Array.from({ length: 3 }, (_, i) => (Number(digits[2 * i]) << 4) | Number(digits[2 * i + 1]));
}

/** Days since 1970-01-01 of a YYMMDD BCD date, or undefined when it is not one. */
export function yymmddToDay(bytes: Uint8Array): number | undefined {
  if (bytes.length !== 3) return undefined;
  const digits = [...bytes].map((b) => [b >> 4, b & 0x0f]).flat();
  if (digits.some((d) => d > 9)) return undefined;
  const [y, m, d] = [0, 2, 4].map((i) => digits[i]! * 10 + digits[i + 1]!) as [number, number, number];
  const ms = Date.UTC(2000 + y, m - 1, d);
  const back = new Date(ms);
  return back.getUTCMonth() === m - 1 && back.getUTCDate() === d ? ms / 86_400_000 : undefined;
}

/** What one DEBIT ENTITLEMENT asks for. */
export interface DebitCommand {
  readonly challenge: Uint8Array;
  readonly terminalId: number;
  readonly day: number;
  readonly service: Service;
  /** Bread: loaves; health: 1. Ignored for ration goods. */
  readonly quantity: number;
  /** Ration goods only: item lines, codes strictly increasing. */
  readonly lines: readonly ItemLine[];
  /** Ration goods only: the bread points to spend (DF36, piastres): the rules engine's `Debit.pointsPiastres`. */
  readonly pointsPiastres?: number;
}

/** What a supervisor's card is asked to sign (SUPERVISE). */
export interface SuperviseCommand {
  readonly cardId: Uint8Array;
  /** The household card's ATC before the debit. */
  readonly atc: number;
  readonly challenge: Uint8Array;
  readonly day: number;
  readonly terminalId: number;
  readonly reason: number;
}

/** The KARTGOV commands of COMMANDS.md as command APDUs. */
export const GovApdu = {
  // See COMMANDS.md, SELECT: 00 A4 04 00 Lc AID 00.
  select: (): Uint8Array => buildCommandApdu({ cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x00, data: GOV_AID, le: 256 }),
  // See COMMANDS.md, READ DATA: 80 CA P1-P2 = tag.
  readData: (tag: number): Uint8Array => buildCommandApdu({ cla: 0x80, ins: 0xca, p1: tag >> 8, p2: tag & 0xff, le: MAX_LE }),
  // See COMMANDS.md, INTERNAL AUTHENTICATE: 00 88 00 00 Lc challenge 00.
  internalAuthenticate: (challenge: Uint8Array): Uint8Array =>
    buildCommandApdu({ cla: 0x00, ins: 0x88, p1: 0x00, p2: 0x00, data: challenge, le: 256 }),
  // See COMMANDS.md, SET DATE: 80 DA 00 00 05 9A 03 YYMMDD.
  setDate: (day: number): Uint8Array => buildCommandApdu({ cla: 0x80, ins: 0xda, p1: 0x00, p2: 0x00, data: tlv(TAG_9A_DATE, dayToYymmdd(day)) }),
  // See COMMANDS.md, VERIFY (PIN): 00 20 00 80 08 <plaintext PIN block>.
  verifyPin: (pinBlock: Uint8Array): Uint8Array => buildCommandApdu({ cla: 0x00, ins: 0x20, p1: 0x00, p2: 0x80, data: pinBlock }),
  // See COMMANDS.md, VERIFY (biometric): 00 21 00 91 Lc 7F2E { 81 probe }.
  verifyBiometric: (probe: Uint8Array): Uint8Array =>
    buildCommandApdu({
      cla: 0x00, ins: 0x21, p1: 0x00, p2: 0x91,
      data: encodeTlv({ tag: TAG_7F2E_BIOMETRIC_DATA_TEMPLATE, value: new Uint8Array(0), children: [{ tag: TAG_81_BIOMETRIC_DATA, value: probe }] }),
    }),
  // See COMMANDS.md, READ LOG: 80 B2 P1 00 (P1 = 0 count, n = n-th most recent).
  readLog: (entry: number): Uint8Array => buildCommandApdu({ cla: 0x80, ins: 0xb2, p1: entry, p2: 0x00, le: MAX_LE }),
  // See COMMANDS.md, SUPERVISE: 80 5C 00 00 Lc <DF57 9F36 DF31 9A DF32 DF58> Le (to the supervisor's card).
  supervise: (s: SuperviseCommand): Uint8Array => buildCommandApdu({
    cla: 0x80, ins: 0x5c, p1: 0x00, p2: 0x00, le: MAX_LE,
    data: cat(
      tlv(TAG_DF57_SUPERVISED_CARD_ID, s.cardId), tlv(TAG_9F36_ATC, Uint8Array.of(s.atc >> 8, s.atc & 0xff)),
      tlv(TAG_DF31_CHALLENGE, s.challenge), tlv(TAG_9A_DATE, dayToYymmdd(s.day)), tlv(TAG_DF32_TERMINAL_ID, u32(s.terminalId)),
      tlv(TAG_DF58_SUPERVISION_REASON, Uint8Array.of(s.reason)),
    ),
  }),
  // See COMMANDS.md, VERIFY SUPERVISED: 80 5A 00 00 Lc <DF55 certificate, DF56 authorization> (to the household card).
  verifySupervised: (certificate: Uint8Array, authorization: Uint8Array): Uint8Array => buildCommandApdu({
    cla: 0x80, ins: 0x5a, p1: 0x00, p2: 0x00,
    data: cat(tlv(TAG_DF55_SUPERVISOR_CERTIFICATE, certificate), tlv(TAG_DF56_SUPERVISOR_AUTHORIZATION, authorization)),
  }),
  // See COMMANDS.md, DEBIT ENTITLEMENT: 80 DE 00 00 Lc <DF31 DF32 9A DF33 DF34|DF35 [DF36]> Le.
  debit: (d: DebitCommand): Uint8Array => {
    const what = d.service === SERVICE.RATION
      ? cat(
        tlv(TAG_DF35_ITEM_LINES, cat(...d.lines.map(([code, qty]) => cat(u32(code), u32(qty))))),
        tlv(TAG_DF36_POINTS, u32(d.pointsPiastres ?? 0)),
      )
      : tlv(TAG_DF34_QUANTITY, u32(d.quantity));
    const data = cat(
      tlv(TAG_DF31_CHALLENGE, d.challenge), tlv(TAG_DF32_TERMINAL_ID, u32(d.terminalId)), tlv(TAG_9A_DATE, dayToYymmdd(d.day)),
      tlv(TAG_DF33_SERVICE, Uint8Array.of(d.service)), what,
    );
    return buildCommandApdu({ cla: 0x80, ins: 0xde, p1: 0x00, p2: 0x00, data, le: MAX_LE });
  },
};
