/**
 * Regenerates the card payment record vectors in tests/terminal/payment/vectors/ (not a suite). Unsigned schema:
 * the files depend only on the values below. The PAN is a test PAN on a fictitious BIN; the token key is a fixed
 * test label's hash, never a real key.
 *
 * Usage: node --import tsx tests/terminal/payment/make-card-payment-vectors.ts
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { maskPan, panToken } from '../../../terminal/payment/pan-protection.ts';
import {
  CRYPTOGRAM_TYPE, decodeCardPaymentRecord, encodeCardPaymentRecord, PAYMENT_OUTCOME, type CardPaymentRecord,
} from '../../../terminal/schemas/card-payment-record.ts';
import { hex, toVectorJson, unhex } from '../../fixtures/schemas-v1/vector-json.ts';

export const VECTOR_PAN = '6280010000000017';
export const VECTOR_TOKEN_KEY = new Uint8Array(createHash('sha256').update('kart test PAN token key').digest());

const base: CardPaymentRecord = {
  version: 1, terminalId: 10597059, time: 1774000000, utcOffsetMinutes: 120, outcome: PAYMENT_OUTCOME.APPROVED, code: 'APPROVED',
  aid: unhex('f04b415254504159'), panMasked: maskPan(VECTOR_PAN), panToken: panToken(VECTOR_PAN, VECTOR_TOKEN_KEY),
  panSequenceNumber: 1, amount: 4550, currency: 818, atc: 7, cryptogramType: CRYPTOGRAM_TYPE.TC, cryptogram: unhex('8e4c21a0d90b3f57'),
  cid: 0x40, tvr: unhex('0000000000'), tsi: unhex('e800'), cvmResults: unhex('080002'), iad: unhex('0110a00000000000'),
  unpredictableNumber: unhex('1a2b3c4d'), online: false, arc: 'Y1',
};

export const VECTORS: Record<string, { description: string; value: CardPaymentRecord }> = {
  'card-payment-offline-tc.json': { description: 'Offline approval: finger verified on the card (CVM Results 08 00 02), TC, ARC Y1', value: base },
  'card-payment-online-approved.json': {
    description: 'Online approval: finger captured for the issuer (09 00 00), ARQC then TC after ARC 00',
    value: { ...base, atc: 8, cryptogram: unhex('53d0a4b9e1277c60'), cvmResults: unhex('090000'), tvr: unhex('0000080000'), online: true, arc: '00', unpredictableNumber: unhex('00c0ffee') },
  },
  'card-payment-declined.json': {
    description: 'Declined by the issuer (ARC 05): the card gave an AAC',
    value: {
      ...base, outcome: PAYMENT_OUTCOME.DECLINED, code: 'ISSUER_DECLINED', atc: 9, cryptogramType: CRYPTOGRAM_TYPE.AAC, cryptogram: unhex('0011223344556677'),
      cid: 0x00, online: true, arc: '05', panSequenceNumber: null,
    },
  },
};

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  for (const [file, { description, value }] of Object.entries(VECTORS)) {
    const cbor = encodeCardPaymentRecord(value);
    const vector = { schema: 'cardPaymentRecord', description, value: toVectorJson(decodeCardPaymentRecord(cbor)), cbor: hex(cbor) };
    writeFileSync(join(import.meta.dirname, 'vectors', file), `${JSON.stringify(vector, null, 2)}\n`);
    process.stdout.write(`wrote ${file} (${cbor.length} bytes)\n`);
  }
}
