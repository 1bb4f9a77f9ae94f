/**
 * Names that follow the selected applet: the same proprietary tag reads as KARTGOV's while KARTGOV is selected and
 * as KARTPAY's while the payment application is (DF51: the log entries vs the finger tries); a refused SELECT keeps
 * the names in force; each connection of a recording keeps its own, and a reset forgets the selection.
 */
import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { formatApduTrace } from '../../../terminal/trace/apdu-trace.ts';
import { KART_CARD_TRACE_NAMES } from '../../../terminal/trace/kart-card-trace-names.ts';
import { traceEntries } from '../../../terminal/trace/trace-entries.ts';
import type { Recording } from '../../../terminal/hal/record/recording-format.ts';

const test = suite('terminal/trace/kart-card-trace-names');
const bytes = (hex: string): Uint8Array => new Uint8Array(Buffer.from(hex.replace(/ /g, ''), 'hex'));

const SELECT_GOV = bytes('00 A4 04 00 08 F04B41525447 4F56 00');
const SELECT_PAY = bytes('00 A4 04 00 07 A0000009991010 00');
const GET_LOG = bytes('80 CA DF 51 00');
const LOG_ANSWER = bytes('DF51 01 03 9000');
const GET_FINGER_TRIES = bytes('80 CA BF 4C 00');
const FINGER_ANSWER = bytes('BF4C 04 DF51 01 05 9000');

test('DF51 is KARTGOV\'s log entries under KARTGOV and the finger tries under KARTPAY, in one session', () => {
  const text = formatApduTrace([
    { capdu: SELECT_GOV, rapdu: bytes('9000') },
    { capdu: GET_LOG, rapdu: LOG_ANSWER },
    { capdu: SELECT_PAY, rapdu: bytes('6F00 9000') },
    { capdu: GET_FINGER_TRIES, rapdu: FINGER_ANSWER },
  ], { names: KART_CARD_TRACE_NAMES });
  const gov = text.indexOf('Log Entries');
  const pay = text.indexOf('Finger (tries left');
  assert.ok(gov > 0, text);
  assert.ok(pay > gov, text);
  assert.match(text, 'Biometric Try Counters Template');
  assert.is(text.split('Log Entries').length, 2, 'named as the log once, under KARTGOV only');
});

test('before any SELECT, and after a refused one, the names in force stay (EMV only at first)', () => {
  const text = formatApduTrace([
    { capdu: GET_FINGER_TRIES, rapdu: FINGER_ANSWER },
    { capdu: SELECT_GOV, rapdu: bytes('9000') },
    { capdu: SELECT_PAY, rapdu: bytes('6A82') },
    { capdu: GET_LOG, rapdu: LOG_ANSWER },
  ], { names: KART_CARD_TRACE_NAMES });
  assert.not.match(text.slice(0, text.indexOf('F0 4B')), 'Finger (tries left', 'nothing selected yet: no KARTPAY names');
  assert.match(text, 'Log Entries', 'KARTPAY was refused: KARTGOV\'s names still apply');
});

test('a recording: names per connection, and a reset forgets the selection', () => {
  const step = (conn: number, capdu: Uint8Array, rapdu: Uint8Array) => ({ kind: 'transmit', at: 0, dur: 0, conn, capdu, capduRedactions: [], rapdu, rapduRedactions: [] });
  const recording = {
    header: {},
    steps: [
      step(1, SELECT_PAY, bytes('9000')),
      step(2, SELECT_GOV, bytes('9000')),
      step(1, GET_FINGER_TRIES, FINGER_ANSWER),
      step(2, GET_LOG, LOG_ANSWER),
      { kind: 'reset', at: 0, dur: 0, conn: 1, cold: false },
      step(1, GET_FINGER_TRIES, FINGER_ANSWER),
    ],
  } as unknown as Recording;
  const entries = traceEntries(recording, KART_CARD_TRACE_NAMES);
  const names = entries.map((e) => JSON.stringify(e));
  assert.match(names[2]!, 'Finger (tries left', 'connection 1 has KARTPAY selected');
  assert.match(names[3]!, 'Log Entries', 'connection 2 has KARTGOV selected');
  assert.not.match(names[5]!, 'Finger (tries left', 'after the reset nothing is selected');
});

test.run();
