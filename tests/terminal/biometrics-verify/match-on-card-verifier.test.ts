import * as assert from 'uvu/assert';
import type { IssuedCard } from '../../../card/gov/issue-household.ts';
import { DEFAULT_PARAMETERS } from '../../../terminal/auth/parameters.ts';
import { MatchOnCardVerifier } from '../../../terminal/biometrics-verify/match-on-card-verifier.ts';
import type { VerifierReason } from '../../../terminal/biometrics-verify/verifier-reasons.ts';
import { toHex } from '../../../emv/tlv/hex.ts';
import { createSimFingerprintScanner, type SimFingerprintScanner } from '../../../terminal/hal/sim/sim-fingerprint-scanner.ts';
import { formatApduTrace } from '../../../terminal/trace/apdu-trace.ts';
import { suite } from '../../support/suite.ts';
import { biometricTriesLeft, cardAtCounter, eventLines, household, runVerification, STRANGER, verifyPin, type CardAtCounter } from './verify-bench.ts';

const test = suite('terminal/biometrics-verify/match-on-card-verifier', { timeoutMs: 10_000 });

let cards: IssuedCard[];
let counter: CardAtCounter;
let scanner: SimFingerprintScanner;
let reasons: VerifierReason[];
let verifier: MatchOnCardVerifier;

test.before(() => {
  cards = household();
});

test.before.each(async () => {
  counter = await cardAtCounter(cards[0]!);
  scanner = createSimFingerprintScanner();
  reasons = [];
  verifier = new MatchOnCardVerifier({ scanner, transceive: counter.session.transceive, onReason: (r) => reasons.push(r) });
});

test.after.each(async () => {
  await counter.close();
  await scanner.close();
});

const head = (): IssuedCard => cards[0]!;
const commands = (): string[] => counter.session.exchanges.slice(1).map((e) => toHex(e.capdu.subarray(0, 4)));

test('the right finger is accepted by the card, which is then verified for a debit', async () => {
  scanner.script.present({ person: head().nationalId, finger: 2, quality: 55 });
  const result = await verifier.verify({ kind: 'card' });
  assert.equal([result.outcome, result.captures, result.sw, result.reason], ['match', 1, 0x9000, undefined]);
  assert.equal(commands(), ['00210091', '00210091'], 'status, then VERIFY with the probe');
  const status = await counter.session.transceive(Uint8Array.of(0x00, 0x21, 0x00, 0x91));
  assert.equal([...status.subarray(-2)], [0x90, 0x00], 'the card session is verified by fingerprint');
});

test('the wrong finger is refused: no-match, 63Cx tries left; the spouse\'s finger is not the head\'s', async () => {
  scanner.script.present({ person: STRANGER, finger: 2 });
  scanner.script.present({ person: cards[1]!.nationalId, finger: 2 });
  scanner.script.present({ person: head().nationalId, finger: 3 });
  for (const left of [4, 3, 2]) {
    const result = await verifier.verify({ kind: 'card' });
    assert.equal([result.outcome, result.triesLeft, result.reason?.code], ['no-match', left, 'FP_NO_MATCH']);
  }
  assert.is(await biometricTriesLeft(counter.session), 2);
});

test('low quality is asked again (the policy\'s reason shown), then matched; the card saw one probe only', async () => {
  scanner.script.push({ kind: 'rejected', reason: 'too-messy' });
  scanner.script.present({ person: head().nationalId, quality: 25 }); // below the policy's 40: ask again
  scanner.script.present({ person: head().nationalId, quality: 80 });
  const result = await verifier.verify({ kind: 'card' });
  assert.equal([result.outcome, result.captures], ['match', 3]);
  assert.equal(reasons.map((r) => r.code), ['FP_ASK_AGAIN_QUALITY', 'FP_ASK_AGAIN_QUALITY']);
  assert.ok(reasons[0]!.ar.length > 0 && reasons[0]!.en.length > 0);
  assert.is(await biometricTriesLeft(counter.session), 5, 'asking again spends no card try');
});

test('quality never good enough: PIN fallback with FP_ATTEMPTS_EXHAUSTED, nothing sent to the card', async () => {
  for (let i = 0; i < 3; i++) scanner.script.push({ kind: 'rejected', reason: 'too-few-features' });
  const result = await verifier.verify({ kind: 'card' });
  assert.equal([result.outcome, result.captures, result.reason?.code], ['error', 3, 'FP_ATTEMPTS_EXHAUSTED']);
  assert.equal(commands(), ['00210091'], 'the status only');
});

test('blocked after 5 wrong fingers on the card (63C4..63C0, then 6983 before any capture); a good PIN restores the tries', async () => {
  for (let i = 0; i < 5; i++) scanner.script.present({ person: STRANGER, impression: i });
  const left: (number | undefined)[] = [];
  for (let i = 0; i < 5; i++) left.push((await verifier.verify({ kind: 'card' })).triesLeft);
  assert.equal(left, [4, 3, 2, 1, 0]);
  scanner.script.present({ person: head().nationalId });
  const blocked = await verifier.verify({ kind: 'card' });
  assert.equal([blocked.outcome, blocked.reason?.code, blocked.sw, blocked.captures], ['error', 'FP_BIOMETRIC_BLOCKED', 0x6983, 0]);
  assert.is(scanner.script.pending, 1, 'nobody was asked for a finger');
  assert.is(await verifyPin(counter.session, '1234'), 0x9000);
  assert.is(await biometricTriesLeft(counter.session), 5);
  assert.is((await verifier.verify({ kind: 'card' })).outcome, 'match', 'the right finger works again');
});

test('the state machine: wrong finger ×3 (policy), then the PIN verifies; the right finger verifies at once', async () => {
  for (let i = 0; i < 3; i++) scanner.script.present({ person: STRANGER, impression: i });
  const fallback = await runVerification(counter.session, verifier, ['0000', '1234']);
  assert.equal(eventLines(fallback.events), [
    'CVM_FINGERPRINT#1:no-match', 'CVM_FINGERPRINT#2:no-match', 'CVM_FINGERPRINT#3:no-match',
    'CVM_PIN#1:wrong', 'CVM_PIN#2:correct', 'CVM_VERIFIED:pin',
  ]);
  scanner.script.present({ person: head().nationalId, impression: 4, quality: 50 });
  const direct = await runVerification(counter.session, verifier, []);
  assert.equal(eventLines(direct.events), ['CVM_FINGERPRINT#1:match', 'CVM_VERIFIED:fingerprint']);
  const oneTry = { ...DEFAULT_PARAMETERS.verification, fingerprintTries: 1 };
  scanner.script.present({ person: STRANGER, impression: 9 });
  assert.equal(eventLines((await runVerification(counter.session, verifier, ['1234'], oneTry)).events), [
    'CVM_FINGERPRINT#1:no-match', 'CVM_PIN#1:correct', 'CVM_VERIFIED:pin',
  ]);
});

test('a scanner that yields vendor templates goes to the PIN with its reason, and the card sees no probe', async () => {
  const vendor = createSimFingerprintScanner({ yields: 'vendor-template' });
  vendor.script.present({ person: head().nationalId });
  const v = new MatchOnCardVerifier({ scanner: vendor, transceive: counter.session.transceive });
  const result = await v.verify({ kind: 'card' });
  assert.equal([result.outcome, result.reason?.code, result.captures], ['error', 'FP_VENDOR_TEMPLATE', 1]);
  assert.equal(commands(), ['00210091']);
  await vendor.close();
});

test('the trace never shows the probe: VERIFY biometric data is redacted', async () => {
  scanner.script.present({ person: head().nationalId });
  assert.is((await verifier.verify({ kind: 'card' })).outcome, 'match');
  const sent = counter.session.exchanges[2]!.capdu;
  const probeHex = toHex(sent.subarray(11, 41)).toLowerCase();
  const trace = formatApduTrace(counter.session.exchanges).toLowerCase().replace(/\s+/g, '');
  assert.ok(probeHex.length === 60 && !/^0+$/.test(probeHex), 'the wire carries the probe');
  assert.ok(trace.includes('redacted'), 'the trace marks the redaction');
  assert.not.ok(trace.includes(probeHex), 'no probe bytes in the trace');
});

test('scanner faults stay HalErrors; a template reference is a wiring bug', async () => {
  scanner.script.push({ kind: 'sensor-fault' });
  await verifier.verify({ kind: 'card' }).then(() => assert.unreachable('resolved'), (e: { code?: string }) => assert.is(e.code, 'HAL_DEVICE_ERROR'));
  await verifier.verify({ kind: 'template', template: Uint8Array.of(1) }).then(
    () => assert.unreachable('resolved'), (e: { code?: string }) => assert.is(e.code, 'HAL_INTERNAL'),
  );
  const aborted = AbortSignal.abort();
  await verifier.verify({ kind: 'card' }, { signal: aborted }).then(() => assert.unreachable('resolved'), (e: { code?: string }) => assert.is(e.code, 'HAL_CANCELED'));
});

test.run();
