import * as assert from 'uvu/assert';
import { CardTornError } from '../../../card/card-error.ts';
import * as T from '../../../card/gov/gov-tags.ts';
import { suite } from '../../support/suite.ts';
import { exactTemplateMatcher } from '../../../card/gov/verify-cardholder.ts';
import { cmd, FINGERPRINT, fingerProbe, govCard, ISSUE_DAY, NATIONAL_ID, send, valueOf } from './gov-fixture.ts';
import type { CardOs } from '../../../card/card-os.ts';

const test = suite('card/gov/verify-cardholder');

const tries = (card: CardOs, tag: number): number => valueOf(send(card, cmd.readData(tag)).data, tag)[0]!;

test('PIN: 63Cx counts down, a good PIN resets, 6983 when blocked; VERIFY without data gives the status', () => {
  const card = govCard();
  assert.is(send(card, cmd.verifyPinStatus()).sw, 0x63c3);
  assert.is(send(card, cmd.verifyPin('0000')).sw, 0x63c2);
  assert.is(send(card, cmd.verifyPin('1234')).sw, 0x9000);
  assert.is(send(card, cmd.verifyPinStatus()).sw, 0x9000);
  assert.is(tries(card, T.TAG_9F17_PIN_TRIES), 3);
  for (const sw of [0x63c2, 0x63c1, 0x63c0]) assert.is(send(card, cmd.verifyPin('9999')).sw, sw);
  assert.is(send(card, cmd.verifyPin('1234')).sw, 0x6983);
  assert.is(send(card, cmd.verifyPinStatus()).sw, 0x6983);
  assert.is(send(card, cmd.debitBread(ISSUE_DAY, 1)).sw, 0x6982, 'a failed PIN leaves the cardholder unverified');
});

test('PIN: malformed block 6A80, wrong P2 6A86, wrong class 6E00', () => {
  const card = govCard();
  assert.is(send(card, Uint8Array.of(0x00, 0x20, 0x00, 0x80, 0x08, 0x24, 0x12, 0x34, 0xff, 0xff, 0xff, 0xff, 0x00)).sw, 0x6a80);
  assert.is(send(card, Uint8Array.of(0x00, 0x20, 0x00, 0x81)).sw, 0x6a86);
  assert.is(send(card, Uint8Array.of(0x80, 0x20, 0x00, 0x80)).sw, 0x6e00);
  assert.is(tries(card, T.TAG_9F17_PIN_TRIES), 3, 'refused commands spend no try');
});

test('a torn VERIFY never gives the try back', () => {
  const card = govCard();
  card.tearAt({ apdu: 1, phase: 'before-commit' });
  assert.throws(() => send(card, cmd.verifyPin('0000')), (e: unknown) => e instanceof CardTornError);
  card.powerOn();
  send(card, cmd.select());
  assert.is(tries(card, T.TAG_9F17_PIN_TRIES), 2);
});

test('biometric (ISO/IEC 7816-11): another impression of the enrolled finger verifies, a stranger\'s does not; 63Cx counts down, 6983 blocks; a good PIN restores the tries', () => {
  const card = govCard({ biometricTries: 3 });
  const stranger = (seed: number): Uint8Array => fingerProbe('29001011234568', seed);
  assert.is(send(card, cmd.verifyBiometric(stranger(1))).sw, 0x63c2, 'another person');
  assert.is(send(card, cmd.verifyBiometric(fingerProbe(NATIONAL_ID, 1))).sw, 0x9000, 'the holder, a medium impression');
  assert.is(tries(card, T.TAG_DF18_BIOMETRIC_TRIES), 3, 'a match restores the tries');
  assert.is(send(card, cmd.debitBread(ISSUE_DAY, 1)).sw, 0x9000, 'biometric verification allows a debit');
  assert.is(send(card, cmd.verifyBiometric(fingerProbe(NATIONAL_ID, 2, { form: 'record' }))).sw, 0x9000, 'a whole ISO record is compared too');
  for (const sw of [0x63c2, 0x63c1, 0x63c0]) assert.is(send(card, cmd.verifyBiometric(stranger(2))).sw, sw);
  assert.is(send(card, cmd.verifyBiometric(fingerProbe(NATIONAL_ID, 3))).sw, 0x6983, 'blocked even for the right finger');
  assert.is(send(card, cmd.verifyBiometric(new Uint8Array(0))).sw, 0x6983, 'status: blocked');
  assert.is(send(card, cmd.debitBread(ISSUE_DAY, 1, 'x')).sw, 0x6982, 'a failed match leaves the cardholder unverified');
  assert.is(send(card, cmd.verifyPin('1234')).sw, 0x9000, 'PIN fallback');
  assert.is(tries(card, T.TAG_DF18_BIOMETRIC_TRIES), 3);
  assert.is(send(card, cmd.verifyBiometric(fingerProbe(NATIONAL_ID, 3))).sw, 0x9000);
});

test('biometric: a probe that is no ISO template never matches an ISO reference, and spends a try', () => {
  const card = govCard();
  assert.is(send(card, cmd.verifyBiometric(Uint8Array.of(1, 2))).sw, 0x63c4, 'not a whole number of minutiae');
  assert.is(send(card, cmd.verifyBiometric(Uint8Array.of(1, 2, 0xc0))).sw, 0x63c3, 'reserved minutia type');
  assert.is(send(card, cmd.verifyBiometric(FINGERPRINT)).sw, 0x9000, 'the reference itself');
});

test('biometric: exactTemplateMatcher, still available, takes the enrolled bytes only', () => {
  const card = govCard({}, { matcher: exactTemplateMatcher });
  assert.is(send(card, cmd.verifyBiometric(fingerProbe(NATIONAL_ID, 1))).sw, 0x63c4, 'another impression is other bytes');
  assert.is(send(card, cmd.verifyBiometric(FINGERPRINT)).sw, 0x9000);
});

test('biometric: a plugged matcher decides; a throwing matcher is a failed match; malformed data 6A80', () => {
  const seen: Array<[number, number]> = [];
  const lenient = govCard({}, { matcher: (probe, reference) => (seen.push([probe.length, reference.length]), probe[0] === reference[0]) });
  assert.is(send(lenient, cmd.verifyBiometric(Uint8Array.of(FINGERPRINT[0]!, 1, 2))).sw, 0x9000);
  assert.equal(seen, [[3, FINGERPRINT.length]]);
  const broken = govCard({}, { matcher: () => { throw new Error('matcher crashed'); } });
  assert.is(send(broken, cmd.verifyBiometric(FINGERPRINT)).sw, 0x63c4);
  const card = govCard();
  assert.is(send(card, Uint8Array.of(0x00, 0x21, 0x00, 0x91, 0x03, 0x81, 0x01, 0x00)).sw, 0x6a80, 'no 7F2E template');
  assert.is(send(card, Uint8Array.of(0x00, 0x21, 0x00, 0x91, 0x04, 0x7f, 0x2e, 0x05, 0x81)).sw, 0x6a80, 'truncated');
  assert.is(send(card, Uint8Array.of(0x00, 0x21, 0x00, 0x80)).sw, 0x6a86);
  assert.is(send(card, Uint8Array.of(0x00, 0x21, 0x00, 0x91)).sw, 0x63c5, 'status: not verified, 5 tries');
});

test.run();
