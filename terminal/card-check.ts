/**
 * The card check that `npm start` runs: select the demo application, read the cardholder records, read the
 * transaction counter and PIN try counter, verify the PIN, count one transaction. Small on purpose: it exercises
 * the whole path (reader, T=0 rules, TLV, status words, redacted trace) before the services land on it.
 */
import type { Transceiver } from '../emv/transceiver.ts';
import { EmvCommands } from '../emv/apdu/emv-commands.ts';
import { buildCommandApdu } from '../emv/apdu/command-apdu.ts';
import { parseResponseApdu } from '../emv/apdu/response-apdu.ts';
import { describeStatusWord } from '../emv/apdu/status-words.ts';
import { decodeTlv } from '../emv/tlv/decode-tlv.ts';
import { searchTlv } from '../emv/tlv/find-tlv.ts';
import { decodeN } from '../emv/tlv/data-format.ts';
import { buildPlaintextPinBlock } from '../emv/pin/plaintext-pin-block.ts';

/** AID of Kart's demo application "KARTDEMO" (proprietary, F0 = national RID range); see card/demo-applet.ts. */
export const KARTDEMO_AID = Uint8Array.of(0xf0, 0x4b, 0x41, 0x52, 0x54, 0x44, 0x45, 0x4d, 0x4f);

export interface CardCheckResult {
  readonly ok: boolean;
  /** Stable outcome code: CARD_CHECKED, APP_NOT_FOUND, PIN_WRONG, PIN_BLOCKED, CARD_ERROR. */
  readonly outcome: 'CARD_CHECKED' | 'APP_NOT_FOUND' | 'PIN_WRONG' | 'PIN_BLOCKED' | 'CARD_ERROR';
  readonly reason?: string;
  readonly label?: string;
  readonly cardholderName?: string;
  /** PAN with all but the last four digits masked. */
  readonly panMasked?: string;
  /** Expiry as YYYY-MM-DD. */
  readonly expiry?: string;
  readonly pinTriesLeft?: number;
  readonly atcBefore?: number;
  readonly atcAfter?: number;
}

const text = (bytes: Uint8Array | undefined): string | undefined => (bytes ? new TextDecoder().decode(bytes).trim() : undefined);
const uint = (bytes: Uint8Array | undefined): number | undefined => (bytes ? bytes.reduce((n, b) => n * 256 + b, 0) : undefined);

/** Runs the card check through `transceive`, with `pin` entered by the cardholder. */
export async function runCardCheck(transceive: Transceiver, pin: string): Promise<CardCheckResult> {
  const send = async (capdu: Uint8Array) => parseResponseApdu(await transceive(capdu));
  const failed = (sw: number) => `${sw.toString(16).toUpperCase().padStart(4, '0')} ${describeStatusWord(sw).meaning}`;

  const select = await send(EmvCommands.selectByName(KARTDEMO_AID));
  if (select.sw === 0x6a82) return { ok: false, outcome: 'APP_NOT_FOUND', reason: 'the card has no KARTDEMO application' };
  if (select.sw !== 0x9000) return { ok: false, outcome: 'CARD_ERROR', reason: `SELECT: ${failed(select.sw)}` };
  const label = text(searchTlv(decodeTlv(select.data), 0x50)?.value);

  const fields = new Map<number, Uint8Array>();
  for (const record of [1, 2]) {
    const r = await send(EmvCommands.readRecord(1, record));
    if (r.sw !== 0x9000) return { ok: false, outcome: 'CARD_ERROR', reason: `READ RECORD ${record}: ${failed(r.sw)}` };
    for (const tag of [0x5f20, 0x5a, 0x5f24]) {
      const found = searchTlv(decodeTlv(r.data), tag);
      if (found) fields.set(tag, found.value);
    }
  }
  const pan = fields.get(0x5a) ? Buffer.from(fields.get(0x5a)!).toString('hex').replace(/f+$/i, '') : undefined;
  const expiryDigits = fields.get(0x5f24) ? decodeN(fields.get(0x5f24)!).toString().padStart(6, '0') : undefined;
  const base = {
    ...(label ? { label } : {}),
    ...(fields.get(0x5f20) ? { cardholderName: text(fields.get(0x5f20))! } : {}),
    ...(pan ? { panMasked: '*'.repeat(Math.max(0, pan.length - 4)) + pan.slice(-4) } : {}),
    ...(expiryDigits ? { expiry: `20${expiryDigits.slice(0, 2)}-${expiryDigits.slice(2, 4)}-${expiryDigits.slice(4, 6)}` } : {}),
  };

  const atc = await send(EmvCommands.getData(0x9f36));
  const atcBefore = uint(searchTlv(decodeTlv(atc.data), 0x9f36)?.value);
  const verify = await send(EmvCommands.verify(0x80, buildPlaintextPinBlock(pin)));
  if (verify.sw === 0x6983) return { ok: false, outcome: 'PIN_BLOCKED', reason: 'the PIN is blocked', ...base, pinTriesLeft: 0 };
  if (verify.sw1 === 0x63) {
    return { ok: false, outcome: 'PIN_WRONG', reason: 'wrong PIN', ...base, pinTriesLeft: verify.sw2 & 0x0f };
  }
  if (verify.sw !== 0x9000) return { ok: false, outcome: 'CARD_ERROR', reason: `VERIFY: ${failed(verify.sw)}`, ...base };
  const tries = await send(EmvCommands.getData(0x9f17));
  // See card/gov COMMANDS.md for the government applet; 80 32 is the demo applet's "count one transaction".
  const count = await send(buildCommandApdu({ cla: 0x80, ins: 0x32, p1: 0x00, p2: 0x00, le: 2 }));
  if (count.sw !== 0x9000) return { ok: false, outcome: 'CARD_ERROR', reason: `COUNT: ${failed(count.sw)}`, ...base };
  return {
    ok: true,
    outcome: 'CARD_CHECKED',
    ...base,
    ...(uint(searchTlv(decodeTlv(tries.data), 0x9f17)?.value) !== undefined ? { pinTriesLeft: uint(searchTlv(decodeTlv(tries.data), 0x9f17)?.value)! } : {}),
    ...(atcBefore !== undefined ? { atcBefore } : {}),
    atcAfter: uint(count.data)!,
  };
}
