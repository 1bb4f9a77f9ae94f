/**
 * EmvFingerVerifier against a scripted card (every command checked, the BVDT really deciphered with the card's key
 * and bound to its challenge) and the simulated scanner: each kernel answer (match, no-match with tries, blocked,
 * unavailable with its reason, captured for the issuer), the capture policy inside one attempt, no command when
 * none is due, and traces that never show the enciphered template.
 */
import * as assert from 'uvu/assert';
import { openBiometricVerificationData, onlineBiometricUnpredictableNumber } from '../../../emv/biometric/biometric-verification-data.ts';
import { BIOMETRIC_TYPE_FINGER } from '../../../emv/biometric/biometric-data-objects.ts';
import { generateRsaKeyPair, type RsaKeyPair } from '../../../emv/oda/rsa.ts';
import type { Transceiver } from '../../../emv/transceiver.ts';
import { toCardProbe } from '../../../terminal/biometrics-verify/card-probe.ts';
import {
  DEFAULT_FINGER_SOLUTION, EmvFingerVerifier, GET_CHALLENGE_APDU, type EmvFingerVerifierOptions,
} from '../../../terminal/biometrics-verify/emv-finger-verifier.ts';
import type { VerifierReason } from '../../../terminal/biometrics-verify/verifier-reasons.ts';
import { redactCommandApdu } from '../../../terminal/hal/redaction/redact.ts';
import { createSimFingerprintScanner, type SimFingerprintScanner } from '../../../terminal/hal/sim/sim-fingerprint-scanner.ts';
import { syntheticIsoTemplate } from '../../../terminal/hal/sim/synthetic-finger-capture.ts';
import { formatApduTrace } from '../../../terminal/trace/apdu-trace.ts';
import { suite } from '../../support/suite.ts';

const test = suite('terminal/biometrics-verify/emv-finger-verifier', { timeoutMs: 15_000 });

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const CHALLENGE = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
const OK = Uint8Array.of(0x90, 0x00);
const sw = (value: number): Uint8Array => Uint8Array.of(value >> 8, value & 0xff);

let icc: RsaKeyPair;
let issuer: RsaKeyPair;
let scanner: SimFingerprintScanner;

test.before(() => {
  icc = generateRsaKeyPair(1024, 3);
  issuer = generateRsaKeyPair(1024, 65537);
});
test.before.each(() => {
  scanner = createSimFingerprintScanner();
});
test.after.each(() => scanner.close());

/**
 * A card that answers GET CHALLENGE with CHALLENGE and each VERIFY (P2 89) by `verifyAnswer`, after deciphering
 * the data with its key and the challenge (a template it cannot open fails the test). Every command is logged.
 */
function scriptedCard(verifyAnswer: number, challengeAnswer: Uint8Array = Uint8Array.of(...CHALLENGE, 0x90, 0x00)) {
  const commands: Uint8Array[] = [];
  const opened: Uint8Array[] = [];
  let chain: number[] = [];
  const trx: Transceiver = async (capdu) => {
    commands.push(capdu);
    if (hex(capdu) === hex(GET_CHALLENGE_APDU)) return challengeAnswer;
    assert.equal([capdu[1], capdu[2], capdu[3]], [0x20, 0x00, 0x89], 'only VERIFY (biometric) after GET CHALLENGE');
    chain.push(...capdu.subarray(5, 5 + capdu[4]!));
    if (capdu[0] === 0x10) return OK; // See Book 3, 6.5.13: a chained block, more to come
    const data = Uint8Array.from(chain);
    chain = [];
    const plain = openBiometricVerificationData(data, { unpredictableNumber: CHALLENGE, recipientKey: icc });
    assert.equal(plain.biometricType, BIOMETRIC_TYPE_FINGER);
    opened.push(plain.bdb);
    return sw(verifyAnswer);
  };
  return { trx, commands, opened };
}

function verifier(extra: Partial<EmvFingerVerifierOptions> = {}, shown: VerifierReason[] = []): EmvFingerVerifier {
  return new EmvFingerVerifier({ scanner, onReason: (r) => shown.push(r), captureOptions: { timeoutMs: 2_000 }, ...extra });
}

test('finger offline, 9000: match; the card got the compact probe of the capture, enciphered for its key and challenge', async () => {
  const card = scriptedCard(0x9000);
  scanner.script.present({ person: 'p1', quality: 80 });
  const v = verifier();
  const answer = await v.verify('finger-offline', { trx: card.trx, iccPublicKey: icc.publicKey, attempt: 1 });
  assert.equal(answer, { outcome: 'match' });
  assert.equal(card.commands.map((c) => hex(c.subarray(0, 4))), ['00840000', '10200089', '00200089'], 'a 1024-bit ICC key: the BVDT is chained');
  assert.equal(card.opened, [toCardProbe(syntheticIsoTemplate({ person: 'p1', quality: 80 }))]);
  assert.equal(v.attempts, [{ kind: 'finger-offline', outcome: 'match', captures: 1, sw: 0x9000 }]);
});

test('low quality then a good finger: asked again within one attempt (one challenge, one VERIFY), reason shown', async () => {
  const card = scriptedCard(0x9000);
  const shown: VerifierReason[] = [];
  scanner.script.push({ kind: 'rejected', reason: 'low-quality', quality: 10 });
  scanner.script.present({ person: 'p1' });
  const answer = await verifier({}, shown).verify('finger-offline', { trx: card.trx, iccPublicKey: icc.publicKey, attempt: 1 });
  assert.equal(answer, { outcome: 'match' });
  assert.equal(shown.map((r) => r.code), ['FP_ASK_AGAIN_QUALITY']);
  assert.is(card.commands.length, 3, 'GET CHALLENGE and one (chained) VERIFY: the card spent no try on the poor capture');
});

test('63C2: no-match with the card\'s tries left; 6983: blocked; 6A80: unavailable with the card\'s refusal', async () => {
  for (const [answerSw, expected, reason] of [
    [0x63c2, { outcome: 'no-match', triesLeft: 2 }, 'FP_NO_MATCH'],
    [0x6983, { outcome: 'blocked' }, 'FP_BIOMETRIC_BLOCKED'],
    [0x6a80, { outcome: 'unavailable', reason: 'FP_EMV_CARD_REFUSED_VERIFY' }, 'FP_EMV_CARD_REFUSED_VERIFY'],
    [0x6985, { outcome: 'unavailable', reason: 'FP_EMV_CARD_REFUSED_VERIFY' }, 'FP_EMV_CARD_REFUSED_VERIFY'],
  ] as const) {
    const card = scriptedCard(answerSw);
    const shown: VerifierReason[] = [];
    scanner.script.present({ person: 'p2' });
    const v = verifier({}, shown);
    assert.equal(await v.verify('finger-offline', { trx: card.trx, iccPublicKey: icc.publicKey, attempt: 1 }), expected);
    assert.equal(shown.map((r) => r.code), [reason]);
    assert.is(v.attempts[0]!.sw, answerSw);
    for (const r of shown) assert.ok(r.ar.length > 0 && r.en.length > 0, 'a reason in both languages');
  }
});

test('tries 0 (BF4C) → blocked, no ICC key → unavailable: no finger asked, no command sent', async () => {
  const card = scriptedCard(0x9000);
  assert.equal(await verifier().verify('finger-offline', { trx: card.trx, iccPublicKey: icc.publicKey, triesLeft: 0, attempt: 1 }), { outcome: 'blocked' });
  assert.equal(await verifier().verify('finger-offline', { trx: card.trx, attempt: 1 }), { outcome: 'unavailable', reason: 'FP_EMV_NO_ICC_KEY' });
  assert.equal([card.commands.length, scanner.captures], [0, 0]);
});

test('a vendor-template scanner (R30x style) and an image-only one: unavailable (format not supported), the policy\'s reason shown, no command', async () => {
  for (const [yields, reason] of [['vendor-template', 'FP_VENDOR_TEMPLATE'], ['image', 'FP_IMAGE_ONLY']] as const) {
    const other = createSimFingerprintScanner({ yields });
    other.script.present({ person: 'p1' });
    const card = scriptedCard(0x9000);
    const shown: VerifierReason[] = [];
    const v = new EmvFingerVerifier({ scanner: other, onReason: (r) => shown.push(r) });
    assert.equal(await v.verify('finger-offline', { trx: card.trx, iccPublicKey: icc.publicKey, attempt: 1 }), { outcome: 'unavailable', reason: 'format-not-supported' });
    assert.equal(shown.map((r) => r.code), [reason], 'told once');
    assert.equal(v.attempts.map((a) => a.reason?.code), [reason], 'kept for the journal and the screens');
    assert.is(card.commands.length, 0);
    await other.close();
  }
});

test('GET CHALLENGE refused or short: unavailable FP_EMV_CHALLENGE_REFUSED, no VERIFY', async () => {
  for (const answer of [sw(0x6d00), Uint8Array.of(1, 2, 3, 4, 0x90, 0x00)]) {
    const card = scriptedCard(0x9000, answer);
    scanner.script.present({ person: 'p1' });
    assert.equal(await verifier().verify('finger-offline', { trx: card.trx, iccPublicKey: icc.publicKey, attempt: 1 }), { outcome: 'unavailable', reason: 'FP_EMV_CHALLENGE_REFUSED' });
    assert.is(card.commands.length, 1);
  }
});

test('Card BIT Group (9F31): the card\'s finger solution is used; a card listing no finger → unavailable, no capture', async () => {
  const solutionId = Uint8Array.of(0x01, 0x02);
  const withFinger = { offline: [{ biometricType: BIOMETRIC_TYPE_FINGER, subtype: 0x02, solutionId }], online: [] };
  let seen: Uint8Array | undefined;
  let chain: number[] = [];
  const trx: Transceiver = async (capdu) => {
    if (capdu[1] === 0x84) return Uint8Array.of(...CHALLENGE, 0x90, 0x00);
    chain.push(...capdu.subarray(5, 5 + capdu[4]!));
    if (capdu[0] === 0x10) return OK;
    const plain = openBiometricVerificationData(Uint8Array.from(chain), { unpredictableNumber: CHALLENGE, recipientKey: icc });
    chain = [];
    seen = plain.solutionId;
    assert.is(plain.subtype, 0x02);
    return OK;
  };
  scanner.script.present({ person: 'p1' });
  assert.equal(await verifier().verify('finger-offline', { trx, iccPublicKey: icc.publicKey, cardBitGroup: withFinger, attempt: 1 }), { outcome: 'match' });
  assert.equal(seen, solutionId);
  const noFinger = { offline: [], online: [{ biometricType: BIOMETRIC_TYPE_FINGER }] };
  const card = scriptedCard(0x9000);
  const before = scanner.captures;
  const shown: VerifierReason[] = [];
  assert.equal(await verifier({}, shown).verify('finger-offline', { trx: card.trx, iccPublicKey: icc.publicKey, cardBitGroup: noFinger, attempt: 1 }), { outcome: 'unavailable', reason: 'format-not-supported' });
  assert.equal(shown.map((r) => r.code), ['FP_EMV_FINGER_NOT_ON_CARD']);
  assert.equal([scanner.captures, card.commands.length], [before, 0]);
});

test('finger online: captured, the BVDT opens with the issuer\'s key and the UN 00000000 || 9F37; no card command', async () => {
  const card = scriptedCard(0x9000);
  const un = Uint8Array.of(0xc0, 0xff, 0xee, 0x01);
  scanner.script.present({ person: 'p3' });
  const v = verifier({ issuerBiometricKey: issuer.publicKey, onlineUnpredictableNumber: () => onlineBiometricUnpredictableNumber(un) });
  const answer = await v.verify('finger-online', { trx: card.trx, attempt: 1 });
  assert.is(answer.outcome, 'captured');
  const onlineData = (answer as { onlineData: Uint8Array }).onlineData;
  const plain = openBiometricVerificationData(onlineData, { unpredictableNumber: onlineBiometricUnpredictableNumber(un), recipientKey: issuer });
  assert.equal([plain.bdb, plain.solutionId], [toCardProbe(syntheticIsoTemplate({ person: 'p3' })), DEFAULT_FINGER_SOLUTION.solutionId]);
  assert.is(card.commands.length, 0);
  assert.equal(await verifier().verify('finger-online', { trx: card.trx, attempt: 1 }), { outcome: 'unavailable', reason: 'FP_EMV_NO_ISSUER_KEY' });
});

test('a card that answers 6884 to a chain (no chaining): a fresh challenge, then one extended-length VERIFY', async () => {
  const commands: Uint8Array[] = [];
  let challenges = 0;
  const trx: Transceiver = async (capdu) => {
    commands.push(capdu);
    if (capdu[1] === 0x84) {
      const shift = challenges++ * 16;
      return Uint8Array.of(...CHALLENGE.map((b) => b + shift), 0x90, 0x00);
    }
    if (capdu[0] === 0x10) return sw(0x6884);
    assert.equal([capdu[0], capdu[4]], [0x00, 0x00], 'extended length: Lc is 00 hi lo');
    const data = capdu.subarray(7, 7 + ((capdu[5]! << 8) | capdu[6]!));
    const plain = openBiometricVerificationData(data, { unpredictableNumber: CHALLENGE.map((b) => b + 16), recipientKey: icc });
    assert.equal(plain.bdb, toCardProbe(syntheticIsoTemplate({ person: 'p4' })));
    return OK;
  };
  scanner.script.present({ person: 'p4' });
  assert.equal(await verifier().verify('finger-offline', { trx, iccPublicKey: icc.publicKey, attempt: 1 }), { outcome: 'match' });
  assert.equal(commands.map((c) => hex(c.subarray(0, 4))), ['00840000', '10200089', '00840000', '00200089'], 'bound to the second challenge');
});

test('scanner faults are thrown (HAL_TIMEOUT), not turned into an outcome', async () => {
  scanner.script.push({ kind: 'no-finger' });
  const card = scriptedCard(0x9000);
  const v = new EmvFingerVerifier({ scanner, captureOptions: { timeoutMs: 50 } });
  try {
    await v.verify('finger-offline', { trx: card.trx, iccPublicKey: icc.publicKey, attempt: 1 });
    assert.unreachable('a timeout must throw');
  } catch (error) {
    assert.is((error as { code?: string }).code, 'HAL_TIMEOUT');
  }
});

test('traces: the VERIFY data (BVDT, also chained) is redacted whole; the trace shows no byte of it', async () => {
  const exchanges: { capdu: Uint8Array; rapdu: Uint8Array; at: number; dur: number }[] = [];
  const card = scriptedCard(0x9000);
  const recording: Transceiver = async (capdu) => {
    const rapdu = await card.trx(capdu);
    exchanges.push({ capdu, rapdu, at: 0, dur: 0 });
    return rapdu;
  };
  scanner.script.present({ person: 'p1' });
  await verifier().verify('finger-offline', { trx: recording, iccPublicKey: icc.publicKey, attempt: 1 });
  const verifies = exchanges.slice(1).map((e) => e.capdu);
  assert.equal(verifies.map((c) => c[0]), [0x10, 0x00], 'chained: CLA 10 then 00');
  for (const verify of verifies) {
    const redacted = redactCommandApdu(verify);
    assert.is(redacted.redactions.length, 1);
    assert.equal([redacted.redactions[0]!.offset, redacted.redactions[0]!.length], [5, verify.length - 5], 'the whole data field');
    assert.ok(redacted.bytes.subarray(5).every((b) => b === 0));
  }
  const trace = formatApduTrace(exchanges).replace(/\s+/g, '').toLowerCase();
  const first = verifies[0]!;
  const at = first.findIndex((b, i) => b === 0xdf && first[i + 1] === 0x50);
  assert.ok(at > 0, 'DF50 in the first block');
  const seed = hex(first.subarray(at + 4, at + 20)); // 16 bytes of the Enciphered Biometric Key Seed
  const tail = hex(verifies[1]!.subarray(-16)); // the MAC's end
  assert.not.ok(trace.includes(seed), 'no key seed bytes in the trace');
  assert.not.ok(trace.includes(tail), 'no MAC bytes in the trace');
});

test.run();
