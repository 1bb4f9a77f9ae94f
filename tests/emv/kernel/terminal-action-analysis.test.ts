import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { defaultActionAnalysis, terminalActionAnalysis, type CryptogramType } from '../../../emv/kernel/terminal-action-analysis.ts';
import { fromHex } from '../../../emv/tlv/hex.ts';

const test = suite('emv/kernel/terminal-action-analysis');

const TAC = { denial: '0010000000', online: 'EC68A4FC00', default: 'EC68A4FC00' };
const NONE = '0000000000';

interface Row {
  readonly name: string;
  readonly tvr: string;
  readonly iac?: { denial?: string; online?: string; default?: string };
  readonly tac?: Partial<typeof TAC>;
  /** Terminal Type: 22 offline with online capability (default), 21 online only, 23 offline only. */
  readonly terminalType?: number;
  readonly expected: CryptogramType;
}

const rows: Row[] = [
  { name: 'clean TVR, IACs zero: TC', tvr: NONE, iac: { denial: NONE, online: NONE, default: NONE }, expected: 'TC' },
  { name: 'clean TVR, no IACs: IAC-online all ones matches nothing: TC', tvr: NONE, expected: 'TC' },
  { name: 'any TVR bit, no IAC-online (all ones): ARQC', tvr: '0000000001', tac: { online: NONE }, expected: 'ARQC' },
  { name: 'service not allowed, TAC-denial: AAC', tvr: '0010000000', iac: { denial: NONE, online: NONE, default: NONE }, expected: 'AAC' },
  { name: 'IAC-denial alone denies: AAC', tvr: '0000800000', tac: { denial: NONE, online: NONE }, iac: { denial: '0000800000', online: NONE }, expected: 'AAC' },
  { name: 'floor limit exceeded, TAC-online: ARQC', tvr: '0000008000', iac: { denial: NONE, online: NONE, default: NONE }, expected: 'ARQC' },
  { name: 'IAC-online alone: ARQC', tvr: '0000000040', tac: { online: NONE }, iac: { denial: NONE, online: '0000000040', default: NONE }, expected: 'ARQC' },
  { name: 'bit in neither TAC-online nor IAC-online: TC', tvr: '0000000040', tac: { online: NONE }, iac: { denial: NONE, online: NONE }, expected: 'TC' },
  { name: 'denial beats online', tvr: '0010008000', iac: { denial: NONE, online: NONE }, expected: 'AAC' },
  { name: 'online-only terminal, clean TVR: ARQC', tvr: NONE, iac: { denial: NONE, online: NONE }, terminalType: 0x21, expected: 'ARQC' },
  { name: 'online-only terminal still denies', tvr: '0010000000', terminalType: 0x21, expected: 'AAC' },
  { name: 'offline-only terminal, default codes match: AAC', tvr: '0000008000', iac: { denial: NONE, default: NONE }, terminalType: 0x23, expected: 'AAC' },
  { name: 'offline-only terminal, no default match: TC', tvr: '0000000040', tac: { default: NONE }, iac: { denial: NONE, default: NONE }, terminalType: 0x23, expected: 'TC' },
  { name: 'offline-only terminal, absent IAC-default is all ones: AAC', tvr: '0000000040', tac: { default: NONE }, iac: { denial: NONE }, terminalType: 0x23, expected: 'AAC' },
];

for (const row of rows) {
  test(row.name, () => {
    const tac = { ...TAC, ...row.tac };
    const iac = Object.fromEntries(Object.entries(row.iac ?? {}).map(([k, v]) => [k, fromHex(v)]));
    const decision = terminalActionAnalysis({
      tvr: fromHex(row.tvr),
      iac,
      tac: { denial: fromHex(tac.denial), online: fromHex(tac.online), default: fromHex(tac.default) },
      terminalType: row.terminalType ?? 0x22,
    });
    assert.is(decision.cryptogram, row.expected, decision.reason);
    assert.ok(decision.reason.length > 0);
  });
}

test('default action analysis (unable to go online)', () => {
  assert.is(defaultActionAnalysis(fromHex('0000008000'), fromHex(NONE), fromHex(TAC.default)).cryptogram, 'AAC');
  assert.is(defaultActionAnalysis(fromHex('0000000000'), undefined, fromHex(TAC.default)).cryptogram, 'TC');
  assert.is(defaultActionAnalysis(fromHex('0000000001'), undefined, fromHex(NONE)).cryptogram, 'AAC', 'absent IAC-default is all ones');
  assert.is(defaultActionAnalysis(fromHex('0000000001'), fromHex(NONE), fromHex(NONE)).cryptogram, 'TC');
});

test.run();
