import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import {
  cardholderVerification,
  type BiometricCardData,
  type BiometricCvmOutcome,
  type BiometricKind,
  type CardholderVerificationConfig,
  type PinEntry,
} from '../../../emv/kernel/cardholder-verification.ts';
import { CVM_CODE } from '../../../emv/kernel/cvm-list.ts';
import { buildPlaintextPinBlock } from '../../../emv/pin/plaintext-pin-block.ts';
import { fromHex, toHex } from '../../../emv/tlv/hex.ts';
import { createFakeCard, type Exchange } from '../apdu/fake-card.ts';
import { assertEmvErrorAsync } from '../assert-emv-error.ts';

const test = suite('emv/kernel/cardholder-verification');

// See EMV 4.4 Book 3, 6.5.7 and 6.5.12: GET DATA PIN Try Counter, VERIFY plaintext PIN.
const GET_PTC = '80CA9F1700';
const ptc = (n: number): Exchange => [GET_PTC, `9F17010${n.toString(16)}9000`];
const verify = (pin: string, sw: string): Exchange => [`0020008008${toHex(buildPlaintextPinBlock(pin))}`, sw];
// See EMV 4.4 Book 3, 6.5.7: GET DATA of the Biometric Try Counters (BF4C) and Preferred Attempts (BF4D) templates.
const GET_BTC = '80CABF4C00';
const GET_BPA = '80CABF4D00';
/** A card that returns neither template: tries unknown, one capture. */
const NO_BIO_DATA: Exchange[] = [[GET_BTC, '6A88'], [GET_BPA, '6A88']];
/** A card with `tries` finger tries left (DF51 in BF4C) and `preferred` attempts (DF51 in BF4D). */
const bioData = (tries: number, preferred?: number): Exchange[] => [
  [GET_BTC, `BF4C04DF5101${tries.toString(16).padStart(2, '0')}9000`],
  ...(tries === 0
    ? []
    : ([[GET_BPA, preferred === undefined ? '6A88' : `BF4D04DF5101${preferred.toString(16).padStart(2, '0')}9000`]] as Exchange[])),
];
const match: BiometricCvmOutcome = { outcome: 'match' };
const noMatch: BiometricCvmOutcome = { outcome: 'no-match' };
const unavailable: BiometricCvmOutcome = { outcome: 'unavailable' };
const BVDT = fromHex('BF4E03DF5000');
const captured: BiometricCvmOutcome = { outcome: 'captured', onlineData: BVDT };

const ALL: ReadonlySet<number> = new Set([
  CVM_CODE.FAIL_CVM_PROCESSING,
  CVM_CODE.PLAINTEXT_PIN_BY_ICC,
  CVM_CODE.PLAINTEXT_PIN_BY_ICC_AND_SIGNATURE,
  CVM_CODE.FINGER_BIOMETRIC_OFFLINE,
  CVM_CODE.FINGER_BIOMETRIC_ONLINE,
  CVM_CODE.SIGNATURE,
  CVM_CODE.NO_CVM_REQUIRED,
]);
const without = (...codes: number[]): ReadonlySet<number> => new Set([...ALL].filter((c) => !codes.includes(c)));

// EGP (818), 50.00; X = 100.00, Y = 500.00 in the lists that use amounts.
const BASE: CardholderVerificationConfig = {
  supportedCvms: ALL,
  unattended: false,
  transactionType: 'purchase',
  amountAuthorised: 5000,
  transactionCurrencyCode: 818,
  applicationCurrencyCode: 818,
};
const NO_AMOUNTS = '0000000000000000';
const XY = '000027100000C350';

interface Row {
  readonly name: string;
  readonly config?: Partial<CardholderVerificationConfig>;
  /** 8E value in hex, or undefined for a card without one. */
  readonly cvmList: string | undefined;
  readonly script: readonly Exchange[];
  /** PIN pad answers in order: a PIN (digits), 'bypass' or 'unavailable', with the triesLeft each prompt must show. */
  readonly pins?: readonly (readonly [answer: string, triesLeft: number | undefined])[];
  /** Verifier answers in order, with the kind, triesLeft and attempt each call must show. */
  readonly biometrics?: readonly (readonly [kind: BiometricKind, answer: BiometricCvmOutcome, triesLeft?: number, attempt?: number])[];
  readonly biometric?: BiometricCardData;
  readonly onlineBiometric?: boolean;
  readonly cvmResults: string;
  readonly tvr: string;
  readonly tsi: string;
  readonly signature?: boolean;
  readonly tvrIn?: string;
  readonly tsiIn?: string;
}

const rows: Row[] = [
  {
    name: 'offline plaintext PIN right the first time',
    cvmList: NO_AMOUNTS + '0100',
    script: [ptc(3), verify('1234', '9000')],
    pins: [['1234', 3]],
    cvmResults: '010002',
    tvr: '0000000000',
    tsi: '4000',
  },
  {
    name: 'earlier TVR and TSI bits are kept',
    cvmList: NO_AMOUNTS + '0100',
    script: [ptc(3), verify('1234', '9000')],
    pins: [['1234', 3]],
    tvrIn: '8000000001',
    tsiIn: '8000',
    cvmResults: '010002',
    tvr: '8000000001',
    tsi: 'C000',
  },
  {
    name: 'wrong PIN (63C2), asked again with 2 tries left, then right',
    cvmList: NO_AMOUNTS + '0100',
    script: [ptc(3), verify('9999', '63C2'), verify('1234', '9000')],
    pins: [['9999', 3], ['1234', 2]],
    cvmResults: '010002',
    tvr: '0000000000',
    tsi: '4000',
  },
  {
    name: 'wrong PIN then blocked (6983), apply succeeding: signature',
    cvmList: NO_AMOUNTS + '4100' + '1E00',
    script: [ptc(2), verify('9999', '63C1'), verify('9999', '6983')],
    pins: [['9999', 2], ['9999', 1]],
    cvmResults: '1E0000',
    tvr: '0000200000',
    tsi: '4000',
    signature: true,
  },
  {
    name: 'wrong PIN then 6984, no apply succeeding: verification fails on the PIN rule',
    cvmList: NO_AMOUNTS + '0100' + '1E00',
    script: [ptc(2), verify('9999', '63C1'), verify('9999', '6984')],
    pins: [['9999', 2], ['9999', 1]],
    cvmResults: '010001',
    tvr: '0000A00000',
    tsi: '4000',
  },
  {
    name: 'last try wrong (63C0): try limit exceeded, next rule',
    cvmList: NO_AMOUNTS + '4100' + '1F00',
    script: [ptc(1), verify('9999', '63C0')],
    pins: [['9999', 1]],
    cvmResults: '1F0002',
    tvr: '0000200000',
    tsi: '4000',
  },
  {
    name: 'PIN try limit exceeded before (9F17 = 0): no prompt, no VERIFY, next rule',
    cvmList: NO_AMOUNTS + '4100' + '1F00',
    script: [ptc(0)],
    cvmResults: '1F0002',
    tvr: '0000200000',
    tsi: '4000',
  },
  {
    name: 'card without GET DATA 9F17 (6A88): PIN asked without a count',
    cvmList: NO_AMOUNTS + '0100',
    script: [[GET_PTC, '6A88'], verify('1234', '9000')],
    pins: [['1234', undefined]],
    cvmResults: '010002',
    tvr: '0000000000',
    tsi: '4000',
  },
  {
    name: 'PIN bypassed: PIN not entered, next rule',
    cvmList: NO_AMOUNTS + '4100' + '1E00',
    script: [ptc(3)],
    pins: [['bypass', 3]],
    cvmResults: '1E0000',
    tvr: '0000080000',
    tsi: '4000',
    signature: true,
  },
  {
    name: 'PIN pad not working, no apply succeeding: fails',
    cvmList: NO_AMOUNTS + '0100' + '1F00',
    script: [ptc(3)],
    pins: [['unavailable', 3]],
    cvmResults: '010001',
    tvr: '0000900000',
    tsi: '4000',
  },
  {
    name: 'plaintext PIN and signature: result unknown, signature asked',
    cvmList: NO_AMOUNTS + '0300',
    script: [ptc(3), verify('1234', '9000')],
    pins: [['1234', 3]],
    cvmResults: '030000',
    tvr: '0000000000',
    tsi: '4000',
    signature: true,
  },
  {
    name: 'PIN not supported by the terminal (condition always): next rule, PIN pad bit',
    config: { supportedCvms: without(CVM_CODE.PLAINTEXT_PIN_BY_ICC) },
    cvmList: NO_AMOUNTS + '4100' + '1E00',
    script: [],
    cvmResults: '1E0000',
    tvr: '0000100000',
    tsi: '4000',
    signature: true,
  },
  {
    name: 'signature not supported, no apply succeeding: fails with no CVM performed',
    config: { supportedCvms: without(CVM_CODE.SIGNATURE) },
    cvmList: NO_AMOUNTS + '1E00' + '1F00',
    script: [],
    cvmResults: '3F0001',
    tvr: '0000800000',
    tsi: '4000',
  },
  {
    name: "'if terminal supports the CVM' and it does not: rule skipped, no TVR bit",
    config: { supportedCvms: without(CVM_CODE.PLAINTEXT_PIN_BY_ICC) },
    cvmList: NO_AMOUNTS + '0103' + '1F00',
    script: [],
    cvmResults: '1F0002',
    tvr: '0000000000',
    tsi: '4000',
  },
  {
    name: 'online enciphered PIN (02) is recognised but not performed by this kernel: next rule',
    cvmList: NO_AMOUNTS + '4200' + '1F00',
    script: [],
    cvmResults: '1F0002',
    tvr: '0000000000',
    tsi: '4000',
  },
  {
    name: 'unknown CVM code 15 with apply succeeding: unrecognised CVM, next rule',
    cvmList: NO_AMOUNTS + '5500' + '1F00',
    script: [],
    cvmResults: '1F0002',
    tvr: '0000400000',
    tsi: '4000',
  },
  {
    name: 'unknown CVM code 15 without apply succeeding: fails',
    cvmList: NO_AMOUNTS + '1500' + '1F00',
    script: [],
    cvmResults: '3F0001',
    tvr: '0000C00000',
    tsi: '4000',
  },
  {
    name: 'amount 50.00 under X (100.00): no CVM',
    cvmList: XY + '1F06' + '0109' + '1E00',
    script: [],
    cvmResults: '1F0602',
    tvr: '0000000000',
    tsi: '4000',
  },
  {
    name: 'amount exactly X is not under X: signature',
    config: { amountAuthorised: 10000 },
    cvmList: XY + '1F06' + '0109' + '1E00',
    script: [],
    cvmResults: '1E0000',
    tvr: '0000000000',
    tsi: '4000',
    signature: true,
  },
  {
    name: 'amount 600.00 over Y (500.00): PIN',
    config: { amountAuthorised: 60000 },
    cvmList: XY + '1F06' + '0109' + '1E00',
    script: [ptc(3), verify('1234', '9000')],
    pins: [['1234', 3]],
    cvmResults: '010902',
    tvr: '0000000000',
    tsi: '4000',
  },
  {
    name: 'amount under X but not in the application currency (USD card): amount rules skipped',
    config: { applicationCurrencyCode: 840 },
    cvmList: XY + '1F06' + '0109' + '1E00',
    script: [],
    cvmResults: '1E0000',
    tvr: '0000000000',
    tsi: '4000',
    signature: true,
  },
  {
    name: 'card without Application Currency Code: amount rules skipped',
    config: { applicationCurrencyCode: undefined },
    cvmList: XY + '1F06' + '1E00',
    script: [],
    cvmResults: '1E0000',
    tvr: '0000000000',
    tsi: '4000',
    signature: true,
  },
  {
    name: '200.00 over X: PIN bypassed, then under Y: no CVM',
    config: { amountAuthorised: 20000 },
    cvmList: XY + '4107' + '1F08',
    script: [ptc(3)],
    pins: [['bypass', 3]],
    cvmResults: '1F0802',
    tvr: '0000080000',
    tsi: '4000',
  },
  {
    name: 'unattended cash',
    config: { transactionType: 'cash', unattended: true },
    cvmList: NO_AMOUNTS + '1F01' + '1E04' + '0105' + '1F02',
    script: [],
    cvmResults: '1F0102',
    tvr: '0000000000',
    tsi: '4000',
  },
  {
    name: 'manual (attended) cash',
    config: { transactionType: 'cash' },
    cvmList: NO_AMOUNTS + '1F01' + '1E04' + '0105' + '1F02',
    script: [],
    cvmResults: '1E0400',
    tvr: '0000000000',
    tsi: '4000',
    signature: true,
  },
  {
    name: 'purchase with cashback',
    config: { transactionType: 'purchase-with-cashback' },
    cvmList: NO_AMOUNTS + '1F01' + '1E04' + '0105' + '1F02',
    script: [ptc(3), verify('1234', '9000')],
    pins: [['1234', 3]],
    cvmResults: '010502',
    tvr: '0000000000',
    tsi: '4000',
  },
  {
    name: 'plain purchase: not cash, not cashback',
    cvmList: NO_AMOUNTS + '1F01' + '1E04' + '0105' + '1F02',
    script: [],
    cvmResults: '1F0202',
    tvr: '0000000000',
    tsi: '4000',
  },
  {
    name: 'unattended purchase matches none of the cash rules either: end of list',
    config: { unattended: true },
    cvmList: NO_AMOUNTS + '1F01' + '1E04' + '0105',
    script: [],
    cvmResults: '3F0001',
    tvr: '0000800000',
    tsi: '4000',
  },
  {
    name: 'RFU condition 0A is not understood: rule skipped',
    cvmList: NO_AMOUNTS + '1F0A' + '1E00',
    script: [],
    cvmResults: '1E0000',
    tvr: '0000000000',
    tsi: '4000',
    signature: true,
  },
  {
    name: 'finger biometric offline: match',
    cvmList: NO_AMOUNTS + '4803' + '4103' + '1E03',
    script: NO_BIO_DATA,
    biometrics: [['finger-offline', match]],
    cvmResults: '480302',
    tvr: '0000000000',
    tsi: '4000',
  },
  {
    name: 'finger biometric offline: no match, falls to PIN',
    cvmList: NO_AMOUNTS + '4803' + '4103' + '1E03',
    script: [...NO_BIO_DATA, ptc(3), verify('1234', '9000')],
    biometrics: [['finger-offline', noMatch]],
    pins: [['1234', 3]],
    cvmResults: '410302',
    tvr: '0000000000',
    tsi: '4000',
  },
  {
    name: 'finger scanner not working: biometric bit, falls to PIN',
    cvmList: NO_AMOUNTS + '4803' + '4103' + '1E03',
    script: [...NO_BIO_DATA, ptc(3), verify('1234', '9000')],
    biometrics: [['finger-offline', unavailable]],
    pins: [['1234', 3]],
    cvmResults: '410302',
    tvr: '0000020000',
    tsi: '4000',
  },
  {
    name: 'finger biometric, no apply succeeding, no match: fails on the finger rule',
    cvmList: NO_AMOUNTS + '0800' + '4100',
    script: NO_BIO_DATA,
    biometrics: [['finger-offline', noMatch]],
    cvmResults: '080001',
    tvr: '0000800000',
    tsi: '4000',
  },
  {
    name: 'finger biometric online: captured, result unknown, online CVM captured',
    cvmList: NO_AMOUNTS + '4900' + '1F00',
    script: NO_BIO_DATA,
    biometrics: [['finger-online', captured]],
    onlineBiometric: true,
    cvmResults: '490000',
    tvr: '0000040000',
    tsi: '4000',
  },
  {
    name: 'terminal without a finger scanner: finger rule skipped under condition 03',
    config: { supportedCvms: without(CVM_CODE.FINGER_BIOMETRIC_OFFLINE) },
    cvmList: NO_AMOUNTS + '4803' + '4103',
    script: [ptc(3), verify('1234', '9000')],
    pins: [['1234', 3]],
    cvmResults: '410302',
    tvr: '0000000000',
    tsi: '4000',
  },
  {
    name: 'facial biometric (06) recognised but not performed here: next rule, no unrecognised bit',
    cvmList: NO_AMOUNTS + '4600' + '1F00',
    script: [],
    cvmResults: '1F0002',
    tvr: '0000000000',
    tsi: '4000',
  },
  {
    name: 'no CVM List: ICC data missing, 3F0000, TSI bit clear',
    cvmList: undefined,
    script: [],
    cvmResults: '3F0000',
    tvr: '2000000000',
    tsi: '0000',
  },
  {
    name: 'CVM List without CV Rules is treated as absent',
    cvmList: XY,
    script: [],
    cvmResults: '3F0000',
    tvr: '2000000000',
    tsi: '0000',
  },
  {
    name: 'fail CVM processing rule: fails',
    cvmList: NO_AMOUNTS + '0000' + '1F00',
    script: [],
    cvmResults: '000001',
    tvr: '0000800000',
    tsi: '4000',
  },
  {
    name: 'fail CVM processing with apply succeeding: next rule',
    cvmList: NO_AMOUNTS + '4000' + '1F00',
    script: [],
    cvmResults: '1F0002',
    tvr: '0000000000',
    tsi: '4000',
  },
  {
    name: 'every rule fails with apply succeeding: last performed CVM failed',
    cvmList: NO_AMOUNTS + '4100' + '4803',
    script: [ptc(3), ...NO_BIO_DATA],
    pins: [['bypass', 3]],
    biometrics: [['finger-offline', noMatch]],
    cvmResults: '480301',
    tvr: '0000880000',
    tsi: '4000',
  },
  {
    name: 'finger offline: no match twice then match, within 3 preferred attempts and 5 tries',
    cvmList: NO_AMOUNTS + '4803' + '4103',
    script: bioData(5, 3),
    biometrics: [
      ['finger-offline', { outcome: 'no-match', triesLeft: 4 }, 5, 1],
      ['finger-offline', { outcome: 'no-match', triesLeft: 3 }, 4, 2],
      ['finger-offline', match, 3, 3],
    ],
    cvmResults: '480302',
    tvr: '0000000000',
    tsi: '4000',
  },
  {
    name: 'finger offline: no match x3 uses the 3 preferred attempts, then PIN',
    cvmList: NO_AMOUNTS + '4803' + '4103',
    script: [...bioData(5, 3), ptc(3), verify('1234', '9000')],
    biometrics: [
      ['finger-offline', { outcome: 'no-match', triesLeft: 4 }, 5, 1],
      ['finger-offline', noMatch, 4, 2],
      ['finger-offline', noMatch, 3, 3],
    ],
    pins: [['1234', 3]],
    cvmResults: '410302',
    tvr: '0000000000',
    tsi: '4000',
  },
  {
    name: 'finger offline: the last try fails (triesLeft 0): biometric try limit exceeded, then PIN',
    cvmList: NO_AMOUNTS + '4803' + '4103',
    script: [...bioData(2, 5), ptc(3), verify('1234', '9000')],
    biometrics: [
      ['finger-offline', noMatch, 2, 1],
      ['finger-offline', { outcome: 'no-match', triesLeft: 0 }, 1, 2],
    ],
    pins: [['1234', 3]],
    cvmResults: '410302',
    tvr: '0000000400',
    tsi: '4000',
  },
  {
    name: 'finger offline: card says 0 tries (BF4C): no capture, try limit exceeded, PIN',
    cvmList: NO_AMOUNTS + '4803' + '4103',
    script: [...bioData(0), ptc(3), verify('1234', '9000')],
    pins: [['1234', 3]],
    cvmResults: '410302',
    tvr: '0000000400',
    tsi: '4000',
  },
  {
    name: 'finger offline: verifier reports blocked: try limit exceeded, PIN',
    cvmList: NO_AMOUNTS + '4803' + '4103',
    script: [...bioData(3), ptc(3), verify('1234', '9000')],
    biometrics: [['finger-offline', { outcome: 'blocked' }, 3, 1]],
    pins: [['1234', 3]],
    cvmResults: '410302',
    tvr: '0000000400',
    tsi: '4000',
  },
  {
    name: 'finger offline: format not supported: template format bit, PIN',
    cvmList: NO_AMOUNTS + '4803' + '4103',
    script: [...NO_BIO_DATA, ptc(3), verify('1234', '9000')],
    biometrics: [['finger-offline', { outcome: 'unavailable', reason: 'format-not-supported' }]],
    pins: [['1234', 3]],
    cvmResults: '410302',
    tvr: '0001000000',
    tsi: '4000',
  },
  {
    name: 'finger offline: the card offers no offline finger (9F31): type not supported, no command, PIN',
    cvmList: NO_AMOUNTS + '4803' + '4103',
    biometric: { cardBitGroup: { offline: [], online: [{ biometricType: Uint8Array.of(0x08) }] } },
    script: [ptc(3), verify('1234', '9000')],
    pins: [['1234', 3]],
    cvmResults: '410302',
    tvr: '0000000200',
    tsi: '4000',
  },
  {
    name: 'finger offline with key and bit group handed to the verifier',
    cvmList: NO_AMOUNTS + '0803',
    biometric: {
      iccPublicKey: { modulus: Uint8Array.of(0xc1, 0x01), exponent: Uint8Array.of(3) },
      cardBitGroup: { offline: [{ biometricType: Uint8Array.of(0x08) }], online: [] },
    },
    script: bioData(3, 1),
    biometrics: [['finger-offline', match, 3, 1]],
    cvmResults: '080302',
    tvr: '0000000000',
    tsi: '4000',
  },
  {
    name: "finger offline: a 'captured' answer does not verify offline",
    cvmList: NO_AMOUNTS + '0800',
    script: NO_BIO_DATA,
    biometrics: [['finger-offline', captured]],
    cvmResults: '080001',
    tvr: '0000800000',
    tsi: '4000',
  },
  {
    name: 'finger online: no match once, then captured on the second preferred attempt',
    cvmList: NO_AMOUNTS + '4903' + '4103',
    script: bioData(3, 2),
    biometrics: [
      ['finger-online', noMatch, 3, 1],
      ['finger-online', captured, 2, 2],
    ],
    cvmResults: '490300',
    tvr: '0000040000',
    tsi: '4000',
    onlineBiometric: true,
  },
  {
    name: 'finger online: scanner unavailable, falls to signature',
    cvmList: NO_AMOUNTS + '4903' + '1E03',
    script: NO_BIO_DATA,
    biometrics: [['finger-online', unavailable]],
    cvmResults: '1E0300',
    tvr: '0000020000',
    tsi: '4000',
    signature: true,
  },
];

for (const row of rows) {
  test(row.name, async () => {
    const card = createFakeCard(row.script);
    const pins = [...(row.pins ?? [])];
    const biometrics = [...(row.biometrics ?? [])];
    const tvrIn = row.tvrIn === undefined ? undefined : fromHex(row.tvrIn);
    const result = await cardholderVerification({
      config: { ...BASE, ...row.config },
      cvmList: row.cvmList === undefined ? undefined : fromHex(row.cvmList),
      trx: card.trx,
      pinPad: async ({ triesLeft }) => {
        const next = pins.shift();
        if (!next) throw new Error('PIN pad: unexpected prompt');
        assert.is(triesLeft, next[1], 'triesLeft shown with the prompt');
        const [answer] = next;
        return answer === 'bypass' || answer === 'unavailable' ? (answer as PinEntry) : buildPlaintextPinBlock(answer);
      },
      biometricVerifier: async (kind, context) => {
        const next = biometrics.shift();
        if (!next) throw new Error('biometric verifier: unexpected call');
        assert.is(kind, next[0]);
        assert.is(context.triesLeft, next[2], 'triesLeft given to the verifier');
        assert.is(context.attempt, next[3] ?? 1, 'attempt given to the verifier');
        assert.is(context.trx, card.trx, 'the card transceiver is handed over');
        assert.is(context.iccPublicKey, row.biometric?.iccPublicKey);
        assert.is(context.cardBitGroup, row.biometric?.cardBitGroup);
        return next[1];
      },
      ...(row.biometric ? { biometric: row.biometric } : {}),
      ...(tvrIn ? { tvr: tvrIn } : {}),
      ...(row.tsiIn ? { tsi: fromHex(row.tsiIn) } : {}),
    });
    card.assertDone();
    assert.is(pins.length, 0, 'PIN pad answers left unused');
    assert.is(biometrics.length, 0, 'biometric answers left unused');
    assert.is(result.ok, true);
    assert.is(toHex(result.cvmResults), row.cvmResults, '9F34');
    assert.is(toHex(result.tvr), row.tvr, 'TVR');
    assert.is(toHex(result.tsi), row.tsi, 'TSI');
    assert.is(result.signatureRequired, row.signature ?? false, 'signature');
    assert.is(result.onlineBiometric === undefined ? undefined : toHex(result.onlineBiometric), row.onlineBiometric ? toHex(BVDT) : undefined);
    if (tvrIn && row.tvrIn) assert.is(toHex(tvrIn), row.tvrIn, 'input TVR untouched');
  });
}

const neverCalled = async (): Promise<never> => {
  throw new Error('must not be called');
};

for (const [name, hex] of [
  ['too short for amounts', '0000000000'],
  ['odd CV rule bytes', NO_AMOUNTS + '0100' + '1F'],
] as const) {
  test(`malformed 8E (${name}): EMV_CVM_LIST_MALFORMED before any command`, async () => {
    const card = createFakeCard([]);
    await assertEmvErrorAsync(
      () =>
        cardholderVerification({
          config: BASE,
          cvmList: fromHex(hex),
          trx: card.trx,
          pinPad: neverCalled,
          biometricVerifier: neverCalled,
        }),
      'EMV_CVM_LIST_MALFORMED',
    );
    card.assertDone();
  });
}

test('a PIN pad answer that is not a plaintext PIN block is EMV_FORMAT_INVALID, nothing sent after GET DATA', async () => {
  const card = createFakeCard([ptc(3)]);
  await assertEmvErrorAsync(
    () =>
      cardholderVerification({
        config: BASE,
        cvmList: fromHex(NO_AMOUNTS + '0100'),
        trx: card.trx,
        pinPad: async () => fromHex('1234'),
        biometricVerifier: neverCalled,
      }),
    'EMV_FORMAT_INVALID',
  );
  card.assertDone();
});

test.run();
