import * as assert from 'uvu/assert';
import { buildAtr } from '../../card/atr.ts';
import { suite } from '../support/suite.ts';
import { hex } from './hex.ts';

const test = suite('card/atr');

/** Walks an ATR per ISO/IEC 7816-3 8.2: returns the protocols offered, the historical bytes and whether TCK is there. */
function walk(atr: Uint8Array): { protocols: number[]; historical: Uint8Array; tckOffset: number | undefined } {
  assert.is(atr[0], 0x3b, 'TS direct convention');
  let i = 1;
  let y = atr[i]! >> 4;
  const k = atr[i]! & 0x0f;
  i++;
  const protocols: number[] = [];
  for (;;) {
    if (y & 0x1) i++; // TA
    if (y & 0x2) i++; // TB
    if (y & 0x4) i++; // TC
    if (!(y & 0x8)) break;
    const td = atr[i++]!;
    protocols.push(td & 0x0f);
    y = td >> 4;
  }
  const historical = atr.subarray(i, i + k);
  i += k;
  const tckNeeded = protocols.some((p) => p !== 0);
  assert.is(atr.length, i + (tckNeeded ? 1 : 0), 'ATR length matches its structure');
  return { protocols, historical, tckOffset: tckNeeded ? i : undefined };
}

test('the ATR is exactly the documented bytes', () => {
  assert.is(hex(buildAtr()), '3B8A80B1FE451F038073C6015F544B4152542F');
});

test('the ATR offers T=0 then T=1 and is at most 33 bytes', () => {
  const atr = buildAtr();
  assert.ok(atr.length <= 33);
  const { protocols } = walk(atr);
  assert.equal(protocols.filter((p) => p !== 15), [0, 1]);
});

test('TCK is present and the XOR of T0 through TCK is zero', () => {
  const atr = buildAtr();
  const { tckOffset } = walk(atr);
  assert.is(tckOffset, atr.length - 1);
  assert.is(atr.subarray(1).reduce((x, b) => x ^ b, 0), 0);
  const corrupted = atr.slice();
  corrupted[corrupted.length - 1]! ^= 0x01;
  assert.is.not(corrupted.subarray(1).reduce((x, b) => x ^ b, 0), 0, 'a wrong TCK is detectable');
});

test('the historical bytes are COMPACT-TLV naming Kart', () => {
  const { historical } = walk(buildAtr());
  assert.is(historical[0], 0x80, 'category indicator 80: COMPACT-TLV follows');
  assert.ok(Buffer.from(historical).includes(Buffer.from('KART')), 'issuer data KART');
  // Every COMPACT-TLV object must fit exactly.
  let i = 1;
  while (i < historical.length) i += 1 + (historical[i]! & 0x0f);
  assert.is(i, historical.length);
});

test.run();
