import * as assert from 'uvu/assert';
import type { IssuedCard } from '../../../card/gov/issue-household.ts';
import { enrolmentReference } from '../../../card/gov/member-finger.ts';
import { toHex } from '../../../emv/tlv/hex.ts';
import { MatchOnTerminalVerifier } from '../../../terminal/biometrics-verify/match-on-terminal-verifier.ts';
import { MATCH_THRESHOLD } from '../../../terminal/biometrics/index.ts';
import { syntheticIsoTemplate } from '../../../terminal/hal/sim/synthetic-finger-capture.ts';
import { createSimFingerprintScanner, type SimFingerprintScanner } from '../../../terminal/hal/sim/sim-fingerprint-scanner.ts';
import { formatApduTrace } from '../../../terminal/trace/apdu-trace.ts';
import { suite } from '../../support/suite.ts';
import { cardAtCounter, household, STRANGER, verifyPin, type CardAtCounter } from './verify-bench.ts';

const test = suite('terminal/biometrics-verify/match-on-terminal-verifier', { timeoutMs: 10_000 });

let cards: IssuedCard[];
let counter: CardAtCounter;
let scanner: SimFingerprintScanner;

test.before(() => {
  cards = household();
});
test.before.each(async () => {
  counter = await cardAtCounter(cards[1]!);
  scanner = createSimFingerprintScanner();
});
test.after.each(async () => {
  await counter.close();
  await scanner.close();
});

const spouse = (): string => cards[1]!.nationalId;

test('a template reference: the right finger matches with its score, a stranger does not', async () => {
  const verifier = new MatchOnTerminalVerifier({ scanner });
  const reference = { kind: 'template', template: enrolmentReference(spouse()) } as const;
  scanner.script.present({ person: spouse(), quality: 60 });
  scanner.script.present({ person: STRANGER });
  const right = await verifier.verify(reference);
  assert.is(right.outcome, 'match');
  assert.ok(right.score! >= MATCH_THRESHOLD, `score ${right.score}`);
  const wrong = await verifier.verify(reference);
  assert.equal([wrong.outcome, wrong.reason?.code], ['no-match', 'FP_NO_MATCH']);
  assert.ok(wrong.score! < MATCH_THRESHOLD);
  const record = { kind: 'template', template: syntheticIsoTemplate({ person: spouse(), impression: 5 }) } as const;
  scanner.script.present({ person: spouse(), impression: 6 });
  assert.is((await verifier.verify(record)).outcome, 'match', 'a whole ISO record as the reference');
});

test('the card\'s reference before the PIN: 6982, the PIN with FP_REFERENCE_NEEDS_PIN and no capture', async () => {
  const verifier = new MatchOnTerminalVerifier({ scanner, transceive: counter.session.transceive });
  scanner.script.present({ person: spouse() });
  const result = await verifier.verify({ kind: 'card' });
  assert.equal([result.outcome, result.reason?.code, result.sw, result.captures], ['error', 'FP_REFERENCE_NEEDS_PIN', 0x6982, 0]);
  assert.is(scanner.captures, 0);
});

test('after the PIN: the reference is read once (redacted in the trace) and matched here; the stranger is refused', async () => {
  assert.is(await verifyPin(counter.session, '1234'), 0x9000);
  const verifier = new MatchOnTerminalVerifier({ scanner, transceive: counter.session.transceive });
  scanner.script.present({ person: spouse(), quality: 45 });
  scanner.script.present({ person: STRANGER });
  assert.is((await verifier.verify({ kind: 'card' })).outcome, 'match');
  assert.is((await verifier.verify({ kind: 'card' })).outcome, 'no-match');
  const getData = counter.session.exchanges.filter((e) => e.capdu[1] === 0xcb);
  assert.is(getData.length, 1, 'one GET DATA for both verifications');
  const referenceHex = toHex(enrolmentReference(spouse()).subarray(0, 24)).toLowerCase();
  assert.ok(toHex(getData[0]!.rapdu!).toLowerCase().includes(referenceHex), 'the reference came over the wire');
  assert.not.ok(formatApduTrace(counter.session.exchanges).toLowerCase().replace(/\s+/g, '').includes(referenceHex), 'not into the trace');
});

test('unusable references and scanners go to the PIN with their reason', async () => {
  const verifier = new MatchOnTerminalVerifier({ scanner });
  for (const template of [Uint8Array.of(1, 2), Uint8Array.of(10, 10, 10), Uint8Array.of(0x46, 0x4d, 0x52, 0, 9)]) {
    const result = await verifier.verify({ kind: 'template', template });
    assert.equal([result.outcome, result.reason?.code], ['error', 'FP_REFERENCE_UNREADABLE']);
  }
  const imager = createSimFingerprintScanner({ yields: 'image' });
  imager.script.present({ person: spouse() });
  const imageOnly = await new MatchOnTerminalVerifier({ scanner: imager }).verify({ kind: 'template', template: enrolmentReference(spouse()) });
  assert.equal([imageOnly.outcome, imageOnly.reason?.code], ['error', 'FP_IMAGE_ONLY']);
  await imager.close();
  await new MatchOnTerminalVerifier({ scanner }).verify({ kind: 'card' }).then(
    () => assert.unreachable('resolved'), (e: { code?: string }) => assert.is(e.code, 'HAL_INTERNAL'),
  );
});

test.run();
