/**
 * The EMV kernel (`runEmvTransaction`, Kart counter configuration) against KARTPAY on the government card,
 * through the card OS, with the reference issuer host online: the whole contact flow end to end.
 */
import { randomBytes } from 'node:crypto';
import * as assert from 'uvu/assert';
import type { CardOs } from '../../../card/card-os.ts';
import { plaintextPinBlock } from '../../../card/plaintext-pin-block.ts';
import { buildCommandApdu } from '../../../emv/apdu/command-apdu.ts';
import { withT0Rules } from '../../../emv/apdu/with-t0-rules.ts';
import { VERIFY_P2_BIOMETRIC } from '../../../emv/biometric/biometric-commands.ts';
import { BIOMETRIC_TYPE_FINGER } from '../../../emv/biometric/biometric-data-objects.ts';
import { buildBiometricVerificationData } from '../../../emv/biometric/biometric-verification-data.ts';
import type { BiometricVerifier, PinPad } from '../../../emv/kernel/cardholder-verification.ts';
import { KART_COUNTER_CONFIG } from '../../../emv/kernel/kart-counter-config.ts';
import { runEmvTransaction, type EmvTransactionResult } from '../../../emv/kernel/run-emv-transaction.ts';
import { decodeTlv } from '../../../emv/tlv/decode-tlv.ts';
import { createIssuerHost } from '../../../issuer/issuer-host.ts';
import { KART_TEST_ISSUER_MASTER_KEY_AC } from '../../../issuer/test-issuer.ts';
import { suite } from '../../support/suite.ts';
import { fingerProbe } from '../gov/gov-fixture.ts';
import { bytes, govCardWithPayment, hex, HOLDER_ID, PAN, PIN, PSN, STRANGER_ID } from './payment-fixture.ts';

const test = suite('card/emv-pay/kernel-transaction');

const NOW = new Date('2026-11-22T10:00:00Z');

/**
 * A finger verifier for the offline finger CVM: GET CHALLENGE, the finger of `owner` enciphered for the ICC key the
 * kernel recovered, one extended-length VERIFY (the card OS does not forward command chains, see PAYMENT-APP.md).
 */
function fingerOf(owner: string | undefined): BiometricVerifier {
  let seed = 100;
  return async (kind, context) => {
    if (kind !== 'finger-offline' || !context.iccPublicKey || owner === undefined) return { outcome: 'unavailable' };
    const challenge = await context.trx(bytes('0084000008'));
    const bvdt = buildBiometricVerificationData({
      biometricType: BIOMETRIC_TYPE_FINGER, solutionId: Uint8Array.of(0x01), subtype: 0, bdb: fingerProbe(owner, seed++),
      unpredictableNumber: challenge.subarray(0, 8), recipientKey: context.iccPublicKey, random: (n) => new Uint8Array(randomBytes(n)),
    });
    const data = decodeTlv(bvdt, { recurse: false })[0]!.value;
    const answer = await context.trx(buildCommandApdu({ cla: 0, ins: 0x20, p1: 0, p2: VERIFY_P2_BIOMETRIC, data }, { extended: true }));
    const sw = hex(answer.subarray(-2));
    if (sw === '9000') return { outcome: 'match' };
    if (sw.startsWith('63C')) return { outcome: 'no-match', triesLeft: parseInt(sw[3]!, 16) };
    if (sw === '6983') return { outcome: 'blocked' };
    return { outcome: 'unavailable', reason: sw };
  };
}

const pinPad = (pin: string | undefined): PinPad => async () => (pin === undefined ? 'unavailable' : plaintextPinBlock(pin));

async function pay(
  card: CardOs,
  options: { finger?: string; pin?: string; amount?: number; hostUp?: boolean; forceOnline?: boolean } = {},
): Promise<EmvTransactionResult> {
  const host = createIssuerHost({ issuerMasterKey: KART_TEST_ISSUER_MASTER_KEY_AC, accounts: [{ pan: PAN, panSequenceNumber: PSN, balance: 1_000_000 }], now: () => NOW });
  return runEmvTransaction(KART_COUNTER_CONFIG, { amountAuthorised: options.amount ?? 2500, now: NOW, forceOnline: options.forceOnline ?? false }, {
    // Over T=0 the terminal's transport layer fetches the answers (61xx, GET RESPONSE); see Book 1, 9.3.1.
    trx: card.protocol === 'T=0' ? withT0Rules(async (capdu) => card.transmit(capdu)) : async (capdu) => card.transmit(capdu),
    pinPad: pinPad(options.pin),
    biometricVerifier: fingerOf(options.finger),
    goOnline: async (request) => (options.hostUp === false ? 'unable' : host.authorise(request)),
    random: () => 0.99,
  });
}

const explain = (r: EmvTransactionResult): string => `${r.outcome} ${r.reasonCode}: ${r.reason}\n${r.steps.join('\n')}`;

test('a new card, the holder\'s finger: the kernel reads, authenticates (CDA), verifies offline and goes online: approved', async () => {
  const card = govCardWithPayment();
  const result = await pay(card, { finger: HOLDER_ID });
  assert.is(result.outcome, 'approved', explain(result));
  assert.is(result.reasonCode, 'ONLINE_APPROVED', explain(result));
  assert.is(hex(result.cvmResults), '480302', 'finger offline, successful');
  assert.is(result.cryptogramType, 'TC');
});

test('the same over T=0 (GET RESPONSE for every answer): approved online, then offline', async () => {
  const card = govCardWithPayment('T=0');
  const first = await pay(card, { finger: HOLDER_ID });
  assert.is(first.reasonCode, 'ONLINE_APPROVED', explain(first));
  const second = await pay(card, { finger: HOLDER_ID });
  assert.is(second.reasonCode, 'OFFLINE_APPROVED', explain(second));
});

test('after an online approval, small sales are approved offline (TC) until the lower consecutive offline limit', async () => {
  const card = govCardWithPayment();
  assert.is((await pay(card, { finger: HOLDER_ID })).outcome, 'approved');
  for (let i = 0; i < 3; i++) {
    const offline = await pay(card, { finger: HOLDER_ID });
    assert.is(offline.reasonCode, 'OFFLINE_APPROVED', explain(offline));
  }
  // The fourth: the terminal's velocity check (ATC - last online ATC > 3) asks for online itself.
  const fourth = await pay(card, { finger: HOLDER_ID });
  assert.is(fourth.reasonCode, 'ONLINE_APPROVED', explain(fourth));
});

test('a stranger\'s finger is refused by the card and the cardholder falls back to the PIN (merchant forces online)', async () => {
  const card = govCardWithPayment();
  const fallback = await pay(card, { finger: STRANGER_ID, pin: PIN, forceOnline: true });
  assert.is(fallback.outcome, 'approved', explain(fallback));
  assert.is(hex(fallback.cvmResults), '410302', 'plaintext PIN after the finger failed');
  assert.is(hex(card.transmit(bytes('80CABF4C00'))), 'BF4C04DF5101059000', 'the right PIN restored the finger tries');
});

test('a stranger\'s finger then the PIN, offline-capable sale: the card answers ARQC to the TC request and goes online', async () => {
  const card = govCardWithPayment();
  assert.is((await pay(card, { finger: HOLDER_ID })).reasonCode, 'ONLINE_APPROVED', 'a first online sale: the card is no longer new');
  const baseline = await pay(card, { finger: HOLDER_ID });
  assert.is(baseline.reasonCode, 'OFFLINE_APPROVED', `the same sale with the right finger stays offline\n${explain(baseline)}`);
  const fallback = await pay(card, { finger: STRANGER_ID, pin: PIN });
  assert.is(fallback.outcome, 'approved', explain(fallback));
  assert.is(hex(fallback.cvmResults), '410302', 'plaintext PIN after the finger failed');
  // The terminal asked for a TC (nothing in its TVR wants online); the card's own rule (an offline CVM failed in this
  // transaction) answered ARQC, which Book 3, 6.5.5.2 allows, and the issuer approved.
  assert.ok(fallback.online, explain(fallback));
  assert.is(fallback.reasonCode, 'ONLINE_APPROVED', explain(fallback));
  assert.ok(fallback.steps.some((line) => /ARQC/.test(line)), explain(fallback));
});

test('issuer unreachable on a new card: declined offline at the second GENERATE AC', async () => {
  const card = govCardWithPayment();
  const result = await pay(card, { finger: HOLDER_ID, hostUp: false });
  assert.is(result.outcome, 'declined', explain(result));
  assert.is(result.reasonCode, 'UNABLE_ONLINE_DECLINED', explain(result));
});

test('a wrong PIN three times with no finger: the PIN blocks and the card declines offline', async () => {
  const card = govCardWithPayment();
  const result = await pay(card, { pin: '0000' });
  assert.is(result.outcome, 'declined', explain(result));
  assert.is(hex(card.transmit(bytes('80CA9F1700'))), '9F1701009000');
});

test.run();
