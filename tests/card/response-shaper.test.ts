import * as assert from 'uvu/assert';
import { createCardOs, type CardProtocol } from '../../card/card-os.ts';
import { parseCommandApdu, type CommandApdu } from '../../card/command-apdu.ts';
import { ResponseShaper } from '../../card/response-shaper.ts';
import { suite } from '../support/suite.ts';
import { bytes, dataOf, hex, swOf } from './hex.ts';
import { createProbeApplet } from './test-applets.ts';

const test = suite('card/response-shaper');

const apdu = (text: string): CommandApdu => {
  const parsed = parseCommandApdu(bytes(text));
  if (!parsed.ok) throw new Error(`bad test APDU ${text}`);
  return parsed.apdu;
};
const data = (n: number): Uint8Array => new Uint8Array(n).fill(0xa5);

function probeCard(protocol: CardProtocol) {
  const card = createCardOs({ applets: [createProbeApplet('P', 'A000000001')], protocol });
  card.powerOn();
  assert.is(swOf(card.transmit(bytes('00A4040C05A000000001'))), '9000');
  return card;
}

test('T=0: a case-4 command with response data answers 61xx, GET RESPONSE fetches it', () => {
  const card = probeCard('T=0');
  const first = card.transmit(bytes('00A4040005A000000001 00'));
  assert.is(hex(first), '6109');
  assert.is(hex(card.transmit(bytes('00C0000009'))), '6F078405A0000000019000');
});

test('T=0: GET RESPONSE with a wrong Le answers 6Cxx and keeps the data', () => {
  const card = probeCard('T=0');
  card.transmit(bytes('00A4040005A000000001 00'));
  assert.is(hex(card.transmit(bytes('00C0000000'))), '6C09');
  assert.is(swOf(card.transmit(bytes('00C0000009'))), '9000');
  assert.is(hex(card.transmit(bytes('00C0000009'))), '6985', 'nothing left to get');
});

test('T=0: GET RESPONSE with a shorter Le hands out the rest with 61xx', () => {
  const card = probeCard('T=0');
  card.transmit(bytes('00A4040005A000000001 00'));
  assert.is(hex(card.transmit(bytes('00C0000004'))), '6F0784056105');
  assert.is(hex(card.transmit(bytes('00C0000005'))), 'A0000000019000');
});

test('T=0: a case-2 command with a wrong Le answers 6Cxx; reissued with that Le it gives the data', () => {
  const card = probeCard('T=0');
  assert.is(hex(card.transmit(bytes('80 04 00 05 00'))), '6C05');
  assert.is(hex(card.transmit(bytes('80 04 00 05 02'))), '6C05');
  assert.is(hex(card.transmit(bytes('80 04 00 05 05'))), 'A5A5A5A5A59000');
});

test('T=0: 6Cxx leaves no trace: a counted transaction is not counted twice', () => {
  const card = probeCard('T=0');
  assert.is(hex(card.transmit(bytes('80 06 00 00 00'))), '6C02');
  assert.is(hex(card.transmit(bytes('80 06 00 00 02'))), '00019000');
});

test('T=0: any other command drops the pending response', () => {
  const card = probeCard('T=0');
  card.transmit(bytes('00A4040005A000000001 00'));
  card.transmit(bytes('80 04 00 00 00'));
  assert.is(hex(card.transmit(bytes('00C0000009'))), '6985');
});

test('T=1: case-4 data comes directly, cut to Ne with 61xx for the rest', () => {
  const card = probeCard('T=1');
  assert.is(hex(card.transmit(bytes('00A4040005A000000001 00'))), '6F078405A0000000019000');
  const cut = card.transmit(bytes('00A4040005A000000001 04'));
  assert.is(hex(cut), '6F0784056105');
  assert.is(hex(card.transmit(bytes('00C0000000'))), 'A0000000019000');
});

test('T=1: a case-2 command with Le 00 gets all the data up to 256 bytes', () => {
  const card = probeCard('T=1');
  const response = card.transmit(bytes('80 04 00 10 00'));
  assert.is(swOf(response), '9000');
  assert.is(dataOf(response).length, 32);
});

test('more than 256 bytes under a short Le come in 256-byte chunks with 6100, in both protocols', () => {
  for (const protocol of ['T=0', 'T=1'] as const) {
    const card = probeCard(protocol);
    const first = card.transmit(bytes('80 04 01 2C 00')); // 300 bytes
    assert.is(first.length, 258, protocol);
    assert.is(swOf(first), '612C', protocol);
    assert.is(hex(card.transmit(bytes('00C000002C'))), 'A5'.repeat(44) + '9000', protocol);
  }
});

test('GET RESPONSE refuses P1-P2 other than 0000, command data, and another channel', () => {
  const shaper = new ResponseShaper('T=1');
  shaper.shape(apdu('00A4040002AABB'), 0, { data: data(4), sw: 0x9000 });
  assert.is(hex(shaper.getResponse(apdu('00C0010000'), 0)), '6A86');
  assert.is(hex(shaper.getResponse(apdu('00C0000001AA00'), 0)), '6700');
  assert.is(hex(shaper.getResponse(apdu('00C0000000'), 1)), '6985');
});

test('a response without data is only the status word, in both protocols', () => {
  for (const protocol of ['T=0', 'T=1'] as const) {
    const shaper = new ResponseShaper(protocol);
    assert.equal(shaper.shape(apdu('00A4040002AABB00'), 0, { sw: 0x6a82 }), { bytes: bytes('6A82'), discard: false });
  }
});

test.run();
