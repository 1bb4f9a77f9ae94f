/**
 * Match on card with the generic HID scanner driver: the simulated HID device presents impressions of the member's
 * synthetic finger (the one enrolled on the card at issue), the driver reassembles the ISO record from its reports,
 * and the gov card on the in-process reader compares it.
 */
import * as assert from 'uvu/assert';
import type { IssuedCard } from '../../../card/gov/issue-household.ts';
import { MatchOnCardVerifier } from '../../../terminal/biometrics-verify/match-on-card-verifier.ts';
import { HidFingerprintScanner } from '../../../terminal/hal/hid/hid-fingerprint-scanner.ts';
import { createSimHidFingerprintDevice, type SimHidFingerprintDevice } from '../../../terminal/hal/sim/sim-hid-fingerprint-device.ts';
import { suite } from '../../support/suite.ts';
import { scannerProfile } from '../hal/fingerprint-test-helpers.ts';
import { biometricTriesLeft, cardAtCounter, eventLines, household, runVerification, STRANGER, type CardAtCounter } from './verify-bench.ts';

const test = suite('terminal/biometrics-verify/match-on-card-verifier (HID)', { timeoutMs: 10_000 });
const profile = scannerProfile('generic-hid-scanner', { packetTimeoutMs: 300 });

let cards: IssuedCard[];
let counter: CardAtCounter;
let device: SimHidFingerprintDevice;
let scanner: HidFingerprintScanner;

test.before(() => {
  cards = household();
});
test.before.each(async () => {
  counter = await cardAtCounter(cards[0]!, ['T0']);
  device = createSimHidFingerprintDevice({ profile });
  scanner = await HidFingerprintScanner.open({ profile, open: device.open, readSliceMs: 20 });
});
test.after.each(async () => {
  await scanner.close();
  await counter.close();
  assert.ok(device.idle, 'the simulated device still has timers running');
});

test('right finger over HID: matched on the card (T=0 card: GET RESPONSE below the verifier)', async () => {
  device.script.present({ person: cards[0]!.nationalId, finger: 2, quality: 70, impression: 3 }, 50);
  const result = await new MatchOnCardVerifier({ scanner, transceive: counter.session.transceive }).verify({ kind: 'card' }, { timeoutMs: 2_000 });
  assert.equal([result.outcome, result.captures], ['match', 1]);
  assert.is(counter.session.connection.protocol, 'T0');
});

test('wrong finger ×3 over HID, a low-quality capture asked again, then the PIN', async () => {
  device.script.push({ kind: 'rejected', reason: 'low-quality', quality: 10 });
  for (let i = 0; i < 3; i++) device.script.present({ person: STRANGER, impression: i });
  const asked: string[] = [];
  const verifier = new MatchOnCardVerifier({ scanner, transceive: counter.session.transceive, onReason: (r) => asked.push(r.code) });
  const { events } = await runVerification(counter.session, verifier, ['1234']);
  assert.equal(eventLines(events), [
    'CVM_FINGERPRINT#1:no-match', 'CVM_FINGERPRINT#2:no-match', 'CVM_FINGERPRINT#3:no-match', 'CVM_PIN#1:correct', 'CVM_VERIFIED:pin',
  ]);
  assert.equal(asked, ['FP_ASK_AGAIN_QUALITY', 'FP_NO_MATCH', 'FP_NO_MATCH', 'FP_NO_MATCH']);
  assert.is(await biometricTriesLeft(counter.session), 5, 'the good PIN restored the card\'s biometric tries');
});

test.run();
