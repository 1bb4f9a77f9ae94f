import * as assert from 'uvu/assert';
import { createLegacyRationApplet } from '../../../card/legacy/legacy-ration-applet.ts';
import { decodeLegacyFile } from '../../../card/legacy/legacy-layout.ts';
import { buildCommandApdu } from '../../../emv/apdu/command-apdu.ts';
import { suite } from '../../support/suite.ts';
import { legacyCard, LEGACY_PERSONALIZATION, select, send } from './legacy-fixture.ts';

const test = suite('card/legacy/legacy-ration-applet');
const readBinary = (offset = 0, le = 256): Uint8Array => buildCommandApdu({ cla: 0, ins: 0xb0, p1: offset >> 8, p2: offset & 0xff, le });
const u32 = (n: number): Uint8Array => Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
const debit = (n: number | Uint8Array): Uint8Array => buildCommandApdu({ cla: 0x80, ins: 0x30, p1: 0, p2: 0, data: typeof n === 'number' ? u32(n) : n, le: 6 });
const stop = (): Uint8Array => buildCommandApdu({ cla: 0x80, ins: 0x3a, p1: 0, p2: 0 });

test('SELECT gives the FCI with the AID and label; READ BINARY the personalised file', () => {
  const card = legacyCard();
  const fci = send(card, select());
  assert.is(fci.sw, 0x9000);
  assert.ok(Buffer.from(fci.data).toString('latin1').includes('RATION CARD'));
  const file = send(card, readBinary());
  assert.is(file.sw, 0x9000);
  assert.equal(decodeLegacyFile(file.data), { ...LEGACY_PERSONALIZATION, atc: 0 });
  assert.equal(send(card, readBinary(19, 4)).data, u32(20_000), 'offset and Le');
  assert.is(send(card, readBinary(32)).sw, 0x6b00);
});

test('DEBIT takes from the balance and counts the ATC; refusals write nothing', () => {
  const card = legacyCard({ balancePiastres: 5000 });
  const ok = send(card, debit(3000));
  assert.equal([ok.sw, [...ok.data]], [0x9000, [0, 0, 0x07, 0xd0, 0, 1]]);
  const before = card.persistentEntries();
  assert.is(send(card, debit(2001)).sw, 0x9e01, 'balance insufficient');
  assert.is(send(card, debit(0)).sw, 0x6a80);
  assert.is(send(card, debit(Uint8Array.of(1, 2))).sw, 0x6700);
  assert.is(send(card, buildCommandApdu({ cla: 0x80, ins: 0x30, p1: 1, p2: 0, data: u32(1) })).sw, 0x6a86);
  assert.equal(card.persistentEntries(), before);
  assert.equal(decodeLegacyFile(send(card, readBinary()).data)!.balancePiastres, 2000);
  assert.is(send(card, debit(2000)).sw, 0x9000, 'the whole balance');
});

test('STOP: the card refuses every debit afterwards, SELECT warns 6283, the file still reads', () => {
  const card = legacyCard();
  assert.is(send(card, stop()).sw, 0x9000);
  assert.is(send(card, debit(100)).sw, 0x6985);
  assert.is(send(card, stop()).sw, 0x9000, 'idempotent');
  card.powerOff();
  card.powerOn();
  assert.is(send(card, select()).sw, 0x6283);
  assert.is(decodeLegacyFile(send(card, readBinary()).data)!.status, 'stopped');
});

test('class and instruction errors', () => {
  const card = legacyCard();
  assert.is(send(card, buildCommandApdu({ cla: 0x80, ins: 0xb0, p1: 0, p2: 0 })).sw, 0x6e00);
  assert.is(send(card, buildCommandApdu({ cla: 0x00, ins: 0x30, p1: 0, p2: 0, data: u32(1) })).sw, 0x6e00);
  assert.is(send(card, buildCommandApdu({ cla: 0x80, ins: 0x44, p1: 0, p2: 0 })).sw, 0x6d00);
  assert.throws(() => createLegacyRationApplet({ ...LEGACY_PERSONALIZATION, beneficiaries: 0 }), /beneficiaries/);
});

test.run();
