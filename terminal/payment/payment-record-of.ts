/**
 * The card payment record (journal type 6) of a kernel result: the data objects the transaction ended with (the
 * last GENERATE AC's 9F26 / 9F27 / 9F36 / 9F10, the final 95 / 9B / 9F34, 9F37, 8A), the PAN masked and
 * tokenised. No record when the card never gave its PAN (the transaction ended at selection).
 * @remarks See EMV 4.4 Book 3, Annex A (the data elements); Book 4, Annex A6 (ARC Y1 / Z1 for offline decisions).
 */
import type { EmvTransactionResult } from '../../emv/kernel/run-emv-transaction.ts';
import * as T from '../../emv/tlv/tags.ts';
import {
  cidType, PAYMENT_OUTCOME, ARC_PATTERN, type CardPaymentRecord,
} from '../schemas/card-payment-record.ts';
import { maskPan, panDigits, panToken } from './pan-protection.ts';

export interface PaymentRecordContext {
  readonly terminalId: number;
  readonly timeMs: number;
  readonly utcOffsetMinutes: number;
  /** `APPROVED` or the decline code. */
  readonly code: string;
  readonly amountPiastres: number;
  readonly panTokenKey: Uint8Array;
}

const bcd = (value: Uint8Array | undefined): number | undefined => {
  if (!value) return undefined;
  const digits = Buffer.from(value).toString('hex');
  return /^[0-9]+$/.test(digits) ? Number(digits) : undefined;
};
const uintOf = (value: Uint8Array | undefined): number | undefined =>
  value && value.length > 0 && value.length <= 4 ? value.reduce((n, b) => n * 256 + b, 0) : undefined;

/** The record, or undefined when the card gave no PAN. Throws `PAY_CARD_DATA_INVALID` for a PAN that is no PAN. */
export function paymentRecordOf(emv: EmvTransactionResult, ctx: PaymentRecordContext): CardPaymentRecord | undefined {
  const d = emv.data;
  const panValue = d.get(T.TAG_5A_PAN);
  if (!panValue) return undefined;
  const pan = panDigits(panValue);
  const cidValue = d.get(T.TAG_9F27_CRYPTOGRAM_INFORMATION_DATA);
  const cryptogram = d.get(T.TAG_9F26_APPLICATION_CRYPTOGRAM);
  const cid = cidValue?.length === 1 && cryptogram?.length === 8 ? cidValue[0]! : undefined;
  const type = cid === undefined ? undefined : cidType(cid);
  const hasCryptogram = cid !== undefined && type !== undefined;
  const atc = uintOf(d.get(T.TAG_9F36_ATC));
  const approved = ctx.code === 'APPROVED';
  const arcText = d.get(T.TAG_8A_AUTHORISATION_RESPONSE_CODE);
  let arc = arcText ? new TextDecoder().decode(arcText) : undefined;
  // See Book 4, Annex A6: a decision made offline by the terminal and card: Y1 approved, Z1 declined.
  if (arc === undefined && !emv.online && hasCryptogram) arc = approved ? 'Y1' : 'Z1';
  const iad = d.get(T.TAG_9F10_ISSUER_APPLICATION_DATA);
  const psn = bcd(d.get(T.TAG_5F34_PAN_SEQUENCE_NUMBER));
  const aid = d.get(T.TAG_4F_APPLICATION_IDENTIFIER) ?? d.get(T.TAG_84_DF_NAME);
  return {
    version: 1,
    terminalId: ctx.terminalId,
    time: Math.floor(ctx.timeMs / 1000),
    utcOffsetMinutes: ctx.utcOffsetMinutes,
    outcome: approved ? PAYMENT_OUTCOME.APPROVED : PAYMENT_OUTCOME.DECLINED,
    code: ctx.code,
    aid: aid && aid.length >= 5 && aid.length <= 16 ? Uint8Array.from(aid) : new Uint8Array(5),
    panMasked: maskPan(pan),
    panToken: panToken(pan, ctx.panTokenKey),
    panSequenceNumber: psn !== undefined && psn <= 99 ? psn : null,
    amount: ctx.amountPiastres,
    currency: bcd(d.get(T.TAG_5F2A_TRANSACTION_CURRENCY_CODE)) ?? 0,
    atc: atc !== undefined && atc <= 0xffff ? atc : null,
    cryptogramType: hasCryptogram ? type : null,
    cryptogram: hasCryptogram ? Uint8Array.from(cryptogram!) : null,
    cid: hasCryptogram ? cid : null,
    tvr: Uint8Array.from(emv.tvr),
    tsi: Uint8Array.from(emv.tsi),
    cvmResults: Uint8Array.from(emv.cvmResults),
    iad: iad && iad.length <= 32 ? Uint8Array.from(iad) : null,
    unpredictableNumber: Uint8Array.from(d.get(T.TAG_9F37_UNPREDICTABLE_NUMBER) ?? new Uint8Array(4)),
    online: emv.online,
    arc: arc !== undefined && ARC_PATTERN.test(arc) ? arc : null,
  };
}
