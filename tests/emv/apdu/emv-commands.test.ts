import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { EmvCommands, VERIFY_P2 } from '../../../emv/apdu/emv-commands.ts';
import { fromHex, toHex } from '../../../emv/tlv/hex.ts';
import { assertEmvError } from '../assert-emv-error.ts';

const test = suite('emv/apdu/emv-commands');

test('SELECT PSE, first and next occurrence', () => {
  const pse = new TextEncoder().encode('1PAY.SYS.DDF01');
  assert.is(toHex(EmvCommands.selectByName(pse)), '00A404000E315041592E5359532E444446303100');
  assert.is(toHex(EmvCommands.selectByName(fromHex('A0000000031010'), true)), '00A4040207A000000003101000');
  assertEmvError(() => EmvCommands.selectByName(new Uint8Array(17)), 'EMV_APDU_MALFORMED');
});

test('READ RECORD', () => {
  assert.is(toHex(EmvCommands.readRecord(1, 1)), '00B2010C00');
  assert.is(toHex(EmvCommands.readRecord(2, 3)), '00B2031400');
  assertEmvError(() => EmvCommands.readRecord(31, 1), 'EMV_APDU_MALFORMED');
  assertEmvError(() => EmvCommands.readRecord(1, 0), 'EMV_APDU_MALFORMED');
});

test('GET PROCESSING OPTIONS with and without PDOL data', () => {
  assert.is(toHex(EmvCommands.getProcessingOptions()), '80A8000002830000');
  assert.is(toHex(EmvCommands.getProcessingOptions(fromHex('0818'))), '80A80000048302081800');
});

test('GENERATE AC', () => {
  const cdol = fromHex('000000001500');
  assert.is(toHex(EmvCommands.generateAc('ARQC', cdol)), '80AE800006000000001500' + '00');
  assert.is(toHex(EmvCommands.generateAc('TC', cdol, true)), '80AE500006000000001500' + '00');
  assert.is(toHex(EmvCommands.generateAc('AAC', cdol)), '80AE000006000000001500' + '00');
});

test('GET DATA, VERIFY, GET CHALLENGE, INTERNAL and EXTERNAL AUTHENTICATE', () => {
  assert.is(toHex(EmvCommands.getData(0x9f36)), '80CA9F3600');
  assert.is(toHex(EmvCommands.getData(0x9f17)), '80CA9F1700');
  assertEmvError(() => EmvCommands.getData(0x9f8101), 'EMV_APDU_MALFORMED');
  assert.is(toHex(EmvCommands.verify(VERIFY_P2.PLAINTEXT_PIN, fromHex('241234FFFFFFFFFF'))), '0020008008241234FFFFFFFFFF');
  assert.is(toHex(EmvCommands.getChallenge()), '0084000000');
  assert.is(toHex(EmvCommands.internalAuthenticate(fromHex('1A2B3C4D'))), '00880000041A2B3C4D00');
  assert.is(toHex(EmvCommands.externalAuthenticate(fromHex('0102030405060708 3030'))), '008200000A01020304050607083030');
});

test.run();
