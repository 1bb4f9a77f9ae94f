import * as assert from 'uvu/assert';
import { isStatusByte, STATUS_FIXED } from '../../../../terminal/print/escpos/printer-status-byte.ts';
import { suite } from '../../../support/suite.ts';

const test = suite('terminal/print/escpos/printer-status-byte');

test('status replies have bits 1 and 4 set, bits 0 and 7 clear', () => {
  assert.ok(isStatusByte(STATUS_FIXED));
  assert.ok(isStatusByte(0x72));
  assert.not.ok(isStatusByte(0x00));
  assert.not.ok(isStatusByte(0x13));
  assert.not.ok(isStatusByte(0x92));
});

test.run();
