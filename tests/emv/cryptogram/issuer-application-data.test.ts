import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { EmvError } from '../../../emv/errors.ts';
import {
  CVR_BITS,
  decodeCvr,
  decodeIssuerApplicationData,
  emptyCvr,
  encodeCvr,
  encodeIssuerApplicationData,
  KART_CVN_01,
  type CardVerificationResults,
} from '../../../emv/cryptogram/issuer-application-data.ts';
import { fromHex, toHex } from '../../../emv/tlv/hex.ts';
import { createSeededRandom } from '../../../terminal/journal/seeded-random.ts';
import { assertEmvError } from '../assert-emv-error.ts';

const test = suite('emv/cryptogram/issuer-application-data');

test('CVR byte 1 codes the AC types: ARQC in GEN AC 1, GEN AC 2 not requested is A0', () => {
  // Byte 1: second GEN AC 'not requested' (10) in b8-b7, first GEN AC ARQC (10) in b6-b5.
  assert.is(toHex(encodeCvr(emptyCvr('ARQC'))), 'A0000000');
  assert.is(toHex(encodeCvr(emptyCvr('TC'))), '90000000');
  assert.is(toHex(encodeCvr(emptyCvr('AAC'))), '80000000');
  assert.is(toHex(encodeCvr({ ...emptyCvr('ARQC'), secondGenerateAcType: 'TC' })), '60000000');
  assert.is(toHex(encodeCvr({ ...emptyCvr('ARQC'), secondGenerateAcType: 'AAC' })), '20000000');
});

test('every flag has its own bit, and each bit decodes back to exactly that flag', () => {
  const seen = new Set<string>();
  for (const [name, bit] of Object.entries(CVR_BITS)) {
    const key = `${bit.byte}:${bit.mask}`;
    assert.not.ok(seen.has(key), `${name} shares a bit`);
    seen.add(key);
    const cvr = { ...emptyCvr('AAC'), secondGenerateAcType: 'AAC', [name]: true } as CardVerificationResults;
    const bytes = encodeCvr(cvr);
    const expected = new Uint8Array(4);
    expected[bit.byte - 1] = bit.mask;
    assert.equal(bytes, expected, name);
    const back = decodeCvr(bytes);
    for (const other of Object.keys(CVR_BITS)) {
      assert.is(back[other as keyof typeof CVR_BITS], other === name, `${name} → ${other}`);
    }
  }
});

test('counters: PIN try counter in byte 2 b8-b5, script commands in byte 4 b8-b5', () => {
  const cvr: CardVerificationResults = { ...emptyCvr('ARQC'), pinTryCounter: 3, issuerScriptCommandsProcessed: 15, offlinePinPerformed: true };
  assert.is(toHex(encodeCvr(cvr)), 'A03800F0');
  assert.equal(decodeCvr(fromHex('A03800F0')), cvr);
  for (const bad of [-1, 16, 2.5]) {
    assertEmvError(() => encodeCvr({ ...cvr, pinTryCounter: bad }), 'EMV_FORMAT_INVALID');
    assertEmvError(() => encodeCvr({ ...cvr, issuerScriptCommandsProcessed: bad }), 'EMV_FORMAT_INVALID');
  }
  assertEmvError(() => encodeCvr({ ...cvr, firstGenerateAcType: 'XYZ' as 'TC' }), 'EMV_FORMAT_INVALID');
});

test('decodeCvr refuses RFU codes and bits and wrong lengths', () => {
  assertEmvError(() => decodeCvr(fromHex('30000000')), 'EMV_FORMAT_INVALID'); // first AC type 11
  assertEmvError(() => decodeCvr(fromHex('E0000000')), 'EMV_FORMAT_INVALID'); // second AC type 11
  assertEmvError(() => decodeCvr(fromHex('A0000001')), 'EMV_FORMAT_INVALID'); // byte 4 b1 RFU
  assertEmvError(() => decodeCvr(fromHex('A00000')), 'EMV_FORMAT_INVALID');
  assertEmvError(() => decodeCvr(fromHex('A000000000')), 'EMV_FORMAT_INVALID');
});

test('IAD layout: 06, DKI, CVN, CVR, and back', () => {
  const cvr = encodeCvr(emptyCvr('ARQC'));
  const iad = encodeIssuerApplicationData({ derivationKeyIndex: 0x01, cryptogramVersion: KART_CVN_01, cvr });
  assert.is(toHex(iad), '060101A0000000');
  assert.equal(decodeIssuerApplicationData(iad), { derivationKeyIndex: 1, cryptogramVersion: KART_CVN_01, cvr });
  assertEmvError(() => encodeIssuerApplicationData({ derivationKeyIndex: 256, cryptogramVersion: 1, cvr }), 'EMV_FORMAT_INVALID');
  assertEmvError(() => encodeIssuerApplicationData({ derivationKeyIndex: 1, cryptogramVersion: -1, cvr }), 'EMV_FORMAT_INVALID');
  assertEmvError(() => encodeIssuerApplicationData({ derivationKeyIndex: 1, cryptogramVersion: 1, cvr: new Uint8Array(5) }), 'EMV_FORMAT_INVALID');
});

test('decodeIssuerApplicationData refuses other schemes and garbage', () => {
  for (const hex of ['', '06', '060101A00000', '060101A000000000', '070101A0000000', '06010A03A0B800' + '00', '0F']) {
    assertEmvError(() => decodeIssuerApplicationData(fromHex(hex)), 'EMV_FORMAT_INVALID');
  }
});

test('fuzz: 100 000 seeded byte strings decode to a round trip or EMV_FORMAT_INVALID, nothing else', () => {
  const random = createSeededRandom(0x43565221);
  for (let i = 0; i < 100_000; i++) {
    const length = i % 2 === 0 ? 4 : random.int(10);
    const bytes = Uint8Array.from({ length }, () => random.int(256));
    if (i % 4 === 1 && length > 0) bytes[0] = 0x06;
    for (const decode of [decodeCvr, decodeIssuerApplicationData] as const) {
      try {
        const value = decode(bytes);
        const again = decode === decodeCvr
          ? encodeCvr(value as CardVerificationResults)
          : encodeIssuerApplicationData(value as ReturnType<typeof decodeIssuerApplicationData>);
        assert.equal(again, bytes, `input ${i} ${toHex(bytes)}`);
      } catch (error) {
        if (!(error instanceof EmvError) || error.code !== 'EMV_FORMAT_INVALID') {
          throw new Error(`input ${i} ${toHex(bytes)}: ${String(error)}`);
        }
      }
    }
  }
});

test.run();
