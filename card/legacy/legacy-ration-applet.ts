/**
 * The old ration smart card's applet "RATION1" (LEGACY.md): one 32-byte file read with READ BINARY, a money
 * balance decreased by DEBIT, and STOP, which a terminal that knows the household has moved to the unified card
 * sends so that the card refuses everywhere afterwards, offline terminals included. No keys, no signatures, no
 * cardholder verification: what the old cards could do, and why the transition must end.
 *
 * @remarks See ISO/IEC 7816-4:2020, 11.2.2 (SELECT) and 11.3.3 (READ BINARY); DEBIT and STOP are proprietary.
 */
import type { Applet, AppletContext, AppletResponse } from '../applet.ts';
import { berTlv } from '../ber-tlv.ts';
import type { CommandApdu } from '../command-apdu.ts';
import * as SW from '../status-word.ts';
import * as L from './legacy-layout.ts';
import type { LegacyCardFile } from './legacy-layout.ts';

/** What the card is personalised with. */
export type LegacyPersonalization = Omit<LegacyCardFile, 'atc'>;

const KEY_FILE = 'file';
const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);

function readFile(context: AppletContext): LegacyCardFile {
  const stored = context.store.get(KEY_FILE);
  const file = stored && L.decodeLegacyFile(stored);
  if (!file) throw new Error('legacy ration applet: the card file is missing or corrupt'); // the card OS answers 6F00
  return { ...file, atc: context.atc.value };
}

const writeFile = (context: AppletContext, file: LegacyCardFile): void => context.store.set(KEY_FILE, L.encodeLegacyFile(file));

/** Creates the applet; `personalization` is written at install (a fresh card). */
export function createLegacyRationApplet(personalization?: LegacyPersonalization): Applet {
  if (personalization) L.encodeLegacyFile({ ...personalization, atc: 0 }); // validates early
  return {
    aid: L.LEGACY_AID.slice(),
    install(store) {
      if (!personalization) throw new Error('legacy ration applet: a fresh card needs a personalisation');
      store.set(KEY_FILE, L.encodeLegacyFile({ ...personalization, atc: 0 }));
    },
    select(_apdu, context) {
      const fci = berTlv(0x6f, berTlv(0x84, L.LEGACY_AID), berTlv(0xa5, berTlv(0x50, ascii(L.LEGACY_LABEL))));
      const stopped = readFile(context).status === 'stopped';
      return { data: fci, sw: stopped ? 0x6283 : SW.SW_9000_NO_ERROR }; // 6283: selected, deactivated (ISO/IEC 7816-4)
    },
    process(apdu, context) {
      const proprietary = (apdu.cla & 0x80) !== 0;
      switch (apdu.ins) {
        case L.INS_B0_READ_BINARY:
          return proprietary ? { sw: SW.SW_6E00_CLA_NOT_SUPPORTED } : readBinary(apdu, context);
        case L.INS_30_DEBIT:
          return proprietary ? debit(apdu, context) : { sw: SW.SW_6E00_CLA_NOT_SUPPORTED };
        case L.INS_3A_STOP:
          return proprietary ? stop(apdu, context) : { sw: SW.SW_6E00_CLA_NOT_SUPPORTED };
        default:
          return { sw: SW.SW_6D00_INS_NOT_SUPPORTED };
      }
    },
  };
}

/** READ BINARY 00 B0 P1 P2 Le: P1-P2 the offset (short EF addressing not used); at most Ne bytes, to the end. */
function readBinary(apdu: CommandApdu, context: AppletContext): AppletResponse {
  if (apdu.data.length > 0) return { sw: SW.SW_6700_WRONG_LENGTH };
  const offset = (apdu.p1 << 8) | apdu.p2;
  if (offset >= L.LEGACY_FILE_LENGTH) return { sw: 0x6b00 }; // wrong parameters: offset outside the file
  const bytes = L.encodeLegacyFile(readFile(context));
  const end = apdu.ne === 0 ? L.LEGACY_FILE_LENGTH : Math.min(L.LEGACY_FILE_LENGTH, offset + apdu.ne);
  return { data: bytes.slice(offset, end), sw: SW.SW_9000_NO_ERROR };
}

/** DEBIT 80 30 00 00 04 <piastres> → 4 bytes balance after, 2 bytes ATC. */
function debit(apdu: CommandApdu, context: AppletContext): AppletResponse {
  if (apdu.p1 !== 0 || apdu.p2 !== 0) return { sw: SW.SW_6A86_WRONG_P1_P2 };
  if (apdu.data.length !== 4) return { sw: SW.SW_6700_WRONG_LENGTH };
  const amount = new DataView(apdu.data.buffer, apdu.data.byteOffset, 4).getUint32(0);
  if (amount === 0) return { sw: SW.SW_6A80_WRONG_DATA };
  const file = readFile(context);
  if (file.status === 'stopped') return { sw: SW.SW_6985_CONDITIONS_NOT_SATISFIED };
  if (amount > file.balancePiastres) return { sw: L.SW_9E01_BALANCE_INSUFFICIENT };
  const atc = context.atc.increment();
  if (atc === undefined) return { sw: SW.SW_6985_CONDITIONS_NOT_SATISFIED };
  const balance = file.balancePiastres - amount;
  writeFile(context, { ...file, balancePiastres: balance });
  return { data: Uint8Array.of(balance >>> 24, (balance >>> 16) & 0xff, (balance >>> 8) & 0xff, balance & 0xff, atc >> 8, atc & 0xff), sw: SW.SW_9000_NO_ERROR };
}

/** STOP 80 3A 00 00: the card is stopped for good (idempotent). */
function stop(apdu: CommandApdu, context: AppletContext): AppletResponse {
  if (apdu.p1 !== 0 || apdu.p2 !== 0) return { sw: SW.SW_6A86_WRONG_P1_P2 };
  if (apdu.data.length > 0) return { sw: SW.SW_6700_WRONG_LENGTH };
  writeFile(context, { ...readFile(context), status: 'stopped' });
  return { sw: SW.SW_9000_NO_ERROR };
}
