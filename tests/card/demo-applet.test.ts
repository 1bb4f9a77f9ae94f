import * as assert from 'uvu/assert';
import { createCardOs, type CardOs, type CardOsOptions, type CardTraceEvent } from '../../card/card-os.ts';
import { createDemoApplet, DEMO_AID, type DemoAppletOptions } from '../../card/demo-applet.ts';
import { plaintextPinBlock } from '../../card/plaintext-pin-block.ts';
import { suite } from '../support/suite.ts';
import { bytes, dataOf, hex, swOf } from './hex.ts';

const test = suite('card/demo-applet');

const SELECT = `00A40400${'09'}${hex(DEMO_AID)}00`;
const verify = (pin: string): Uint8Array => bytes(`0020008008${hex(plaintextPinBlock(pin))}`);

function demo(applet: DemoAppletOptions = {}, os: Partial<CardOsOptions> = {}): CardOs {
  const card = createCardOs({ applets: [createDemoApplet(applet)], protocol: 'T=1', ...os });
  card.powerOn();
  assert.is(swOf(card.transmit(bytes(SELECT))), '9000');
  return card;
}

test('SELECT returns the FCI: 6F { 84 AID, A5 { 50 "KART DEMO", 5F2D "aren", BF0C { DF01 0100 } } }', () => {
  const card = createCardOs({ applets: [createDemoApplet()], protocol: 'T=1' });
  card.powerOn();
  const expected =
    '6F27' + '8409F04B41525444454D4F' + 'A51A' + '5009' + hex(new TextEncoder().encode('KART DEMO')) +
    '5F2D04' + '6172656E' + 'BF0C05' + 'DF01020100';
  assert.is(hex(card.transmit(bytes(SELECT))), expected + '9000');
});

test('READ RECORD SFI 1 gives the personalised record 1 and record 2; others 6A83 / 6A82 / 6A86', () => {
  const card = demo({ cardholderName: 'SAYED/AMAL', pan: '98180000000000011', expiry: '300630' });
  const record = card.transmit(bytes('00B2010C00'));
  assert.is(
    hex(record),
    '701E' + '5F200A' + hex(new TextEncoder().encode('SAYED/AMAL')) + '5A09' + '98180000000000011F' + '5F2403300630' + '9000',
  );
  assert.is(hex(card.transmit(bytes('00B2020C00'))), '700B5F25032601015F280208189000');
  assert.is(hex(card.transmit(bytes('00B2030C00'))), '6A83');
  assert.is(hex(card.transmit(bytes('00B2011400'))), '6A82');
  assert.is(hex(card.transmit(bytes('00B2010800'))), '6A86');
  assert.is(hex(card.transmit(bytes('00B2000C00'))), '6A86');
});

test('GET DATA 9F36 and 9F17; unknown tag 6A88', () => {
  const card = demo();
  assert.is(hex(card.transmit(bytes('80CA9F3600'))), '9F360200009000');
  assert.is(hex(card.transmit(bytes('80CA9F1700'))), '9F1701039000');
  assert.is(hex(card.transmit(bytes('80CA9F4F00'))), '6A88');
});

test('INCREMENT ATC (80 32) counts a transaction and GET DATA shows it; exhausted: 6985', () => {
  const card = demo({}, { atcLimit: 2 });
  assert.is(hex(card.transmit(bytes('8032000002'))), '00019000');
  assert.is(hex(card.transmit(bytes('8032000002'))), '00029000');
  assert.is(hex(card.transmit(bytes('8032000002'))), '6985');
  assert.is(hex(card.transmit(bytes('80CA9F3600'))), '9F360200029000');
  assert.is(hex(card.transmit(bytes('0032000002'))), '6D00', 'interindustry class is not the proprietary command');
});

test('GET CHALLENGE returns 8 bytes from the card RNG', () => {
  let calls = 0;
  const card = demo({}, { random: (n) => new Uint8Array(n).fill(++calls) });
  assert.is(hex(card.transmit(bytes('0084000008'))), '01'.repeat(8) + '9000');
  assert.is(hex(card.transmit(bytes('0084000000'))), '02'.repeat(8) + '9000');
  assert.is(hex(card.transmit(bytes('0084010008'))), '6A86');
});

test('VERIFY: right PIN 9000, wrong PIN 63Cx counting down, blocked 6983 even for the right PIN', () => {
  const card = demo({ pin: '4321', pinTries: 3 });
  assert.is(hex(card.transmit(verify('4321'))), '9000');
  assert.is(hex(card.transmit(verify('1111'))), '63C2');
  assert.is(hex(card.transmit(bytes('80CA9F1700'))), '9F1701029000');
  assert.is(hex(card.transmit(verify('4321'))), '9000', 'a right PIN restores the tries');
  assert.is(hex(card.transmit(verify('1111'))), '63C2');
  assert.is(hex(card.transmit(verify('1111'))), '63C1');
  assert.is(hex(card.transmit(verify('1111'))), '63C0');
  assert.is(hex(card.transmit(verify('4321'))), '6983');
  card.powerOff();
  card.powerOn();
  card.transmit(bytes(SELECT));
  assert.is(hex(card.transmit(verify('4321'))), '6983', 'blocked survives power-off');
});

test('VERIFY without data reports the status; verification is volatile', () => {
  const card = demo();
  assert.is(hex(card.transmit(bytes('00200080'))), '63C3');
  card.transmit(verify('1234'));
  assert.is(hex(card.transmit(bytes('00200080'))), '9000');
  card.reset();
  card.transmit(bytes(SELECT));
  assert.is(hex(card.transmit(bytes('00200080'))), '63C3', 'reset forgets the verified PIN');
});

test('VERIFY refuses a malformed PIN block (6A80) and other P1-P2 (6A86) without spending a try', () => {
  const card = demo();
  assert.is(hex(card.transmit(bytes('0020008008141234FFFFFFFFFF'))), '6A80');
  assert.is(hex(card.transmit(bytes('0020008004241234FF'))), '6A80');
  assert.is(hex(card.transmit(bytes('0020008108241234FFFFFFFFFF'))), '6A86');
  assert.is(hex(card.transmit(bytes('80CA9F1700'))), '9F1701039000');
});

test('a torn wrong VERIFY still spends the try (the counter is written before comparing)', () => {
  const card = demo();
  card.tearAt({ apdu: 1, phase: 'before-commit' });
  assert.throws(() => card.transmit(verify('9999')));
  card.powerOn();
  card.transmit(bytes(SELECT));
  assert.is(hex(card.transmit(bytes('80CA9F1700'))), '9F1701029000');
});

test('PIN data never reaches the trace, in any exchange', () => {
  const events: CardTraceEvent[] = [];
  const card = demo({ pin: '97531' }, { trace: (event) => events.push(event) });
  card.transmit(verify('97531'));
  card.transmit(verify('86420'));
  const block = hex(plaintextPinBlock('97531')).slice(2, 8);
  for (const event of events) {
    assert.not.ok(hex(event.command).includes(block), 'PIN digits in a traced command');
    assert.not.ok(hex(event.response ?? new Uint8Array()).includes(block), 'PIN digits in a traced response');
  }
  assert.is(events.filter((event) => event.redacted).length, 2);
});

test('T=0: SELECT answers 61xx and the FCI comes with GET RESPONSE', () => {
  const card = createCardOs({ applets: [createDemoApplet()], protocol: 'T=0' });
  card.powerOn();
  assert.is(hex(card.transmit(bytes(SELECT))), '6129');
  const fci = card.transmit(bytes('00C0000029'));
  assert.is(swOf(fci), '9000');
  assert.ok(dataOf(fci).startsWith('6F278409F04B41525444454D4F'));
});

test('options are checked: a PIN must be 4 to 12 digits, tries 1 to 15', () => {
  assert.throws(() => createDemoApplet({ pin: '12a4' }));
  assert.throws(() => createDemoApplet({ pin: '123' }));
  assert.throws(() => createDemoApplet({ pinTries: 0 }));
  assert.throws(() => createDemoApplet({ pinTries: 16 }));
});

test.run();
