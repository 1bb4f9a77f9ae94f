/**
 * Seeded fuzz of the whole kernel: card answers corrupted (random status words, truncated, bit-flipped, a byte
 * dropped or added) must end in an outcome, 'terminated' for faults, never a throw, never a hang. First a fast
 * scripted card answering whatever it is asked; then the real KARTPAY card and the issuer host.
 */
import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import type { BiometricCvmOutcome } from '../../../emv/kernel/cardholder-verification.ts';
import { KART_COUNTER_CONFIG } from '../../../emv/kernel/kart-counter-config.ts';
import type { OnlineResponse } from '../../../emv/kernel/online-processing.ts';
import { runEmvTransaction, type EmvTransactionResult } from '../../../emv/kernel/run-emv-transaction.ts';
import { buildPlaintextPinBlock } from '../../../emv/pin/plaintext-pin-block.ts';
import { fromHex, toHex } from '../../../emv/tlv/hex.ts';
import { createSeededRandom, type SeededRandom } from '../../../terminal/journal/seeded-random.ts';
import { createIssuerHost } from '../../../issuer/issuer-host.ts';
import { KART_TEST_ISSUER_MASTER_KEY_AC } from '../../../issuer/test-issuer.ts';
import { PAN, PIN, PSN, paymentCard } from '../../card/emv-pay/payment-fixture.ts';
import { fci, KARTPAY_HEX, PSE_HEX, testConfig, tlv } from './kernel-fixtures.ts';

const test = suite('emv/kernel/kernel-fuzz');

const NOW = new Date('2026-11-22T10:30:00Z');
const OUTCOMES = new Set(['approved', 'declined', 'terminated']);

/** Corrupts an answer: a random status word, truncation, a flipped bit, a dropped or added byte. */
function corrupt(answer: Uint8Array, random: SeededRandom): Uint8Array {
  const out = Array.from(answer);
  switch (random.int(5)) {
    case 0:
      out.splice(Math.max(0, out.length - 2), 2, random.int(256), random.int(256));
      break;
    case 1:
      out.length = random.int(out.length + 1);
      break;
    case 2:
      if (out.length > 0) out[random.int(out.length)]! ^= 1 << random.int(8);
      break;
    case 3:
      if (out.length > 0) out.splice(random.int(out.length), 1);
      break;
    default:
      out.splice(random.int(out.length + 1), 0, random.int(256));
  }
  return Uint8Array.from(out);
}

const AC = '0102030405060708';
const RECORD = tlv(
  '70',
  tlv('5A', '8188880000000017') + tlv('5F24', '301231') + tlv('5F25', '250101') + tlv('5F34', '01') + tlv('9F07', 'FF00') + tlv('5F28', '0818') +
    tlv('8C', '9F02069F03069F1A0295055F2A029A039C019F37049F3403') + tlv('8D', '8A02910A95059F3704') + tlv('8E', '00000000000000004803410342031F03') +
    tlv('9F14', '03') + tlv('9F23', '05') + tlv('8F', '01') + tlv('9F49', '9F3704') + tlv('9F4A', '82'),
);

/** A card that answers every command plausibly (nothing verifies cryptographically). */
function scriptedAnswer(capdu: Uint8Array): string {
  const ins = capdu[1];
  const data = toHex(capdu.subarray(5, 5 + (capdu[4] ?? 0)));
  switch (ins) {
    case 0xa4:
      if (data === PSE_HEX) return fci(PSE_HEX, tlv('88', '01')) + '9000';
      if (data === KARTPAY_HEX) return fci(KARTPAY_HEX, tlv('50', '4B415254') + tlv('87', '01') + tlv('9F38', '9F35019F1A02')) + '9000';
      return '6A82';
    case 0xb2: {
      const [record, p2] = [capdu[2], capdu[3]];
      if (p2 === 0x0c) return record === 1 ? tlv('70', tlv('61', tlv('4F', KARTPAY_HEX) + tlv('87', '01'))) + '9000' : '6A83';
      if (p2 === 0x14 && record === 1) return RECORD + '9000';
      return '6A83';
    }
    case 0xa8:
      return tlv('77', tlv('82', '7D00') + tlv('94', '10010101')) + '9000';
    case 0xca: {
      const tag = toHex(capdu.subarray(2, 4));
      if (tag === '9F36') return tlv('9F36', '0009') + '9000';
      if (tag === '9F13') return tlv('9F13', '0007') + '9000';
      if (tag === '9F17') return tlv('9F17', '03') + '9000';
      if (tag === 'BF4C') return tlv('BF4C', tlv('DF51', '05')) + '9000';
      if (tag === 'BF4D') return tlv('BF4D', tlv('DF51', '02')) + '9000';
      return '6A88';
    }
    case 0x20:
      return '9000';
    case 0x88:
      return tlv('77', tlv('9F4B', '00'.repeat(16))) + '9000';
    case 0x82:
      return '9000';
    case 0xae: {
      const type = (capdu[2]! & 0xc0).toString(16).padStart(2, '0');
      return tlv('77', tlv('9F27', type) + tlv('9F36', '000A') + tlv('9F26', AC) + tlv('9F10', '0601010A03A0B000')) + '9000';
    }
    default:
      return '6D00';
  }
}

function fingerAnswers(random: SeededRandom): () => Promise<BiometricCvmOutcome> {
  const choices: BiometricCvmOutcome[] = [
    { outcome: 'match' },
    { outcome: 'no-match', triesLeft: 1 },
    { outcome: 'no-match' },
    { outcome: 'blocked' },
    { outcome: 'unavailable' },
  ];
  return async () => choices[random.int(choices.length)]!;
}

function assertWellFormed(result: EmvTransactionResult): void {
  assert.ok(OUTCOMES.has(result.outcome));
  assert.ok(result.reason.length > 0 && result.reasonCode.length > 0);
  assert.is(result.tvr.length, 5);
  assert.is(result.tsi.length, 2);
  assert.is(result.cvmResults.length, 3);
}

test('scripted card, 8000 seeded cases of corrupted answers: always an outcome', async () => {
  const random = createSeededRandom(0x4b415254);
  const config = testConfig();
  const seen = new Map<string, number>();
  for (let n = 0; n < 8_000; n++) {
    const rate = [0.05, 0.15, 0.4][n % 3]!;
    const online: (OnlineResponse | 'unable')[] = [
      'unable',
      { authorisationResponseCode: '00', issuerAuthenticationData: fromHex('A1A2A3A4A5A6A7A83030'), issuerScripts: fromHex(tlv('71', tlv('86', '84180000')) + tlv('72', tlv('86', '04DA9F5801'))) },
      { authorisationResponseCode: '05' },
    ];
    let result: EmvTransactionResult;
    try {
      result = await runEmvTransaction(config, { amountAuthorised: random.int(80_000), now: NOW, forceOnline: random.int(4) === 0 }, {
        trx: async (capdu) => {
          const answer = fromHex(scriptedAnswer(capdu));
          return random.next() < rate ? corrupt(answer, random) : answer;
        },
        pinPad: async () => (random.int(5) === 0 ? 'bypass' : buildPlaintextPinBlock('1234')),
        biometricVerifier: fingerAnswers(random),
        goOnline: async () => online[random.int(online.length)]!,
        chooseApplication: async (candidates) => random.int(candidates.length),
        random: random.next,
        randomBytes: (k) => Uint8Array.from({ length: k }, () => random.int(256)),
      });
    } catch (error) {
      throw new Error(`case ${n} threw ${String(error)}`);
    }
    assertWellFormed(result);
    seen.set(result.outcome, (seen.get(result.outcome) ?? 0) + 1);
  }
  for (const outcome of OUTCOMES) assert.ok((seen.get(outcome) ?? 0) > 50, `${outcome} reached: ${JSON.stringify([...seen])}`);
});

test('real KARTPAY card, 300 seeded cases of corrupted answers: always an outcome', async () => {
  const random = createSeededRandom(20261122);
  const host = createIssuerHost({ issuerMasterKey: KART_TEST_ISSUER_MASTER_KEY_AC, accounts: [{ pan: PAN, panSequenceNumber: PSN, balance: 10_000_000 }] });
  const seen = new Map<string, number>();
  let card = paymentCard();
  for (let n = 0; n < 300; n++) {
    if (n % 25 === 0) card = paymentCard();
    const rate = [0.02, 0.08, 0.2][n % 3]!;
    const result = await runEmvTransaction(KART_COUNTER_CONFIG, { amountAuthorised: 1_000 + random.int(60_000), now: NOW }, {
      trx: async (capdu) => {
        const answer = card.transmit(capdu);
        return random.next() < rate ? corrupt(answer, random) : answer;
      },
      pinPad: async () => buildPlaintextPinBlock(PIN),
      biometricVerifier: async () => ({ outcome: 'unavailable' }),
      goOnline: async (request) => (random.int(6) === 0 ? 'unable' : host.authorise(request)),
      random: random.next,
    });
    assertWellFormed(result);
    seen.set(result.outcome, (seen.get(result.outcome) ?? 0) + 1);
  }
  assert.ok((seen.get('approved') ?? 0) > 10, JSON.stringify([...seen]));
  assert.ok((seen.get('terminated') ?? 0) > 10, JSON.stringify([...seen]));
});

test.run();
