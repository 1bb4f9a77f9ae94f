import * as assert from 'uvu/assert';
import { CardError, CardTornError } from '../../card/card-error.ts';
import { createCardOs, type CardOs, type CardOsOptions, type CardTraceEvent } from '../../card/card-os.ts';
import { suite } from '../support/suite.ts';
import { bytes, dataOf, hex, swOf } from './hex.ts';
import { createProbeApplet, type ProbeLog } from './test-applets.ts';

const test = suite('card/card-os');

const AID_A = 'A0000000010101';
const AID_B = 'A0000000010202';
const AID_C = 'A0000000020303';
const select = (aidHex: string, p2 = '00', cla = '00'): Uint8Array =>
  bytes(`${cla}A404${p2}${(aidHex.length / 2).toString(16).padStart(2, '0')}${aidHex}00`);
const name = (card: CardOs, cla = '80'): string =>
  Buffer.from(card.transmit(bytes(`${cla}01000000`)).subarray(0, -2)).toString();

function threeApplets(options: Partial<CardOsOptions> = {}, log: ProbeLog = []): CardOs {
  const card = createCardOs({
    applets: [createProbeApplet('A', AID_A, log), createProbeApplet('B', AID_B, log), createProbeApplet('C', AID_C, log)],
    protocol: 'T=1',
    ...options,
  });
  card.powerOn();
  return card;
}

test('SELECT by full AID returns the FCI and routes later commands to that applet', () => {
  const card = threeApplets();
  const fci = card.transmit(select(AID_B));
  assert.is(swOf(fci), '9000');
  assert.is(dataOf(fci), `6F098407${AID_B}`);
  assert.is(name(card), 'B');
});

test('SELECT of an unknown AID answers 6A82 and keeps the current selection', () => {
  const card = threeApplets();
  card.transmit(select(AID_C));
  assert.is(hex(card.transmit(select('A0000000999999'))), '6A82');
  assert.is(name(card), 'C');
});

test('partial selection finds the first match, then next occurrences in order, then 6A82', () => {
  const card = threeApplets();
  assert.is(dataOf(card.transmit(select('A000000001'))), `6F098407${AID_A}`);
  assert.is(dataOf(card.transmit(select('A000000001', '02'))), `6F098407${AID_B}`);
  assert.is(hex(card.transmit(select('A000000001', '02'))), '6A82');
  assert.is(dataOf(card.transmit(select('A000000001', '00'))), `6F098407${AID_A}`);
});

test('next occurrence from a selection that does not match starts from the first match', () => {
  const card = threeApplets();
  card.transmit(select(AID_C));
  assert.is(dataOf(card.transmit(select('A000000001', '02'))), `6F098407${AID_A}`);
});

test('SELECT with P2 0C gives no FCI; last/previous occurrence and RFU P2 bits answer 6A86', () => {
  const card = threeApplets();
  assert.is(hex(card.transmit(select(AID_A, '0C'))), '9000');
  assert.is(hex(card.transmit(select(AID_A, '01'))), '6A86');
  assert.is(hex(card.transmit(select(AID_A, '03'))), '6A86');
  assert.is(hex(card.transmit(select(AID_A, '10'))), '6A86');
});

test('reselecting runs deselect then select hooks; an applet that refuses leaves nothing selected', () => {
  const log: ProbeLog = [];
  const card = createCardOs({
    applets: [createProbeApplet('A', AID_A, log), createProbeApplet('R', AID_C, log, true)],
    protocol: 'T=1',
  });
  card.powerOn();
  card.transmit(select(AID_A));
  card.transmit(select(AID_A));
  assert.is(hex(card.transmit(select(AID_C))), '6999');
  assert.equal(log, ['select:A@0', 'deselect:A@0', 'select:A@0', 'deselect:A@0', 'select:R@0']);
  assert.is(hex(card.transmit(bytes('8001000000'))), '6D00', 'no applet selected');
});

test('a DF name longer than 16 bytes answers 6700, an empty one 6A82', () => {
  const card = threeApplets();
  assert.is(hex(card.transmit(bytes('00A4040011' + '00'.repeat(17)))), '6700');
  assert.is(hex(card.transmit(bytes('00A40400'))), '6A82');
});

test('commands with no applet selected: SELECT by file 6A82, others 6D00', () => {
  const card = threeApplets();
  assert.is(hex(card.transmit(bytes('00A40000023F00'))), '6A82');
  assert.is(hex(card.transmit(bytes('00B2010C00'))), '6D00');
});

test('power-off and reset clear selections; persistent writes stay', () => {
  const card = threeApplets();
  card.transmit(select(AID_A));
  assert.is(hex(card.transmit(bytes('8002000002CAFE'))), '9000');
  card.powerOff();
  assert.is(card.powered, false);
  card.powerOn();
  assert.is(hex(card.transmit(bytes('8005000000'))), '6D00', 'selection gone after power cycle');
  card.transmit(select(AID_A));
  assert.is(hex(card.transmit(bytes('8005000000'))), 'CAFE9000');
  card.reset();
  assert.is(hex(card.transmit(bytes('8005000000'))), '6D00', 'selection gone after reset');
});

test('transmit on an unpowered card throws CARD_UNPOWERED', () => {
  const card = createCardOs({ applets: [] });
  try {
    card.transmit(bytes('00A4040000'));
    assert.unreachable('should throw');
  } catch (error) {
    assert.instance(error, CardError);
    assert.is((error as CardError).code, 'CARD_UNPOWERED');
  }
});

test('an applet that throws gets 6F00 and its writes are rolled back', () => {
  const card = threeApplets();
  card.transmit(select(AID_A));
  card.transmit(bytes('8002000001AA'));
  assert.is(hex(card.transmit(bytes('8003000000'))), '6F00');
  assert.is(hex(card.transmit(bytes('8005000000'))), 'AA9000');
});

function expectTorn(card: CardOs, command: Uint8Array, phase: string): void {
  try {
    card.transmit(command);
    assert.unreachable('the command should have been torn');
  } catch (error) {
    assert.instance(error, CardTornError);
    assert.is((error as CardTornError).phase, phase);
    assert.is((error as CardTornError).code, 'CARD_TORN');
  }
  assert.is(card.powered, false, 'a tear leaves the card unpowered');
}

test('tearing before commit rolls back all of the command\'s writes', () => {
  const card = threeApplets();
  card.transmit(select(AID_A));
  card.transmit(bytes('8002000001AA'));
  card.tearAt({ apdu: 2, phase: 'before-commit' });
  assert.is(hex(card.transmit(bytes('8005000000'))), 'AA9000', 'command 1 is not torn');
  expectTorn(card, bytes('8002000001BB'), 'before-commit');
  card.powerOn();
  card.transmit(select(AID_A));
  assert.is(hex(card.transmit(bytes('8005000000'))), 'AA9000');
  assert.ok(card.persistentEntries().some(([key, value]) => key.endsWith('/v-copy') && hex(value) === 'AA'));
});

test('tearing after commit keeps the writes but gives no response', () => {
  const card = threeApplets();
  card.transmit(select(AID_A));
  card.tearAt({ apdu: 1, phase: 'after-commit' });
  expectTorn(card, bytes('8002000001BB'), 'after-commit');
  card.powerOn();
  card.transmit(select(AID_A));
  assert.is(hex(card.transmit(bytes('8005000000'))), 'BB9000');
});

test('a tear fires once; cancelTear disarms it; tearAt refuses a non-positive count', () => {
  const card = threeApplets();
  card.tearAt({ apdu: 1, phase: 'before-commit' });
  expectTorn(card, select(AID_A), 'before-commit');
  card.powerOn();
  assert.is(swOf(card.transmit(select(AID_A))), '9000');
  card.tearAt({ apdu: 1, phase: 'before-commit' });
  card.cancelTear();
  assert.is(swOf(card.transmit(select(AID_A))), '9000');
  assert.throws(() => card.tearAt({ apdu: 0, phase: 'after-commit' }), (e: unknown) => (e as CardError).code === 'CARD_CONFIG_INVALID');
});

test('the ATC counts inside the transaction and refuses once exhausted', () => {
  const card = threeApplets({ atcLimit: 2 });
  card.transmit(select(AID_A));
  assert.is(hex(card.transmit(bytes('8006000000'))), '00019000');
  card.tearAt({ apdu: 1, phase: 'before-commit' });
  expectTorn(card, bytes('8006000000'), 'before-commit');
  card.powerOn();
  card.transmit(select(AID_A));
  assert.is(hex(card.transmit(bytes('8006000000'))), '00029000', 'the torn increment did not count');
  assert.is(hex(card.transmit(bytes('8006000000'))), '6985');
  card.transmit(select(AID_B));
  assert.is(hex(card.transmit(bytes('8006000000'))), '00019000', 'each applet has its own ATC');
});

test('a card built over saved persistent memory keeps state and does not reinstall', () => {
  const first = threeApplets();
  first.transmit(select(AID_B));
  first.transmit(bytes('8002000001CC'));
  const second = threeApplets({ persistent: first.persistentEntries() });
  second.transmit(select(AID_B));
  assert.is(hex(second.transmit(bytes('8005000000'))), 'CC9000');
  assert.equal(second.persistentEntries(), first.persistentEntries());
});

test('PPS: selectProtocol works only right after the ATR', () => {
  const card = threeApplets({ protocol: 'T=0' });
  assert.is(card.selectProtocol('T=1'), true);
  assert.is(card.protocol, 'T=1');
  card.transmit(select(AID_A));
  assert.is(card.selectProtocol('T=0'), false);
  assert.is(card.protocol, 'T=1');
  card.reset();
  assert.is(card.protocol, 'T=0', 'a PPS lasts one activation');
  assert.is(card.defaultProtocol, 'T=0');
  card.powerOff();
  assert.is(card.selectProtocol('T=1'), false, 'no PPS on an unpowered card');
});

test('a refused command drops a response waiting for GET RESPONSE', () => {
  const card = threeApplets({ protocol: 'T=0' });
  assert.match(swOf(card.transmit(select(AID_A))), /^61/);
  assert.is(hex(card.transmit(bytes('FF000000'))), '6E00');
  assert.is(hex(card.transmit(bytes('00C0000009'))), '6985');
});

test('T=0 refuses INS 6X and 9X with 6D00', () => {
  const card = threeApplets({ protocol: 'T=0' });
  assert.is(hex(card.transmit(bytes('00600000'))), '6D00');
  assert.is(hex(card.transmit(bytes('00940000'))), '6D00');
});

test('the trace never carries VERIFY data', () => {
  const events: CardTraceEvent[] = [];
  const card = threeApplets({ trace: (event) => events.push(event) });
  card.transmit(bytes('0020008008241234FFFFFFFFFF'));
  card.transmit(select(AID_A));
  assert.is(events.length, 2);
  assert.equal([hex(events[0]!.command), events[0]!.redacted], ['00200080', true]);
  assert.is(hex(events[1]!.command), hex(select(AID_A)));
  assert.is(events[1]!.redacted, false);
});

test('invalid configuration is refused with CARD_CONFIG_INVALID', () => {
  const code = (e: unknown): boolean => (e as CardError).code === 'CARD_CONFIG_INVALID';
  assert.throws(() => createCardOs({ applets: [createProbeApplet('X', 'A000')] }), code);
  assert.throws(() => createCardOs({ applets: [createProbeApplet('X', AID_A), createProbeApplet('Y', AID_A)] }), code);
  assert.throws(() => createCardOs({ applets: [], channels: 21 }), code);
});

test.run();
