/**
 * Whole transactions against the real virtual card (KARTPAY and the PSE on a card OS, or beside KARTGOV on the
 * government card) and the reference issuer host. Key material is TEST ONLY (Kart's test CA, issuer, IMK-AC).
 */
import { randomBytes } from 'node:crypto';
import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import type { CardOs } from '../../../card/card-os.ts';
import type { PaymentPersonalizationInput } from '../../../card/emv-pay/index.ts';
import { biometricVerifyCommands } from '../../../emv/biometric/biometric-commands.ts';
import { BIOMETRIC_TYPE_FINGER } from '../../../emv/biometric/biometric-data-objects.ts';
import { buildBiometricVerificationData, openBiometricVerificationData } from '../../../emv/biometric/biometric-verification-data.ts';
import type { BiometricCvmOutcome, BiometricVerifier, PinPad } from '../../../emv/kernel/cardholder-verification.ts';
import { KART_COUNTER_CONFIG } from '../../../emv/kernel/kart-counter-config.ts';
import { buildIccData, type GoOnline, type OnlineRequest } from '../../../emv/kernel/online-processing.ts';
import { runEmvTransaction, type EmvTransactionIo, type EmvTransactionResult } from '../../../emv/kernel/run-emv-transaction.ts';
import { createTransactionContext } from '../../../emv/kernel/transaction-context.ts';
import { generateRsaKeyPair } from '../../../emv/oda/rsa.ts';
import { buildPlaintextPinBlock } from '../../../emv/pin/plaintext-pin-block.ts';
import { fromHex, toHex } from '../../../emv/tlv/hex.ts';
import { createIssuerHost, type IssuerHost } from '../../../issuer/issuer-host.ts';
import { KART_TEST_ISSUER_MASTER_KEY_AC } from '../../../issuer/test-issuer.ts';
import { fingerProbe } from '../../card/gov/gov-fixture.ts';
import { govCardWithPayment, HOLDER_ID, PAN, PIN, PSN, paymentCard, STRANGER_ID } from '../../card/emv-pay/payment-fixture.ts';

const test = suite('emv/kernel/run-emv-transaction');

const NOW = new Date('2026-11-22T10:30:00Z');
const random = (n: number): Uint8Array => new Uint8Array(randomBytes(n));
/** The issuer's key for online biometric data (TEST ONLY) and the UN both sides use for it here. */
const ISSUER_BIOMETRIC_KEY = generateRsaKeyPair(1024);
const ONLINE_BIOMETRIC_UN = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);

const swOf = (rapdu: Uint8Array): number => (rapdu[rapdu.length - 2]! << 8) | rapdu[rapdu.length - 1]!;

/** The cardholder (or a stranger) at the scanner: the real offline finger CVM against the card, one probe per attempt. */
function fingerAtScanner(owners: readonly string[], calls: { kind: string; triesLeft?: number; attempt: number; key: boolean }[] = []): BiometricVerifier {
  return async (kind, context): Promise<BiometricCvmOutcome> => {
    calls.push({ kind, ...(context.triesLeft === undefined ? {} : { triesLeft: context.triesLeft }), attempt: context.attempt, key: !!context.iccPublicKey });
    const owner = owners[Math.min(context.attempt, owners.length) - 1]!;
    if (owner === 'unavailable') return { outcome: 'unavailable', reason: 'scanner unplugged' };
    const probe = { biometricType: BIOMETRIC_TYPE_FINGER, solutionId: Uint8Array.of(0x01), subtype: 0x00, bdb: fingerProbe(owner, 7 + context.attempt) };
    if (kind === 'finger-online') {
      const bvdt = buildBiometricVerificationData({ ...probe, unpredictableNumber: ONLINE_BIOMETRIC_UN, recipientKey: ISSUER_BIOMETRIC_KEY.publicKey, random });
      return { outcome: 'captured', onlineData: bvdt };
    }
    if (!context.iccPublicKey) return { outcome: 'unavailable', reason: 'no ICC key' };
    // See EMV 4.4 Book 2, 7.3: GET CHALLENGE, the BVDT enciphered for the ICC key, VERIFY P2 89 (chained).
    const challenge = await context.trx(Uint8Array.of(0x00, 0x84, 0x00, 0x00, 0x00));
    if (swOf(challenge) !== 0x9000) return { outcome: 'unavailable', reason: 'GET CHALLENGE refused' };
    const bvdt = buildBiometricVerificationData({ ...probe, unpredictableNumber: challenge.subarray(0, 8), recipientKey: context.iccPublicKey, random });
    let last: Uint8Array = Uint8Array.of(0x6f, 0x00);
    for (const command of biometricVerifyCommands(bvdt)) last = await context.trx(command);
    const sw = swOf(last);
    if (sw === 0x9000) return { outcome: 'match' };
    if ((sw & 0xfff0) === 0x63c0) return { outcome: 'no-match', triesLeft: sw & 0x0f };
    if (sw === 0x6983) return { outcome: 'blocked' };
    return { outcome: 'unavailable', reason: `VERIFY ${sw.toString(16)}` };
  };
}

const pinPad = (pins: string[]): PinPad => async () => {
  const pin = pins.shift();
  if (pin === undefined) throw new Error('PIN pad: unexpected prompt');
  return pin === 'bypass' ? 'bypass' : buildPlaintextPinBlock(pin);
};
const noPin: PinPad = async () => {
  throw new Error('PIN pad: unexpected prompt');
};

/** The issuer host for the fixture card; the online finger is opened with the issuer's key and compared. */
function issuer(balance = 100_000, accountBlocked = false): IssuerHost {
  return createIssuerHost({
    issuerMasterKey: KART_TEST_ISSUER_MASTER_KEY_AC,
    accounts: [{ pan: PAN, panSequenceNumber: PSN, balance, blocked: accountBlocked }],
    verifyOnlineBiometric: async (bvdt) => {
      const plain = openBiometricVerificationData(bvdt, { unpredictableNumber: ONLINE_BIOMETRIC_UN, recipientKey: ISSUER_BIOMETRIC_KEY });
      return toHex(plain.bdb) === toHex(fingerProbe(HOLDER_ID, 8)) || toHex(plain.bdb) === toHex(fingerProbe(HOLDER_ID, 9)) ? 'match' : 'no-match';
    },
    now: () => NOW,
  });
}

interface Run {
  readonly card?: CardOs;
  readonly host?: IssuerHost;
  readonly goOnline?: GoOnline;
  readonly amount?: number;
  readonly fingers?: readonly string[];
  readonly pins?: string[];
  readonly calls?: { kind: string; triesLeft?: number; attempt: number; key: boolean }[];
  readonly requests?: OnlineRequest[];
}

async function run(options: Run = {}): Promise<EmvTransactionResult> {
  const card = options.card ?? paymentCard();
  const host = options.host ?? issuer();
  const io: EmvTransactionIo = {
    trx: async (capdu) => card.transmit(capdu),
    pinPad: options.pins ? pinPad(options.pins) : noPin,
    biometricVerifier: fingerAtScanner(options.fingers ?? [HOLDER_ID], options.calls),
    goOnline:
      options.goOnline ??
      (async (request) => {
        options.requests?.push(request);
        return host.authorise(request);
      }),
    random: () => 0.99,
    randomBytes: random,
  };
  return runEmvTransaction(KART_COUNTER_CONFIG, { amountAuthorised: options.amount ?? 2_500, now: NOW }, io);
}

const tlvHex = (result: EmvTransactionResult, tag: number): string | undefined => {
  const value = result.data.get(tag);
  return value ? toHex(value) : undefined;
};

/** The clearing record's ICC data, as the journal would keep it. */
const clearing = (result: EmvTransactionResult): Uint8Array => {
  const context = createTransactionContext(async () => new Uint8Array(), result.data);
  context.tvr.set(result.tvr);
  return buildIccData(context);
};

test('new card, finger offline match: online (new card), issuer approves, TC', async () => {
  const calls: { kind: string; triesLeft?: number; attempt: number; key: boolean }[] = [];
  const requests: OnlineRequest[] = [];
  const host = issuer();
  const result = await run({ host, calls, requests });
  assert.is(result.outcome, 'approved', `${result.reason} | ${result.steps.join(' | ')}`);
  assert.is(result.reasonCode, 'ONLINE_APPROVED');
  assert.is(result.cryptogramType, 'TC');
  assert.is(result.online, true);
  assert.is(toHex(result.cvmResults), '480302', 'finger offline, if supported, successful');
  assert.equal(calls, [{ kind: 'finger-offline', triesLeft: 5, attempt: 1, key: true }], 'one capture, tries from BF4C, the ICC key from CDA');
  assert.is(result.tvr[1]! & 0x08, 0x08, 'new card');
  assert.is(result.tsi[0], 0xf8 & ~0x10, 'ODA, CVM, card RM, TRM performed; no EXTERNAL AUTHENTICATE (91 in CDOL2)');
  assert.is(requests.length, 1);
  assert.is(requests[0]!.pan, PAN);
  for (const tag of [0x9f26, 0x9f27, 0x9f10, 0x9f36, 0x95, 0x9a, 0x9c, 0x9f02, 0x5f2a, 0x82, 0x9f1a, 0x9f34, 0x9f37, 0x5a, 0x5f34, 0x84, 0x4f, 0x8a, 0x91]) {
    assert.ok(result.data.get(tag), `data object ${tag.toString(16)} recorded`);
  }
  assert.is(tlvHex(result, 0x8a), '3030', "ARC '00'");
  assert.is(tlvHex(result, 0x9f27)!.slice(0, 1), '4', 'CID: TC');
  assert.equal(host.verifyOfflineCryptogram(clearing(result), PAN, PSN), { valid: true, cryptogramType: 'TC' });
  assert.is(result.signatureRequired, false);
});

test('after an online approval, a small sale is approved offline (TC) with CDA', async () => {
  const card = paymentCard();
  const host = issuer();
  const first = await run({ card, host });
  assert.is(first.outcome, 'approved', first.reason);
  const second = await run({ card, host, amount: 1_500, goOnline: async () => assert.unreachable('must stay offline') as never });
  assert.is(second.outcome, 'approved', `${second.reason} | ${second.steps.join(' | ')}`);
  assert.is(second.reasonCode, 'OFFLINE_APPROVED');
  assert.is(second.cryptogramType, 'TC');
  assert.is(second.online, false);
  assert.ok(second.steps.some((s) => s.includes('CDA verified')), 'the TC carried a verified CDA signature');
  assert.equal(host.verifyOfflineCryptogram(clearing(second), PAN, PSN), { valid: true, cryptogramType: 'TC' });
});

test('online decline: insufficient funds (51), AAC', async () => {
  const result = await run({ host: issuer(1_000) });
  assert.is(result.outcome, 'declined');
  assert.is(result.reasonCode, 'ONLINE_DECLINED');
  assert.is(result.cryptogramType, 'AAC');
  assert.is(result.online, true);
  assert.is(tlvHex(result, 0x8a), '3531');
});

test('finger no match x3 (the card prefers 3 attempts), then PIN: approved online', async () => {
  const calls: { kind: string; triesLeft?: number; attempt: number; key: boolean }[] = [];
  const result = await run({ fingers: [STRANGER_ID, STRANGER_ID, STRANGER_ID], pins: [PIN], calls });
  assert.is(result.outcome, 'approved', `${result.reason} | ${result.steps.join(' | ')}`);
  assert.equal(calls.map((c) => [c.attempt, c.triesLeft]), [[1, 5], [2, 4], [3, 3]]);
  assert.is(toHex(result.cvmResults), '410302', 'PIN after the finger');
  assert.is(result.tvr[3]! & 0x04, 0, 'finger tries not exhausted');
});

test('finger tries run out (limit 2): try limit exceeded, PIN bypassed, signature; the next sale skips the finger (blocked)', async () => {
  // KARTPAY resets the finger counter on a correct PIN, so the first sale ends on a signature to keep it at 0.
  const card = paymentCard({ fingerTries: 2, preferredFingerAttempts: 2 } satisfies Partial<PaymentPersonalizationInput>);
  const host = issuer();
  const calls: { kind: string; triesLeft?: number; attempt: number; key: boolean }[] = [];
  const first = await run({ card, host, fingers: [STRANGER_ID, STRANGER_ID], pins: ['bypass'], calls });
  assert.is(first.outcome, 'approved', `${first.reason} | ${first.steps.join(' | ')}`);
  assert.equal(calls.map((c) => [c.attempt, c.triesLeft]), [[1, 2], [2, 1]]);
  assert.is(first.tvr[3]! & 0x04, 0x04, 'biometric try limit exceeded');
  assert.is(first.tvr[2]! & 0x08, 0x08, 'PIN not entered');
  assert.is(toHex(first.cvmResults), '5E0300', 'signature');
  assert.is(first.signatureRequired, true);
  const again: typeof calls = [];
  const second = await run({ card, host, pins: [PIN], calls: again });
  assert.is(again.length, 0, 'no capture once the card says 0 tries (BF4C)');
  assert.is(second.tvr[3]! & 0x04, 0x04);
  assert.is(toHex(second.cvmResults), '410302');
  assert.is(second.outcome, 'approved', second.reason);
  assert.is(second.online, true, 'the card wants online when the finger try limit is exceeded');
});

test('scanner unavailable: capture device bit, PIN', async () => {
  const result = await run({ fingers: ['unavailable'], pins: [PIN] });
  assert.is(result.outcome, 'approved', result.reason);
  assert.is(result.tvr[2]! & 0x02, 0x02);
  assert.is(toHex(result.cvmResults), '410302');
});

const ONLINE_FINGER_CVM_LIST = Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0x49, 0x03, 0x41, 0x03);

test('finger online on KARTPAY as issued: its 9F31 offers finger offline only: type not supported, PIN', async () => {
  const calls: { kind: string; triesLeft?: number; attempt: number; key: boolean }[] = [];
  const result = await run({ card: paymentCard({ cvmList: ONLINE_FINGER_CVM_LIST }), pins: [PIN], calls });
  assert.is(calls.length, 0);
  assert.is(result.tvr[3]! & 0x02, 0x02, 'a selected biometric type not supported');
  assert.is(toHex(result.cvmResults), '410302');
  assert.is(result.outcome, 'approved', result.reason);
});

test('finger online: captured, carried to the issuer, matched there; TC', async () => {
  const requests: OnlineRequest[] = [];
  const calls: { kind: string; triesLeft?: number; attempt: number; key: boolean }[] = [];
  const card = paymentCard({ cvmList: ONLINE_FINGER_CVM_LIST, fingerOnline: true });
  const result = await run({ card, requests, calls });
  assert.is(result.outcome, 'approved', `${result.reason} | ${result.steps.join(' | ')}`);
  assert.is(calls[0]!.kind, 'finger-online');
  assert.is(toHex(result.cvmResults), '490300', 'finger online, result unknown');
  assert.is(result.tvr[2]! & 0x04, 0x04, 'online CVM captured');
  assert.is(result.tvr[0]! & 0xfc, 0x00, 'offline data authentication (CDA) passed: the card as issued offers finger online');
  assert.ok(requests[0]!.onlineBiometric, 'the BVDT went with the authorisation request');
  assert.is(tlvHex(result, 0x8a), '3030');
});

test('finger online: a stranger captured: the issuer declines (63)', async () => {
  const card = paymentCard({ cvmList: ONLINE_FINGER_CVM_LIST, fingerOnline: true });
  const result = await run({ card, fingers: [STRANGER_ID] });
  assert.is(result.outcome, 'declined');
  assert.is(result.reasonCode, 'ONLINE_DECLINED');
  assert.is(tlvHex(result, 0x8a), '3633');
});

test('unable to go online: default action codes (new card) decline with Z3', async () => {
  const result = await run({ goOnline: async () => 'unable' });
  assert.is(result.outcome, 'declined');
  assert.is(result.reasonCode, 'UNABLE_ONLINE_DECLINED');
  assert.is(result.online, false);
  assert.is(tlvHex(result, 0x8a), '5A33');
});

test('issuer authentication fails (91 altered): the card declines the approval', async () => {
  const host = issuer();
  const result = await run({
    goOnline: async (request) => {
      const answer = await host.authorise(request);
      const bad = Uint8Array.from(answer.issuerAuthenticationData);
      bad[0]! ^= 0x01;
      return { ...answer, issuerAuthenticationData: bad };
    },
  });
  assert.is(result.outcome, 'declined');
  assert.is(result.reasonCode, 'CARD_DECLINED_AFTER_ONLINE_APPROVAL');
  assert.is(result.cryptogramType, 'AAC');
});

test('terminal denial (TAC-denial on new card): AAC asked without CDA, ODA marked not performed, declined offline', async () => {
  const card = paymentCard();
  const result = await runEmvTransaction({ ...KART_COUNTER_CONFIG, tacDenial: fromHex('0008000000') }, { amountAuthorised: 2_500, now: NOW }, {
    trx: async (capdu) => {
      if (capdu[1] === 0xae) assert.is(capdu[2], 0x00, 'GENERATE AC for an AAC, no CDA bit');
      return card.transmit(capdu);
    },
    pinPad: noPin,
    biometricVerifier: fingerAtScanner([HOLDER_ID]),
    goOnline: async () => assert.unreachable('declined offline') as never,
    random: () => 0.99,
  });
  assert.is(result.outcome, 'declined');
  assert.is(result.reasonCode, 'OFFLINE_DECLINED');
  assert.is(result.cryptogramType, 'AAC');
  assert.is(result.tvr[0]! & 0x80, 0x80);
});

test('the government card with KARTPAY and the PSE beside KARTGOV', async () => {
  const result = await run({ card: govCardWithPayment() });
  assert.is(result.outcome, 'approved', `${result.reason} | ${result.steps.join(' | ')}`);
  assert.ok(result.steps.some((s) => s.startsWith('PSE directory')), 'selected through the PSE');
});

test.run();
