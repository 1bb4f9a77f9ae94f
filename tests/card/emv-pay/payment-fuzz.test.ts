import * as assert from 'uvu/assert';
import { createSeededRandom, type SeededRandom } from '../../../terminal/journal/seeded-random.ts';
import { suite } from '../../support/suite.ts';
import {
  bytes, cdol1Data, cdol2Data, fingerVerify, generateAc, gpo, GET_CHALLENGE, HOLDER_ID, hex, paymentCard, PIN, readRecord, SELECT_KARTPAY,
  SELECT_PSE, STRANGER_ID, verifyPin,
} from './payment-fixture.ts';

const test = suite('card/emv-pay/payment-fuzz');

/** Well-formed commands the fuzzer starts from (finger templates made once: they are bound to a stale challenge). */
function vocabulary(): Uint8Array[] {
  const staleUn = new Uint8Array(8);
  return [
    SELECT_KARTPAY, SELECT_PSE, gpo(), gpo(0x23), readRecord(1, 1), readRecord(1, 2), readRecord(2, 1), readRecord(2, 3),
    bytes('80CA9F3600'), bytes('80CA9F1700'), bytes('80CABF4C00'), bytes('80CABF4D00'), bytes('80CA9F1300'), GET_CHALLENGE,
    verifyPin(PIN), verifyPin('0000'), bytes('00200080'), bytes('00200089'), fingerVerify(HOLDER_ID, staleUn), fingerVerify(STRANGER_ID, staleUn, 3),
    bytes('008800000411223344' + '00'), bytes('008200000A00000000000000003030'),
    generateAc('ARQC', cdol1Data()), generateAc('TC', cdol1Data(), true), generateAc('AAC', cdol1Data()),
    generateAc('TC', cdol2Data('00')), generateAc('TC', cdol2Data('Y3')), generateAc('AAC', cdol2Data('05', new Uint8Array(10).fill(1)), true),
  ];
}

function mutate(command: Uint8Array, rng: SeededRandom): Uint8Array {
  const out = Array.from(command);
  switch (rng.int(7)) {
    case 0: // flip one byte
      if (out.length > 0) out[rng.int(out.length)] = rng.int(256);
      break;
    case 1: // truncate
      out.length = rng.int(out.length + 1);
      break;
    case 2: // append junk
      for (let i = rng.int(8); i > 0; i--) out.push(rng.int(256));
      break;
    case 3: // random header on the same body
      for (let i = 0; i < Math.min(4, out.length); i++) if (rng.int(2)) out[i] = rng.int(256);
      break;
    case 4: { // a random APDU of class 00 / 80 with a plausible INS
      const ins = [0x20, 0x82, 0x84, 0x88, 0xa8, 0xae, 0xb2, 0xca, 0xa4, rng.int(256)][rng.int(10)]!;
      const data = Array.from({ length: rng.int(40) }, () => rng.int(256));
      return Uint8Array.from([rng.int(2) ? 0x80 : 0x00, ins, rng.int(256), rng.int(256), ...(data.length ? [data.length, ...data] : []), ...(rng.int(2) ? [0] : [])]);
    }
    case 5: // the data field with a few bytes changed, length kept
      for (let i = 0; i < 3 && out.length > 5; i++) out[5 + rng.int(out.length - 5)] = rng.int(256);
      break;
    default: // unchanged
      break;
  }
  return Uint8Array.from(out);
}

test('seeded random and mutated APDUs: only status words, never a throw, never 6F00; counters stay in range, the ATC never goes back', () => {
  for (const seed of [1, 2, 3]) {
    const rng = createSeededRandom(seed);
    const card = paymentCard();
    const words = vocabulary();
    let lastAtc = 0;
    const seen = new Set<string>();
    for (let i = 0; i < 4000; i++) {
      const base = words[rng.int(words.length)]!;
      const command = rng.int(3) === 0 ? base : mutate(base, rng);
      let response: Uint8Array;
      try {
        response = card.transmit(command);
      } catch (error) {
        assert.unreachable(`seed ${seed} step ${i}: ${hex(command)} threw ${String(error)}`);
        return;
      }
      assert.ok(response.length >= 2, `seed ${seed} step ${i}`);
      const sw = hex(response.subarray(-2));
      assert.ok(/^(9000|61..|6[2-9A-F]..)$/.test(sw), `seed ${seed} step ${i}: SW ${sw}`);
      assert.is.not(sw, '6F00', `seed ${seed} step ${i}: applet fault on ${hex(command)}`);
      seen.add(sw.startsWith('63C') ? '63Cx' : sw);
      if (i % 50 === 0) {
        card.transmit(SELECT_KARTPAY);
        const atc = parseInt(hex(card.transmit(bytes('80CA9F3600')).subarray(3, 5)), 16);
        assert.ok(atc >= lastAtc, 'ATC monotonic');
        lastAtc = atc;
        const pin = card.transmit(bytes('80CA9F1700'))[3]!;
        const finger = card.transmit(bytes('80CABF4C00'))[5]!;
        assert.ok(pin <= 3 && finger <= 5, `tries in range: ${pin} ${finger}`);
      }
    }
    // The run reached deep states: transactions were counted, and the refusals were of many kinds.
    assert.ok(lastAtc > 5, `seed ${seed}: ATC ${lastAtc}`);
    for (const sw of ['9000', '6985', '6A86', '6700', '6D00', '63Cx']) assert.ok(seen.has(sw), `seed ${seed}: never saw ${sw}`);
  }
});

test('seeded mutations of a finger template bound to a fresh challenge: 6A80 (or a match / no match), never a fault, no try lost to garbage', () => {
  const rng = createSeededRandom(44);
  const card = paymentCard();
  card.transmit(SELECT_KARTPAY);
  const counts = new Map<string, number>();
  for (let i = 0; i < 300; i++) {
    const un = card.transmit(GET_CHALLENGE).subarray(0, 8);
    const valid = fingerVerify(HOLDER_ID, un, 5);
    const command = Array.from(valid);
    // Keep the 7-byte extended header; flip 1 to 3 bytes of the template, or cut it short.
    if (rng.int(4) === 0) command.length = 7 + rng.int(command.length - 7);
    else for (let k = 1 + rng.int(3); k > 0; k--) command[7 + rng.int(command.length - 7)] = rng.int(256);
    const lc = command.length - 7;
    command[5] = lc >> 8;
    command[6] = lc & 0xff;
    const sw = hex(card.transmit(Uint8Array.from(command)).subarray(-2));
    assert.ok(['6A80', '9000', '6700'].includes(sw) || sw.startsWith('63C'), `case ${i}: ${sw}`);
    counts.set(sw, (counts.get(sw) ?? 0) + 1);
  }
  assert.ok((counts.get('6A80') ?? 0) > 250, `most mutations do not open: ${JSON.stringify([...counts])}`);
  assert.is(hex(card.transmit(bytes('80CABF4C00'))), 'BF4C04DF5101059000', 'no finger try spent on templates that do not open');
});

test.run();
