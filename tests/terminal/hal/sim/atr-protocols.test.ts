import * as assert from 'uvu/assert';
import { atrProtocols } from '../../../../terminal/hal/sim/atr-protocols.ts';
import { suite } from '../../../support/suite.ts';

const test = suite('terminal/hal/sim/atr-protocols');
const atr = (hex: string) => Uint8Array.from(Buffer.from(hex.replace(/ /g, ''), 'hex'));

test('no TD1 means T=0 only', () => {
  assert.equal(atrProtocols(atr('3B 02 14 50')), ['T0']);
});

test('TD1 = 01 offers T=1 only', () => {
  assert.equal(atrProtocols(atr('3B 80 01 81')), ['T1']);
});

test('T=0 then T=1, skipping interface bytes and T=15', () => {
  // T0=D0: TB1? no: TA1 and TC1? D = TD1 + TC1... 0xD0 announces TA1 (1), TC1 (4), TD1 (8).
  assert.equal(atrProtocols(atr('3B D0 11 FF 80 B1 FE 45 1F 03 00')), ['T0', 'T1']);
  assert.equal(atrProtocols(atr('3B 80 81 1F 00')), ['T1']);
});

test('a truncated ATR yields what could be read', () => {
  assert.equal(atrProtocols(atr('3B 80')), []);
  assert.equal(atrProtocols(atr('3B')), []);
});

test.run();
