import * as assert from 'uvu/assert';
import { suite } from '../support/suite.ts';
import { arpcMethod1 } from '../../emv/cryptogram/application-cryptogram.ts';
import { deriveIccMasterKey, deriveSessionKey } from '../../emv/cryptogram/keys.ts';
import { decodeTlv } from '../../emv/tlv/decode-tlv.ts';
import { fromHex, toHex } from '../../emv/tlv/hex.ts';
import { createIssuerHost, type AuthorisationResponse, type IssuerAccount, type IssuerHost } from '../../issuer/issuer-host.ts';
import { KART_TEST_DERIVATION_KEY_INDEX, KART_TEST_ISSUER_MASTER_KEY_AC } from '../../issuer/test-issuer.ts';
import { createSeededRandom } from '../../terminal/journal/seeded-random.ts';
import { assertEmvError } from '../emv/assert-emv-error.ts';
import { simIccData, type SimTransaction } from './sim-icc-data.ts';

const test = suite('issuer/issuer-host');

const PAN = '5078031234567893';
const BLOCKED_PAN = '5078031234567901';
const imk = KART_TEST_ISSUER_MASTER_KEY_AC;

interface Bench {
  readonly host: IssuerHost;
  readonly account: IssuerAccount;
  readonly blocked: IssuerAccount;
  readonly biometricCalls: Array<{ bvdt: string; pan: string; un: string }>;
}

function bench(options: { biometric?: 'match' | 'no-match' | 'invalid' | 'throw' | 'none'; now?: () => Date } = {}): Bench {
  const account: IssuerAccount = { pan: PAN, panSequenceNumber: 1, balance: 10_000 };
  const blocked: IssuerAccount = { pan: BLOCKED_PAN, panSequenceNumber: 0, balance: 10_000, blocked: true };
  const biometricCalls: Bench['biometricCalls'] = [];
  const mode = options.biometric ?? 'match';
  const host = createIssuerHost({
    issuerMasterKey: imk,
    derivationKeyIndex: KART_TEST_DERIVATION_KEY_INDEX,
    accounts: [account, blocked],
    ...(mode === 'none'
      ? {}
      : {
          verifyOnlineBiometric: async (bvdt: Uint8Array, pan: string, { unpredictableNumber }) => {
            biometricCalls.push({ bvdt: toHex(bvdt), pan, un: toHex(unpredictableNumber) });
            if (mode === 'throw') throw new Error('matcher down');
            return mode;
          },
        }),
    ...(options.now ? { now: options.now } : {}),
  });
  return { host, account, blocked, biometricCalls };
}

const tx = (over: Partial<SimTransaction> = {}): SimTransaction => ({ pan: PAN, psn: 1, atc: 7, amount: 2_500, ...over });

async function send(b: Bench, t: SimTransaction, onlineBiometric?: Uint8Array): Promise<AuthorisationResponse> {
  const { iccData } = simIccData(t);
  return b.host.authorise({ pan: t.pan, panSequenceNumber: t.psn, iccData, ...(onlineBiometric ? { onlineBiometric } : {}) });
}

/** Asserts 91 = ARPC Method 1 over `arqc` and the response's own ARC, under the card's session key. */
function assertArpc(response: AuthorisationResponse, t: SimTransaction, arqc: Uint8Array): void {
  const arc = new TextEncoder().encode(response.authorisationResponseCode);
  const sk = deriveSessionKey(deriveIccMasterKey(imk, t.pan, t.psn), t.atc);
  assert.is(response.issuerAuthenticationData.length, 10);
  assert.is(toHex(response.issuerAuthenticationData), toHex(arpcMethod1(sk, arqc, arc)) + toHex(arc));
}

test('approves a genuine ARQC within the balance, debits it, and returns 91 = ARPC || 3030', async () => {
  const b = bench();
  const t = tx();
  const response = await send(b, t);
  assert.is(response.approved, true);
  assert.is(response.authorisationResponseCode, '00');
  assert.is(b.account.balance, 7_500);
  assertArpc(response, t, simIccData(t).arqc);
  assert.ok(response.issuerAuthenticationData.subarray(8).every((c) => c === 0x30));
});

test('declines 51 for insufficient funds, balance untouched, ARPC over the decline ARC', async () => {
  const b = bench();
  const t = tx({ amount: 10_001 });
  const response = await send(b, t);
  assert.is(response.approved, false);
  assert.is(response.authorisationResponseCode, '51');
  assert.is(b.account.balance, 10_000);
  assertArpc(response, t, simIccData(t).arqc);
  // A balance the caller corrupted declines instead of approving.
  const corrupt = bench();
  corrupt.account.balance = Number.NaN;
  assert.is((await send(corrupt, tx())).authorisationResponseCode, '51');
  // The whole balance is still fine.
  assert.is((await send(b, tx({ atc: 8, amount: 10_000 }))).authorisationResponseCode, '00');
  assert.is(b.account.balance, 0);
});

test('declines 62 for a blocked account, with an ARPC', async () => {
  const b = bench();
  const t = tx({ pan: BLOCKED_PAN, psn: 0 });
  const response = await send(b, t);
  assert.is(response.authorisationResponseCode, '62');
  assert.match(response.reason, /blocked/);
  assertArpc(response, t, simIccData(t).arqc);
  assert.is(b.blocked.balance, 10_000);
});

test('declines 05 for a forged ARQC; the ARPC covers the ARQC the host expected, not the one received', async () => {
  const b = bench();
  const genuine = simIccData(tx()).arqc;
  const forged = genuine.slice();
  forged[0]! ^= 0x01;
  const t = tx({ cryptogram: forged });
  const response = await send(b, t);
  assert.is(response.authorisationResponseCode, '05');
  assert.match(response.reason, /ARQC does not verify/);
  assertArpc(response, t, genuine);
  assert.is(b.account.balance, 10_000);
});

test('declines 05 for an ARQC made with another issuer key, and for a changed amount', async () => {
  const b = bench();
  const other = fromHex('00112233445566778899AABBCCDDEEFF');
  assert.is((await send(b, tx({ issuerMasterKey: other }))).authorisationResponseCode, '05');
  // The terminal (or a man in the middle) raises 9F02 after the card computed the ARQC.
  const t = tx({ atc: 9, overrides: new Map([[0x9f02, fromHex('000000000001')]]) });
  assert.is((await send(b, t)).authorisationResponseCode, '05');
});

test('a replayed ATC declines 94; a lower one too; a higher one goes through; a failed ARQC burns no ATC', async () => {
  const b = bench();
  assert.is((await send(b, tx({ atc: 20 }))).authorisationResponseCode, '00');
  const replay = await send(b, tx({ atc: 20 }));
  assert.is(replay.authorisationResponseCode, '94');
  assert.match(replay.reason, /ATC 20 replayed/);
  assertArpc(replay, tx({ atc: 20 }), simIccData(tx({ atc: 20 })).arqc);
  assert.is((await send(b, tx({ atc: 19 }))).authorisationResponseCode, '94');
  // A forged request at ATC 30 must not stop the genuine card using ATC 30.
  assert.is((await send(b, tx({ atc: 30, cryptogram: new Uint8Array(8) }))).authorisationResponseCode, '05');
  assert.is((await send(b, tx({ atc: 30 }))).authorisationResponseCode, '00');
  assert.is(b.account.balance, 5_000);
});

test('two concurrent requests with one ATC: exactly one is approved', async () => {
  const b = bench();
  const rBvdt = fromHex('7F2E0481010190010A');
  const [first, second] = await Promise.all([send(b, tx({ atc: 40 }), rBvdt), send(b, tx({ atc: 40 }), rBvdt)]);
  assert.equal([first!.authorisationResponseCode, second!.authorisationResponseCode].sort(), ['00', '94']);
  assert.is(b.account.balance, 7_500);
});

test('unknown card or PSN declines 14 with no 91 and a masked PAN in the reason', async () => {
  const b = bench();
  for (const t of [tx({ pan: '5078039999999999' }), tx({ psn: 2 })]) {
    const response = await send(b, t);
    assert.is(response.authorisationResponseCode, '14');
    assert.is(response.issuerAuthenticationData.length, 0);
    assert.not.match(response.reason, t.pan);
    assert.match(response.reason, /507803\*+\d{4}/);
  }
});

test('a TC or AAC instead of an ARQC declines 30; an unknown cryptogram version or DKI 05', async () => {
  const b = bench();
  const tc = await send(b, tx({ cid: 0x40 }));
  assert.is(tc.authorisationResponseCode, '30');
  // The ARPC answers the cryptogram the host computed for this data, never a value it did not verify.
  assertArpc(tc, tx(), simIccData(tx({ cid: 0x40 })).arqc);
  const forgedTc = await send(b, tx({ atc: 7, cid: 0x40, cryptogram: fromHex('0102030405060708') }));
  assertArpc(forgedTc, tx(), simIccData(tx({ cid: 0x40 })).arqc);
  assert.is((await send(b, tx({ atc: 8, cid: 0x00 }))).authorisationResponseCode, '30');
  const cvn = await send(b, tx({ atc: 9, cryptogramVersion: 0x12 }));
  assert.is(cvn.authorisationResponseCode, '05');
  assert.match(cvn.reason, /cryptogram version/);
  // The DKI is not under the cryptogram: the configured one is enforced.
  const dki = await send(b, tx({ atc: 10, overrides: new Map([[0x9f10, fromHex('060201A0000000')]]) }));
  assert.is(dki.authorisationResponseCode, '05');
  assert.match(dki.reason, /derivation key index 2/);
  const anyDki = createIssuerHost({ issuerMasterKey: imk, accounts: [{ pan: PAN, panSequenceNumber: 1, balance: 10_000 }] });
  const { iccData } = simIccData(tx({ atc: 11, overrides: new Map([[0x9f10, fromHex('060201A0000000')]]) }));
  assert.is((await anyDki.authorise({ pan: PAN, panSequenceNumber: 1, iccData })).authorisationResponseCode, '00');
});

test('online biometric: match approves, no-match 63, invalid 30, no verifier or a failing one 96', async () => {
  const bvdt = fromHex('81010890010ADF5001AA');
  const match = bench({ biometric: 'match' });
  assert.is((await send(match, tx(), bvdt)).authorisationResponseCode, '00');
  // The verifier gets the request's 9F37, to which the terminal bound the enciphered finger.
  assert.equal(match.biometricCalls, [{ bvdt: toHex(bvdt), pan: PAN, un: '1A2B3C4D' }]);
  const cases = [['no-match', '63'], ['invalid', '30'], ['none', '96'], ['throw', '96']] as const;
  for (const [mode, code] of cases) {
    const b = bench({ biometric: mode });
    const response = await send(b, tx(), bvdt);
    assert.is(response.authorisationResponseCode, code, mode);
    assert.is(b.account.balance, 10_000, mode);
    assertArpc(response, tx(), simIccData(tx()).arqc);
    assert.not.match(response.reason, toHex(bvdt));
  }
  const notBytes = bench({ biometric: 'match' });
  const { iccData } = simIccData(tx());
  const odd = await notBytes.host.authorise({ pan: PAN, panSequenceNumber: 1, iccData, onlineBiometric: 'DF50' as never });
  assert.is(odd.authorisationResponseCode, '30');
  assert.is(notBytes.biometricCalls.length, 0);
  // Without a template the verifier is not asked.
  const quiet = bench({ biometric: 'no-match' });
  assert.is((await send(quiet, tx())).authorisationResponseCode, '00');
  assert.is(quiet.biometricCalls.length, 0);
});

test('with a clock, a transaction date days away from it declines 05', async () => {
  const b = bench({ now: () => new Date('2026-11-22T03:00:00Z') });
  assert.is((await send(b, tx({ date: '261122' }))).authorisationResponseCode, '00');
  assert.is((await send(b, tx({ atc: 8, date: '261121' }))).authorisationResponseCode, '00');
  const old = await send(b, tx({ atc: 9, date: '261101' }));
  assert.is(old.authorisationResponseCode, '05');
  assert.match(old.reason, /date/);
});

test('missing, doubled or wrong-length data objects decline 30 with the tag in the reason', async () => {
  const b = bench();
  const missing = await send(b, tx({ overrides: new Map([[0x9f37, null]]) }));
  assert.is(missing.authorisationResponseCode, '30');
  assert.match(missing.reason, /9F37/);
  assert.is(missing.issuerAuthenticationData.length, 0, 'no ARPC for malformed data');
  const short = await send(b, tx({ overrides: new Map([[0x95, fromHex('00000000')]]) }));
  assert.match(short.reason, /tag 95 is 4 bytes/);
  const noAtc = await send(b, tx({ overrides: new Map([[0x9f36, null]]) }));
  assert.is(noAtc.authorisationResponseCode, '30');
  const { iccData } = simIccData(tx());
  const doubled = await b.host.authorise({ pan: PAN, panSequenceNumber: 1, iccData: new Uint8Array([...iccData, ...fromHex('9F360200FF')]) });
  assert.match(doubled.reason, /9F36 twice/);
  const badIad = await send(b, tx({ overrides: new Map([[0x9f10, fromHex('0110A00003220000')]]) }));
  assert.match(badIad.reason, /EMV_FORMAT_INVALID/);
  const noOther = await send(b, tx({ atc: 8, overrides: new Map([[0x9f03, null]]) }));
  assert.is(noOther.authorisationResponseCode, '00', 'absent 9F03 counts as zero, as a DOL would fill it');
});

test('clearing: verifyOfflineCryptogram checks a TC, an AAC, and refuses tampering and garbage', () => {
  const b = bench();
  const tc = simIccData(tx({ cid: 0x40 }));
  assert.equal(b.host.verifyOfflineCryptogram(tc.iccData, PAN, 1), { valid: true, cryptogramType: 'TC' });
  const aac = simIccData(tx({ cid: 0x00 }));
  assert.equal(b.host.verifyOfflineCryptogram(aac.iccData, PAN, 1), { valid: true, cryptogramType: 'AAC' });
  assert.equal(b.host.verifyOfflineCryptogram(tc.iccData, PAN, 2), { valid: false, cryptogramType: 'TC' });
  const tampered = simIccData(tx({ cid: 0x40, overrides: new Map([[0x9a, fromHex('261123')]]) }));
  assert.is(b.host.verifyOfflineCryptogram(tampered.iccData, PAN, 1).valid, false);
  assert.is(b.host.verifyOfflineCryptogram(fromHex('9F2608'), PAN, 1).valid, false);
  assert.is(b.host.verifyOfflineCryptogram(tc.iccData, 'not a pan', 1).valid, false);
  // Clearing leaves the ATC history alone: the same ATC can still go online.
  assert.is(b.account.balance, 10_000);
});

test('creation refuses a bad key, PAN, duplicate card or balance with typed errors', () => {
  assertEmvError(() => createIssuerHost({ issuerMasterKey: new Uint8Array(8), accounts: [] }), 'EMV_KEY_INVALID');
  assertEmvError(() => createIssuerHost({ issuerMasterKey: imk, accounts: [{ pan: '12AB', panSequenceNumber: 0, balance: 0 }] }), 'EMV_FORMAT_INVALID');
  const twice = { pan: PAN, panSequenceNumber: 1, balance: 0 };
  assertEmvError(() => createIssuerHost({ issuerMasterKey: imk, accounts: [twice, { ...twice }] }), 'EMV_FORMAT_INVALID');
  for (const balance of [Number.NaN, 1.5, Number.POSITIVE_INFINITY]) {
    assertEmvError(() => createIssuerHost({ issuerMasterKey: imk, accounts: [{ ...twice, balance }] }), 'EMV_FORMAT_INVALID');
  }
});

test('the host keeps its own copy of the issuer master key', async () => {
  const key = imk.slice();
  const account: IssuerAccount = { pan: PAN, panSequenceNumber: 1, balance: 10_000 };
  const host = createIssuerHost({ issuerMasterKey: key, accounts: [account] });
  key.fill(0);
  const { iccData } = simIccData(tx());
  assert.is((await host.authorise({ pan: PAN, panSequenceNumber: 1, iccData })).authorisationResponseCode, '00');
});

const SIGNED_TAGS = [0x9f26, 0x9f10, 0x9f37, 0x9f36, 0x95, 0x9a, 0x9c, 0x9f02, 0x5f2a, 0x82, 0x9f1a];

/** Whether two ICC data strings carry the same values for every object the ARQC and the host use. */
function sameSignedData(a: Uint8Array, b: Uint8Array): boolean {
  const read = (bytes: Uint8Array) => new Map(decodeTlv(bytes, { recurse: false }).map((n) => [n.tag, toHex(n.value)]));
  const [x, y] = [read(a), read(b)];
  const other = (m: Map<number, string>) => m.get(0x9f03) ?? '000000000000';
  // 9F27: only the AC type (b8-b7) matters to the host; b4-b1 are advice and reason codes.
  const acType = (m: Map<number, string>) => (parseInt(m.get(0x9f27) ?? 'FF', 16) >> 6).toString();
  return SIGNED_TAGS.every((tag) => x.get(tag) === y.get(tag)) && other(x) === other(y) && acType(x) === acType(y);
}

function assertWellFormed(response: AuthorisationResponse, what: string): void {
  assert.is(typeof response.approved, 'boolean', what);
  assert.match(response.authorisationResponseCode, /^[0-9]{2}$/, what);
  assert.ok([0, 10].includes(response.issuerAuthenticationData.length), what);
  assert.ok(response.reason.length > 0, what);
  assert.is(response.approved, response.authorisationResponseCode === '00', what);
}

test('fuzz: random, truncated and mutated ICC data never throw; only the intact request is approved', async () => {
  const random = createSeededRandom(Number(process.env['KART_FUZZ_SEED'] ?? 0x49535355) >>> 0);
  const b = bench();
  b.account.balance = Number.MAX_SAFE_INTEGER;
  const request = (iccData: Uint8Array) => ({ pan: PAN, panSequenceNumber: 1, iccData });
  // Random bytes, with a valid-looking first tag half the time.
  for (let i = 0; i < 3_000; i++) {
    const bytes = Uint8Array.from({ length: random.int(120) }, () => random.int(256));
    if (i % 2 === 0 && bytes.length > 2) bytes.set([0x9f, 0x26], 0);
    const response = await b.host.authorise(request(bytes));
    assertWellFormed(response, `random ${i} ${toHex(bytes)}`);
    assert.is(response.approved, false, `random ${i}`);
  }
  // Every truncation: only the prefix that drops just the trailing 9F34 (6 bytes, not signed) is complete.
  let atc = 100;
  for (let cut = 0; cut < 200; cut++) {
    const full = simIccData(tx({ atc: ++atc })).iccData;
    if (cut >= full.length) break;
    const response = await b.host.authorise(request(full.subarray(0, cut)));
    assertWellFormed(response, `cut ${cut}`);
    assert.is(response.approved, cut === full.length - 6, `cut ${cut}: ${response.reason}`);
  }
  // One to three random byte changes in a fresh genuine request: an approval is only right when every data
  // object the host relies on still reads as in the original (the changes hit 9F34 or padding, or undid themselves).
  for (let i = 0; i < 3_000; i++) {
    const t = tx({ atc: ++atc });
    const original = simIccData(t).iccData;
    const mutated = original.slice();
    for (let n = 1 + random.int(3); n > 0; n--) mutated[random.int(mutated.length)] = random.int(256);
    const response = await b.host.authorise(request(mutated));
    assertWellFormed(response, `mutation ${i}`);
    if (response.approved) {
      assert.ok(sameSignedData(original, mutated), `mutation ${i} approved: ${toHex(mutated)}`);
    }
  }
  // Requests that are not even shaped right.
  const odd: unknown[] = [undefined, null, {}, { pan: 5, panSequenceNumber: 'x', iccData: 'hex' }, { pan: PAN, panSequenceNumber: 1, iccData: [1, 2] }];
  for (const r of odd) assertWellFormed(await b.host.authorise(r as never), `odd ${JSON.stringify(r)}`);
});

test.run();
