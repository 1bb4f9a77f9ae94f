import * as assert from 'uvu/assert';
import { HalError } from '../../../../terminal/hal/errors.ts';
import { halErrorFromPcsc, isServiceLost, pcscReturnCode } from '../../../../terminal/hal/pcsc/pcsc-errors.ts';
import { suite } from '../../../support/suite.ts';

const test = suite('terminal/hal/pcsc/pcsc-errors');

const cases: [string, string][] = [
  ['SCardTransmit error: Card was removed.(0x80100069)', 'HAL_CARD_REMOVED'],
  ['SCardConnect error: Sharing violation.(0x8010000b)', 'HAL_SHARING_VIOLATION'],
  ['SCardConnect error: No smart card inserted.(0x8010000c)', 'HAL_NO_CARD'],
  ['SCardConnect error: Card is unresponsive.(0x80100066)', 'HAL_CARD_UNRESPONSIVE'],
  ['SCardConnect error: Card protocol mismatch.(0x8010000f)', 'HAL_PROTOCOL_MISMATCH'],
  ['SCardTransmit error: RPC transport error.(0x80100013)', 'HAL_DISCONNECTED'],
  ['SCardTransmit error: Service not available.(0x8010001d)', 'HAL_DISCONNECTED'],
  ['SCardTransmit error: Access denied.(0x8010006a)', 'HAL_DISCONNECTED'],
  ['Card Reader not connected', 'HAL_DISCONNECTED'],
  ['SCardTransmit error: Something new.(0x80100099)', 'HAL_DEVICE_ERROR'],
];

test('maps pcsclite messages to HAL codes, keeping the cause', () => {
  for (const [message, code] of cases) {
    const cause = new Error(message);
    const error = halErrorFromPcsc(cause, 'transmit');
    assert.instance(error, HalError);
    assert.is(error.code, code, message);
    assert.is(error.cause, cause);
  }
});

test('reads the return code and knows which ones mean pcscd is gone', () => {
  assert.is(pcscReturnCode(new Error('x (0x8010001e)')), 0x8010001e);
  assert.is(pcscReturnCode(new Error('no code')), undefined);
  assert.ok(isServiceLost(new Error('SCardGetStatusChange error: RPC transport error.(0x80100013)')));
  assert.not.ok(isServiceLost(new Error('SCardTransmit error: Card was removed.(0x80100069)')));
});

test.run();
