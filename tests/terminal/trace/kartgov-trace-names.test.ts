import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { formatApduTrace } from '../../../terminal/trace/apdu-trace.ts';
import { KARTGOV_TRACE_NAMES } from '../../../terminal/trace/kartgov-trace-names.ts';

const test = suite('terminal/trace/kartgov-trace-names');
const bytes = (hex: string): Uint8Array => new Uint8Array(Buffer.from(hex.replace(/ /g, ''), 'hex'));

test('KARTGOV commands by class 80 INS, and VERIFY (biometric); others left to the EMV names', () => {
  const name = KARTGOV_TRACE_NAMES.describeCommand!;
  assert.equal(
    ['80CABF4200', '80CA9F3600', '80DA000005', '80DE000000', '805C000000', '805A000000', '80B2010000', '80D4000000', '0021009100', '00A4040000', '80FF000000'].map((h) => name(bytes(h))),
    ['READ DATA BF42', 'READ DATA 9F36', 'SET DATE', 'DEBIT ENTITLEMENT', 'SUPERVISE', 'VERIFY SUPERVISED', 'READ LOG', 'LOAD ENTITLEMENTS', 'VERIFY (biometric)', undefined, undefined],
  );
});

test('proprietary tags named, BFxx constructed, DF48 a date; EMV tags left to the dictionary', () => {
  const tag = KARTGOV_TRACE_NAMES.describeTag!;
  assert.equal([tag(0xdf34)?.name, tag(0xbf42)?.constructed, tag(0xdf34)?.constructed, tag(0xdf48)?.layout], ['Quantity (loaves or visits)', true, false, 'YYMMDD']);
  assert.is(tag(0x9f36), undefined);
});

test('a DEBIT ENTITLEMENT traced with the names: tags named instead of Unknown, the command named instead of UNKNOWN', () => {
  const capdu = bytes('80 DE 00 00 12 DF32 04 00B40001 DF33 01 01 DF34 04 0000000A 00');
  const rapdu = bytes('DF50 02 8E03 9000');
  const plain = formatApduTrace([{ capdu, rapdu }]);
  const named = formatApduTrace([{ capdu, rapdu }], { names: KARTGOV_TRACE_NAMES });
  assert.match(plain, 'Unknown');
  assert.not.match(named, 'Unknown');
  assert.not.match(named, 'UNKNOWN');
  for (const s of ['DEBIT ENTITLEMENT', 'DF32 Terminal Id [4] 00B40001', 'DF34 Quantity (loaves or visits) [4] 0000000A', 'DF50 Debit Proof (card-signed) [2]']) assert.match(named, s);
});

test.run();
