import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { describeStatusWord } from '../../../emv/apdu/status-words.ts';

const test = suite('emv/apdu/status-words');

const exact: [number, string, string, string][] = [
  [0x9000, 'SW_9000', 'normal', 'Normal processing: no further qualification'],
  [0x6283, 'SW_6283', 'warning', 'Warning, memory unchanged: selected file deactivated (EMV: application blocked)'],
  [0x6300, 'SW_6300', 'warning', 'Warning, memory changed: no information given (EMV: authentication failed)'],
  [0x6581, 'SW_6581', 'execution-error', 'Execution error, memory changed: memory failure'],
  [0x6700, 'SW_6700', 'checking-error', 'Checking error: wrong length'],
  [0x6881, 'SW_6881', 'checking-error', 'Checking error: logical channel not supported'],
  [0x6882, 'SW_6882', 'checking-error', 'Checking error: secure messaging not supported'],
  [0x6982, 'SW_6982', 'checking-error', 'Command not allowed: security status not satisfied'],
  [0x6983, 'SW_6983', 'checking-error', 'Command not allowed: authentication method blocked (EMV: PIN try limit exceeded)'],
  [0x6984, 'SW_6984', 'checking-error', 'Command not allowed: reference data not usable (EMV: referenced data invalidated)'],
  [0x6985, 'SW_6985', 'checking-error', 'Command not allowed: conditions of use not satisfied'],
  [0x6986, 'SW_6986', 'checking-error', 'Command not allowed: no current EF'],
  [0x6a80, 'SW_6A80', 'checking-error', 'Wrong parameters: incorrect parameters in the command data field'],
  [0x6a81, 'SW_6A81', 'checking-error', 'Wrong parameters: function not supported'],
  [0x6a82, 'SW_6A82', 'checking-error', 'Wrong parameters: file or application not found'],
  [0x6a83, 'SW_6A83', 'checking-error', 'Wrong parameters: record not found'],
  [0x6a84, 'SW_6A84', 'checking-error', 'Wrong parameters: not enough memory space in the file'],
  [0x6a86, 'SW_6A86', 'checking-error', 'Wrong parameters: incorrect parameters P1-P2'],
  [0x6a88, 'SW_6A88', 'checking-error', 'Wrong parameters: referenced data or reference data not found'],
  [0x6b00, 'SW_6B00', 'checking-error', 'Checking error: wrong parameters P1-P2'],
  [0x6d00, 'SW_6D00', 'checking-error', 'Checking error: instruction code not supported or invalid'],
  [0x6e00, 'SW_6E00', 'checking-error', 'Checking error: class not supported'],
  [0x6f00, 'SW_6F00', 'checking-error', 'Checking error: no precise diagnosis'],
];
for (const [sw, code, category, meaning] of exact) {
  test(code, () => assert.equal(describeStatusWord(sw), { code, meaning, category }));
}

test('61XX carries the bytes available (00 = 256)', () => {
  assert.equal(describeStatusWord(0x6110), {
    code: 'SW_61XX',
    meaning: 'Normal processing: 16 response bytes still available',
    category: 'normal',
    count: 16,
  });
  assert.is(describeStatusWord(0x6100).count, 256);
});

test('6CXX carries the exact Le', () => {
  assert.equal(describeStatusWord(0x6c08), {
    code: 'SW_6CXX',
    meaning: 'Checking error: wrong Le field, exactly 8 bytes available',
    category: 'checking-error',
    count: 8,
  });
  assert.is(describeStatusWord(0x6c00).count, 256);
});

test('63CX carries the tries left', () => {
  assert.equal(describeStatusWord(0x63c2), {
    code: 'SW_63CX',
    meaning: 'Warning: verification failed, 2 tries left',
    category: 'warning',
    count: 2,
  });
  assert.is(describeStatusWord(0x63c0).count, 0);
});

test('families and unknowns', () => {
  assert.equal(describeStatusWord(0x6299), { code: 'SW_62XX', meaning: 'Warning, memory unchanged (SW2 99)', category: 'warning' });
  assert.equal(describeStatusWord(0x6a90), { code: 'SW_6AXX', meaning: 'Wrong parameters P1-P2 (SW2 90)', category: 'checking-error' });
  assert.equal(describeStatusWord(0x6401), {
    code: 'SW_64XX',
    meaning: 'Execution error, memory unchanged (SW2 01)',
    category: 'execution-error',
  });
  assert.equal(describeStatusWord(0x9f10), { code: 'SW_9F10', meaning: 'Unknown status word', category: 'unknown' });
  assert.equal(describeStatusWord(0x0000), { code: 'SW_0000', meaning: 'Unknown status word', category: 'unknown' });
  assert.equal(describeStatusWord(0x6d01), { code: 'SW_6D01', meaning: 'Unknown status word', category: 'checking-error' });
});

test.run();
