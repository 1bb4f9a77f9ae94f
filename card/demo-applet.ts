import type { Applet, AppletContext, AppletResponse, AppletStore } from './applet.ts';
import { berTlv } from './ber-tlv.ts';
import type { CommandApdu } from './command-apdu.ts';
import { plaintextPinBlock, readPlaintextPinBlock } from './plaintext-pin-block.ts';
import * as SW from './status-word.ts';

/** "KARTDEMO" under the proprietary category F0. See ISO/IEC 7816-5 (AID F0: proprietary, not registered). */
export const DEMO_AID = Uint8Array.of(0xf0, 0x4b, 0x41, 0x52, 0x54, 0x44, 0x45, 0x4d, 0x4f);

// See EMV 4.4 Book 3, Annex A: tag numbers.
export const TAG_9F36_ATC = 0x9f36;
export const TAG_9F17_PIN_TRY_COUNTER = 0x9f17;
const TAG_6F_FCI_TEMPLATE = 0x6f;
const TAG_84_DF_NAME = 0x84;
const TAG_A5_FCI_PROPRIETARY = 0xa5;
const TAG_50_APPLICATION_LABEL = 0x50;
const TAG_5F2D_LANGUAGE_PREFERENCE = 0x5f2d;
const TAG_BF0C_FCI_ISSUER_DISCRETIONARY = 0xbf0c;
const TAG_DF01_DEMO_VERSION = 0xdf01; // proprietary: demo applet version 1.0
const TAG_70_RECORD_TEMPLATE = 0x70;
const TAG_5F20_CARDHOLDER_NAME = 0x5f20;
const TAG_5A_PAN = 0x5a;
const TAG_5F24_EXPIRY = 0x5f24;
const TAG_5F25_EFFECTIVE = 0x5f25;
const TAG_5F28_ISSUER_COUNTRY = 0x5f28;

// See ISO/IEC 7816-4:2020, Table 1; INS 32 under class 80 is this applet's own "increment ATC".
const INS_20_VERIFY = 0x20;
const INS_84_GET_CHALLENGE = 0x84;
const INS_B2_READ_RECORD = 0xb2;
const INS_CA_GET_DATA = 0xca;
const INS_32_INCREMENT_ATC = 0x32;
/** SFI of the demo record file. */
export const DEMO_RECORD_SFI = 1;

export interface DemoAppletOptions {
  readonly aid?: Uint8Array;
  /** Application label in the FCI. Default "KART DEMO". */
  readonly label?: string;
  /** Reference PIN, 4 to 12 digits. Default "1234". */
  readonly pin?: string;
  /** PIN try limit, 1 to 15. Default 3. */
  readonly pinTries?: number;
  readonly cardholderName?: string;
  /** PAN digits. */
  readonly pan?: string;
  /** Expiry date YYMMDD. */
  readonly expiry?: string;
}

const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);
/** Digits in BCD, padded with F to whole bytes. See EMV 4.4 Book 3, 4.3 (format cn / n). */
const bcd = (digits: string, pad: number): Uint8Array => Buffer.from(digits.length % 2 ? digits + pad.toString(16) : digits, 'hex');

const KEY_PIN = 'pin';
const KEY_TRIES = 'pin-tries';
const KEY_TRY_LIMIT = 'pin-try-limit';
const recordKey = (sfi: number, record: number): string => `record/${sfi}/${record}`;
const RAM_PIN_VERIFIED = 'pin-verified';

/**
 * The demo applet "KARTDEMO": FCI on SELECT, GET DATA (9F36 ATC, 9F17 PIN try counter), READ RECORD of SFI 1
 * (record 1: 70 with 5F20 name, 5A PAN, 5F24 expiry; record 2: 5F25 effective date, 5F28 country), GET CHALLENGE
 * (8 bytes), INCREMENT ATC (80 32 00 00 02: counts one transaction, returns the new ATC) and VERIFY with a
 * plaintext PIN (00 20 00 80 08 block) against a persistent try counter (63Cx, then 6983 when blocked).
 * The PIN is held only in persistent memory and compared in constant time; it is never logged.
 *
 * @remarks See ISO/IEC 7816-4:2020, 11.2.2, 11.3.3, 11.5.6, 11.5.1 (SELECT, READ RECORD, GET CHALLENGE, VERIFY);
 * EMV 4.4 Book 3, 6.5 (GET DATA, READ RECORD, VERIFY).
 */
export function createDemoApplet(options: DemoAppletOptions = {}): Applet {
  const aid = (options.aid ?? DEMO_AID).slice();
  const label = options.label ?? 'KART DEMO';
  const pin = options.pin ?? '1234';
  plaintextPinBlock(pin); // validates the PIN shape without echoing it
  const tryLimit = options.pinTries ?? 3;
  if (!Number.isInteger(tryLimit) || tryLimit < 1 || tryLimit > 15) throw new RangeError('pinTries must be 1 to 15');
  const fci = berTlv(
    TAG_6F_FCI_TEMPLATE,
    berTlv(TAG_84_DF_NAME, aid),
    berTlv(
      TAG_A5_FCI_PROPRIETARY,
      berTlv(TAG_50_APPLICATION_LABEL, ascii(label)),
      berTlv(TAG_5F2D_LANGUAGE_PREFERENCE, ascii('aren')), // Arabic, then English. See ISO 639-1.
      berTlv(TAG_BF0C_FCI_ISSUER_DISCRETIONARY, berTlv(TAG_DF01_DEMO_VERSION, Uint8Array.of(0x01, 0x00))),
    ),
  );

  return {
    aid,
    install(store) {
      store.set(KEY_PIN, ascii(pin));
      store.set(KEY_TRY_LIMIT, Uint8Array.of(tryLimit));
      store.set(KEY_TRIES, Uint8Array.of(tryLimit));
      const record1 = berTlv(
        TAG_70_RECORD_TEMPLATE,
        berTlv(TAG_5F20_CARDHOLDER_NAME, ascii(options.cardholderName ?? 'KART/DEMO')),
        berTlv(TAG_5A_PAN, bcd(options.pan ?? '9818000000000011', 0xf)),
        berTlv(TAG_5F24_EXPIRY, bcd(options.expiry ?? '291231', 0)),
      );
      // See ISO 3166-1: Egypt is 818, in EMV format n 3 on 2 bytes.
      const record2 = berTlv(TAG_70_RECORD_TEMPLATE, berTlv(TAG_5F25_EFFECTIVE, bcd('260101', 0)), berTlv(TAG_5F28_ISSUER_COUNTRY, bcd('0818', 0)));
      store.set(recordKey(DEMO_RECORD_SFI, 1), record1);
      store.set(recordKey(DEMO_RECORD_SFI, 2), record2);
    },
    select: () => ({ data: fci, sw: SW.SW_9000_NO_ERROR }),
    deselect: (context) => void context.ram.delete(RAM_PIN_VERIFIED),
    process(apdu, context) {
      const proprietary = (apdu.cla & 0x80) !== 0;
      switch (apdu.ins) {
        case INS_CA_GET_DATA:
          return getData(apdu, context);
        case INS_B2_READ_RECORD:
          return proprietary ? { sw: SW.SW_6E00_CLA_NOT_SUPPORTED } : readRecord(apdu, context.store);
        case INS_84_GET_CHALLENGE:
          if (apdu.p1 !== 0 || apdu.p2 !== 0) return { sw: SW.SW_6A86_WRONG_P1_P2 };
          if (apdu.data.length > 0) return { sw: SW.SW_6700_WRONG_LENGTH };
          return { data: context.random(8), sw: SW.SW_9000_NO_ERROR };
        case INS_20_VERIFY:
          return proprietary ? { sw: SW.SW_6E00_CLA_NOT_SUPPORTED } : verify(apdu, context);
        case INS_32_INCREMENT_ATC:
          return proprietary ? incrementAtc(apdu, context) : { sw: SW.SW_6D00_INS_NOT_SUPPORTED };
        default:
          return { sw: SW.SW_6D00_INS_NOT_SUPPORTED };
      }
    },
  };
}

function getData(apdu: CommandApdu, context: AppletContext): AppletResponse {
  if (apdu.data.length > 0) return { sw: SW.SW_6700_WRONG_LENGTH };
  const tag = (apdu.p1 << 8) | apdu.p2; // See EMV 4.4 Book 3, 6.5.7: P1 P2 = tag.
  if (tag === TAG_9F36_ATC) {
    const atc = context.atc.value;
    return { data: berTlv(tag, Uint8Array.of(atc >> 8, atc & 0xff)), sw: SW.SW_9000_NO_ERROR };
  }
  if (tag === TAG_9F17_PIN_TRY_COUNTER) {
    return { data: berTlv(tag, Uint8Array.of(triesLeft(context.store))), sw: SW.SW_9000_NO_ERROR };
  }
  return { sw: SW.SW_6A88_DATA_NOT_FOUND };
}

function readRecord(apdu: CommandApdu, store: AppletStore): AppletResponse {
  if (apdu.data.length > 0) return { sw: SW.SW_6700_WRONG_LENGTH };
  // See ISO/IEC 7816-4:2020, 11.3.3, Table 80: P2 b3-b1 = 100 reads record number P1 of the EF with SFI b8-b4.
  if ((apdu.p2 & 0x07) !== 0x04 || apdu.p1 === 0) return { sw: SW.SW_6A86_WRONG_P1_P2 };
  const sfi = apdu.p2 >> 3;
  if (sfi !== DEMO_RECORD_SFI) return { sw: SW.SW_6A82_FILE_NOT_FOUND };
  const record = store.get(recordKey(sfi, apdu.p1));
  return record ? { data: record, sw: SW.SW_9000_NO_ERROR } : { sw: SW.SW_6A83_RECORD_NOT_FOUND };
}

function incrementAtc(apdu: CommandApdu, context: AppletContext): AppletResponse {
  if (apdu.p1 !== 0 || apdu.p2 !== 0) return { sw: SW.SW_6A86_WRONG_P1_P2 };
  if (apdu.data.length > 0) return { sw: SW.SW_6700_WRONG_LENGTH };
  const atc = context.atc.increment();
  if (atc === undefined) return { sw: SW.SW_6985_CONDITIONS_NOT_SATISFIED }; // exhausted: no more transactions
  return { data: Uint8Array.of(atc >> 8, atc & 0xff), sw: SW.SW_9000_NO_ERROR };
}

const triesLeft = (store: AppletStore): number => store.get(KEY_TRIES)?.[0] ?? 0;

function verify(apdu: CommandApdu, context: AppletContext): AppletResponse {
  // See EMV 4.4 Book 3, 6.5.12: P1 = 00, P2 = 80 plaintext PIN.
  if (apdu.p1 !== 0 || apdu.p2 !== 0x80) return { sw: SW.SW_6A86_WRONG_P1_P2 };
  const { store, ram } = context;
  const left = triesLeft(store);
  if (left === 0) return { sw: SW.SW_6983_AUTH_METHOD_BLOCKED };
  if (apdu.data.length === 0) {
    // See ISO/IEC 7816-4:2020, 11.5.6: VERIFY without data asks for the status.
    return { sw: ram.get(RAM_PIN_VERIFIED) === true ? SW.SW_9000_NO_ERROR : SW.SW_63C0_TRIES_LEFT | left };
  }
  const offered = readPlaintextPinBlock(apdu.data);
  if (offered === undefined) return { sw: SW.SW_6A80_WRONG_DATA };
  // The try is spent before comparing, outside the transaction, so tearing cannot give a try back.
  store.writeNow(KEY_TRIES, Uint8Array.of(left - 1));
  ram.delete(RAM_PIN_VERIFIED);
  if (!constantTimeEqual(ascii(offered), store.get(KEY_PIN) ?? new Uint8Array(0))) {
    return { sw: SW.SW_63C0_TRIES_LEFT | (left - 1) };
  }
  store.writeNow(KEY_TRIES, store.get(KEY_TRY_LIMIT) ?? Uint8Array.of(left));
  ram.set(RAM_PIN_VERIFIED, true);
  return { sw: SW.SW_9000_NO_ERROR };
}

function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}
