import { readFileSync } from 'node:fs';
import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { readRecording } from '../../../terminal/hal/record/read-recording.ts';
import { formatApduTrace } from '../../../terminal/trace/apdu-trace.ts';
import { DEMO_CARDHOLDER, DEMO_FIXTURE, DEMO_PIN, demoRecordingBytes } from '../hal/record/demo-session.ts';
import { seededRandom } from '../hal/record/seeded-random.ts';

const test = suite('terminal/trace/apdu-trace');

const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));

/** Every way the demo PIN 482693 could show in a trace: the digits, the block as printed spaced or not. */
function assertNoPin(text: string): void {
  assert.not.ok(text.includes(DEMO_PIN), 'PIN digits in the trace');
  assert.not.ok(/26\s?48\s?26\s?93/i.test(text), 'PIN block in the trace');
}

test('a recorded session reads as named commands, tag names, status word meanings and timing', () => {
  const text = formatApduTrace(readRecording(readFileSync(DEMO_FIXTURE)));
  for (const expected of [
    'Card session recorded 2026-01-01T08:00:00.000Z from sim: demo card (redacted)',
    '→ SELECT  CLA 00 INS A4 P1 04 P2 00 Lc 9 Le 256',
    '      F0 4B 41 52 54 44 45 4D 4F',
    '← 9000  Normal processing: no further qualification',
    '50 Application Label [9] 4B4152542044454D4F "KART DEMO"',
    `5F20 Cardholder Name [9] 4B4152542F44454D4F "${DEMO_CARDHOLDER}"`,
    '5F24 Application Expiration Date [3] 291231 (2029-12-31)',
    '→ GET DATA  CLA 80 INS CA P1 9F P2 36 Le 256',
    '→ READ RECORD  CLA 00 INS B2 P1 01 P2 0C Le 256',
    '→ VERIFY  CLA 00 INS 20 P1 00 P2 80 Lc 8\n      <redacted: PIN block, 8 bytes>\n  ← 9000',
    '#11      18.000 ms  connection 1 (1.000 ms)',
    'connect to Kart Sim Reader 0 as connection 1: T1, ATR 3B',
    'event card-inserted: Kart Sim Reader 0',
  ]) {
    assert.ok(text.includes(expected), `missing: ${expected}\n${text}`);
  }
  assertNoPin(text);
  assert.not.ok(text.includes('\u001b['), 'no colour unless asked');
});

test('an unredacted recording is still redacted in the trace, and says it was not', async () => {
  const recording = readRecording(await demoRecordingBytes({ redact: false }));
  const text = formatApduTrace(recording);
  assert.ok(text.includes('(NOT redacted)'));
  assert.ok(text.includes('UNREDACTED'));
  assert.ok(text.includes('<redacted: PIN block, 8 bytes>'));
  assertNoPin(text);
});

test('live exchanges: failures, warnings, biometric templates and hex data', () => {
  const text = formatApduTrace([
    { capdu: hex('00 20 00 80 08 26 48 26 93 FF FF FF FF'), rapdu: hex('63 C2'), at: 0, dur: 2500 },
    { capdu: hex('00 A4 04 00 07 A0 00 00 00 03 10 10 00'), rapdu: hex('6A 82') },
    { capdu: hex('00 CB 3F FF 03 5C 01 61'), rapdu: hex('7F61 0A 02 01 01 7F60 04 5F2E 01 AA 9000') },
    { capdu: hex('80 CA 9F 36 00'), error: { code: 'HAL_CARD_REMOVED', message: 'the card was removed' } },
    { capdu: hex('00 84 00 00 08'), rapdu: hex('9F 36 02 00 01 00 00 00 9000') },
  ]);
  assertNoPin(text);
  for (const expected of [
    '#1        0.000 ms  connection 1 (2.500 ms)',
    '← 63C2  Warning: verification failed, 2 tries left',
    '← 6A82  Wrong parameters: file or application not found',
    '      A0 00 00 00 03 10 10',
    '  7F60 Biometric Information Template [4] <redacted: biometric data, 4 bytes>',
    '✗ HAL_CARD_REMOVED: the card was removed',
    '→ GET CHALLENGE',
    '      9F 36 02 00 01 00 00 00', // random bytes that happen to parse as TLV stay hex
  ]) {
    assert.ok(text.includes(expected), `missing: ${expected}\n${text}`);
  }
  assert.not.ok(text.includes('5F2E'), 'nothing inside a redacted template is shown');
});

test('colour when asked: status words by category, markers stand out', () => {
  const text = formatApduTrace([{ capdu: hex('00 20 00 80 08 26 48 26 93 FF FF FF FF'), rapdu: hex('6983') }], { color: true });
  assert.ok(text.includes('\u001b[31m6983\u001b[0m'), 'an error status word is red');
  assert.ok(text.includes('\u001b[35m<redacted: PIN block, 8 bytes>\u001b[0m'));
});

test('fuzz: any recording the parser accepts can be traced', () => {
  const random = seededRandom(7);
  const fixture = new Uint8Array(readFileSync(DEMO_FIXTURE));
  let traced = 0;
  for (let i = 0; i < 800; i++) {
    const mutated = Uint8Array.from(fixture);
    for (let n = 1 + random.int(3); n > 0; n--) mutated[random.int(mutated.length)] = random.int(256);
    let recording;
    try {
      recording = readRecording(mutated);
    } catch {
      continue;
    }
    assert.type(formatApduTrace(recording), 'string');
    traced++;
  }
  assert.ok(traced > 5, `only ${traced} mutants were traced`);
});

test.run();
