import * as assert from 'uvu/assert';
import { createCardOs, type CardOs } from '../../card/card-os.ts';
import { classForChannel } from '../../card/class-byte.ts';
import { suite } from '../support/suite.ts';
import { bytes, hex } from './hex.ts';
import { createProbeApplet, type ProbeLog } from './test-applets.ts';

const test = suite('card/manage-channel');

const AID_A = 'A0000000010101';
const AID_B = 'A0000000010202';
const cla = (channel: number, proprietary = false): string => classForChannel(channel, proprietary).toString(16).padStart(2, '0');
const selectOn = (channel: number, aid: string): Uint8Array => bytes(`${cla(channel)}A4040C07${aid}`);
const nameOn = (card: CardOs, channel: number): string => hex(card.transmit(bytes(`${cla(channel, true)}01000000`)));
const NAME_A = hex(new TextEncoder().encode('A')) + '9000';
const NAME_B = hex(new TextEncoder().encode('B')) + '9000';

function card(channels?: number, log: ProbeLog = []): CardOs {
  const result = createCardOs({
    applets: [createProbeApplet('A', AID_A, log), createProbeApplet('B', AID_B, log)],
    protocol: 'T=1',
    ...(channels === undefined ? {} : { channels }),
  });
  result.powerOn();
  return result;
}

test('open with P2 00 assigns the lowest free channel and returns its number', () => {
  const c = card();
  assert.is(hex(c.transmit(bytes('0070000001'))), '019000');
  assert.is(hex(c.transmit(bytes('0070000001'))), '029000');
  assert.is(hex(c.transmit(bytes('00708001'))), '9000', 'close channel 1');
  assert.is(hex(c.transmit(bytes('0070000001'))), '019000', 'channel 1 is reused');
});

test('each channel keeps its own selected applet', () => {
  const c = card();
  c.transmit(bytes('0070000001'));
  c.transmit(selectOn(0, AID_A));
  c.transmit(selectOn(1, AID_B));
  assert.is(nameOn(c, 0), NAME_A);
  assert.is(nameOn(c, 1), NAME_B);
});

test('commands on a channel that is not open answer 6881', () => {
  const c = card();
  assert.is(hex(c.transmit(selectOn(2, AID_A))), '6881');
  assert.is(hex(c.transmit(selectOn(7, AID_A))), '6881');
});

test('further channels 4 to 19 open by number and work with the further interindustry class', () => {
  const c = card();
  assert.is(hex(c.transmit(bytes('00700013'))), '9000', 'open channel 19');
  assert.is(hex(c.transmit(selectOn(19, AID_B))), '9000');
  assert.is(cla(19), '4f');
  assert.is(nameOn(c, 19), NAME_B);
  assert.is(hex(c.transmit(bytes('00700004'))), '9000', 'open channel 4');
  assert.is(hex(c.transmit(selectOn(4, AID_A))), '9000');
  assert.is(nameOn(c, 4), NAME_A);
});

test('opening a channel that is open, beyond what the card supports, or past 19 is refused', () => {
  const c = card(4);
  assert.is(hex(c.transmit(bytes('00700002'))), '9000');
  assert.is(hex(c.transmit(bytes('00700002'))), '6985');
  assert.is(hex(c.transmit(bytes('00700005'))), '6881');
  assert.is(hex(c.transmit(bytes('00700014'))), '6A86');
});

test('when all channels are in use, open answers 6A81', () => {
  const c = card(3);
  assert.is(hex(c.transmit(bytes('0070000001'))), '019000');
  assert.is(hex(c.transmit(bytes('0070000001'))), '029000');
  assert.is(hex(c.transmit(bytes('0070000001'))), '6A81');
});

test('open with P2 00 needs Le; command data is a wrong length; P1 other than 00/80 is 6A86', () => {
  const c = card();
  assert.is(hex(c.transmit(bytes('00700000'))), '6700');
  assert.is(hex(c.transmit(bytes('0070000001AA'))), '6700');
  assert.is(hex(c.transmit(bytes('00704000'))), '6A86');
});

test('close with P2 00 closes the channel the command came on, and runs the deselect hook', () => {
  const log: ProbeLog = [];
  const c = card(undefined, log);
  c.transmit(bytes('0070000001'));
  c.transmit(selectOn(1, AID_A));
  assert.is(hex(c.transmit(bytes('01708000'))), '9000');
  assert.equal(log, ['select:A@1', 'deselect:A@1']);
  assert.is(hex(c.transmit(selectOn(1, AID_A))), '6881');
});

test('the basic channel never closes; closing a closed channel answers 6881', () => {
  const c = card();
  assert.is(hex(c.transmit(bytes('00708000'))), '6A81');
  assert.is(hex(c.transmit(bytes('00708003'))), '6881');
});

test('opening from a non-basic channel selects the same applet on the new channel', () => {
  const c = card();
  c.transmit(bytes('0070000001'));
  c.transmit(selectOn(1, AID_B));
  assert.is(hex(c.transmit(bytes('0170000001'))), '029000');
  assert.is(nameOn(c, 2), NAME_B);
  c.transmit(bytes('0070000001'));
  assert.is(nameOn(c, 3), '6D00', 'opened from channel 0: nothing selected');
});

test('power-off closes every channel but the basic one', () => {
  const c = card();
  c.transmit(bytes('0070000001'));
  c.powerOff();
  c.powerOn();
  assert.is(hex(c.transmit(selectOn(1, AID_A))), '6881');
  assert.is(hex(c.transmit(selectOn(0, AID_A))), '9000');
});

test('secure messaging and chaining bits are refused with 6882 and 6884', () => {
  const c = card();
  assert.is(hex(c.transmit(bytes(`0CA4040C07${AID_A}`))), '6882');
  assert.is(hex(c.transmit(bytes(`10A4040C07${AID_A}`))), '6884');
  assert.is(hex(c.transmit(bytes(`FFA4040C07${AID_A}`))), '6E00');
});

test.run();
