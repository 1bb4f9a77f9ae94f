import * as assert from 'uvu/assert';
import { berTlv, concat } from '../../../card/ber-tlv.ts';
import { CardTornError } from '../../../card/card-error.ts';
import { decodeEntitlementState } from '../../../card/gov/entitlement-state.ts';
import * as GSW from '../../../card/gov/gov-status-words.ts';
import * as T from '../../../card/gov/gov-tags.ts';
import { decodeCertificate } from '../../../terminal/schemas/certificate.ts';
import { verifyCardChain } from '../../../terminal/schemas/certificate-chain.ts';
import { decodeDebitProof, debitProofCodec, rationSplitOf } from '../../../terminal/schemas/debit-proof.ts';
import { SERVICE } from '../../../terminal/schemas/service.ts';
import { suite } from '../../support/suite.ts';
import { CARD_PUBLIC_KEY, challenge, cmd, day, govCard, ISSUE_DAY, issuer, send, signedLoad, TERMINAL_ID, valueOf, verified } from './gov-fixture.ts';
import type { CardOs } from '../../../card/card-os.ts';

const test = suite('card/gov/debit-entitlement');

const proofOf = (data: Uint8Array) => decodeDebitProof(valueOf(data, T.TAG_DF50_DEBIT_PROOF));
const atcOf = (card: CardOs): number => {
  const v = valueOf(send(card, cmd.readData(T.TAG_9F36_ATC)).data, T.TAG_9F36_ATC);
  return (v[0]! << 8) | v[1]!;
};
const counters = (card: CardOs) =>
  decodeEntitlementState(valueOf(valueOf(send(card, cmd.readData(T.TAG_BF45_COUNTERS)).data, T.TAG_BF45_COUNTERS), T.TAG_DF46_ENTITLEMENT_STATE));

test('bread debit: signed proof that verifies with the certified card key, chain verified to the TEST CA', () => {
  const card = verified(govCard());
  const answer = send(card, cmd.debitBread(ISSUE_DAY, 20, 'bread-1'));
  assert.is(answer.sw, 0x9000);
  const proof = proofOf(answer.data);
  assert.equal(
    [proof.service, proof.amount, proof.items, proof.balanceAfter, proof.date, proof.terminalId, proof.atc],
    [SERVICE.BREAD, 20, [], 22 * 20 - 20, ISSUE_DAY, TERMINAL_ID, 1],
  );
  assert.equal(proof.challenge, challenge('bread-1'));
  const certs = valueOf(send(card, cmd.readData(T.TAG_BF4A_CERTIFICATES)).data, T.TAG_BF4A_CERTIFICATES);
  const chain = verifyCardChain(
    decodeCertificate(valueOf(certs, T.TAG_DF4B_ISSUER_CERTIFICATE)),
    decodeCertificate(valueOf(certs, T.TAG_DF4C_CARD_CERTIFICATE)),
    [issuer().caCertificate],
    ISSUE_DAY,
  );
  assert.ok(chain.ok, JSON.stringify(chain));
  assert.ok(chain.ok && debitProofCodec.verify(proof, chain.card.publicKey));
  assert.not.ok(chain.ok && debitProofCodec.verify({ ...proof, amount: 21 }, chain.card.publicKey), 'a changed proof fails');
  assert.equal(counters(card).breadTaken.slice(9, 11), [20, 0]);
});

test('ration and health debits', () => {
  const card = verified(govCard());
  const ration = send(card, cmd.debitRation(ISSUE_DAY, [[1, 2], [3, 1]]));
  assert.is(ration.sw, 0x9000);
  const proof = proofOf(ration.data);
  assert.equal([proof.service, proof.amount, proof.items, proof.balanceAfter], [SERVICE.RATION, 2 * 1260 + 1200, [[1, 2], [3, 1]], 20_000 - 3720]);
  const health = proofOf(send(card, cmd.debitHealth(ISSUE_DAY, 'h')).data);
  assert.equal([health.service, health.amount, health.balanceAfter, health.atc], [SERVICE.HEALTH, 1, 0, 2]);
});

test('refusals: blocked, destroyed, expired, service inactive, not verified; none writes anything', () => {
  const cases: Array<[string, CardOs, Uint8Array, number]> = [
    ['blocked', verified(govCard({ status: 'blocked' })), cmd.debitBread(ISSUE_DAY, 5), GSW.SW_9D01_CARD_BLOCKED],
    ['destroyed', verified(govCard({ status: 'destroyed' })), cmd.debitBread(ISSUE_DAY, 5), GSW.SW_9D02_CARD_DESTROYED],
    ['expired', verified(govCard({ expiry: ISSUE_DAY + 5 })), cmd.debitBread(ISSUE_DAY + 6, 5), GSW.SW_9D03_CARD_EXPIRED],
    ['not yet active', verified(govCard({ services: { bread: ISSUE_DAY + 20 } })), cmd.debitBread(ISSUE_DAY, 5), GSW.SW_9D04_SERVICE_INACTIVE],
    ['inactive', verified(govCard({ services: { payment: ISSUE_DAY, bread: ISSUE_DAY } })), cmd.debitHealth(ISSUE_DAY), GSW.SW_9D04_SERVICE_INACTIVE],
    ['no ration services', verified(govCard({ carriesRation: false, role: 'child' })), cmd.debitBread(ISSUE_DAY, 5), GSW.SW_9D04_SERVICE_INACTIVE],
    ['not verified', govCard(), cmd.debitBread(ISSUE_DAY, 5), GSW.SW_6982_SECURITY_STATUS_NOT_SATISFIED],
  ];
  for (const [name, card, apdu, sw] of cases) {
    const before = card.persistentEntries();
    assert.is(send(card, apdu).sw.toString(16), sw.toString(16), name);
    assert.equal(card.persistentEntries(), before, `${name}: nothing written`);
  }
  const expiredDay = govCard({ expiry: ISSUE_DAY + 5 });
  verified(expiredDay);
  assert.is(send(expiredDay, cmd.debitBread(ISSUE_DAY + 5, 5)).sw, 0x9000, 'the expiry day itself is valid');
});

test('verification lasts one session: power-off and reselect clear it', () => {
  const card = verified(govCard());
  card.powerOff();
  card.powerOn();
  send(card, cmd.select());
  assert.is(send(card, cmd.debitBread(ISSUE_DAY, 5)).sw, GSW.SW_6982_SECURITY_STATUS_NOT_SATISFIED);
  verified(card);
  send(card, cmd.select());
  assert.is(send(card, cmd.debitBread(ISSUE_DAY, 5)).sw, GSW.SW_6982_SECURITY_STATUS_NOT_SATISFIED);
});

test('quota exhausted and collection ahead by household size', () => {
  // 3 beneficiaries: 15 a day, 3 days ahead (45) on the 10th.
  const small = verified(govCard({ beneficiaries: 3 }));
  assert.is(send(small, cmd.debitBread(ISSUE_DAY, 46)).sw, GSW.SW_9D06_COLLECTION_AHEAD_REFUSED);
  assert.is(send(small, cmd.debitBread(ISSUE_DAY, 45)).sw, 0x9000);
  assert.is(send(small, cmd.debitBread(ISSUE_DAY, 1)).sw, GSW.SW_9D06_COLLECTION_AHEAD_REFUSED);
  // 4 beneficiaries: 20 a day, 2 days ahead (40).
  const large = verified(govCard({ beneficiaries: 4 }));
  assert.is(send(large, cmd.debitBread(ISSUE_DAY, 41)).sw, GSW.SW_9D06_COLLECTION_AHEAD_REFUSED);
  assert.is(send(large, cmd.debitBread(ISSUE_DAY, 40)).sw, 0x9000);
  // Month end: on the 31st only today's share, then the month is used up.
  const end = verified(govCard({ beneficiaries: 1 }));
  assert.is(send(end, cmd.debitBread(day('2026-03-31'), 6)).sw, GSW.SW_9D05_ENTITLEMENT_EXHAUSTED);
  assert.is(send(end, cmd.debitBread(day('2026-03-29'), 11)).sw, GSW.SW_9D06_COLLECTION_AHEAD_REFUSED, 'month end: 2 days');
  assert.is(send(end, cmd.debitBread(day('2026-03-29'), 10)).sw, 0x9000, '29th and 30th');
  assert.is(send(end, cmd.debitBread(day('2026-03-31'), 5, 'last')).sw, 0x9000);
  assert.is(send(end, cmd.debitBread(day('2026-03-31'), 1, 'more')).sw, GSW.SW_9D05_ENTITLEMENT_EXHAUSTED);
  // Ration: sugar cap 1 kg per person, 6 per card; money.
  const ration = verified(govCard({ beneficiaries: 2 }));
  assert.is(send(ration, cmd.debitRation(ISSUE_DAY, [[1, 3]])).sw, GSW.SW_9D09_ITEM_CAP_REACHED);
  assert.is(send(ration, cmd.debitRation(ISSUE_DAY, [[4, 1]])).sw, GSW.SW_9D0A_ITEM_NOT_IN_CATALOGUE);
  assert.is(send(ration, cmd.debitRation(ISSUE_DAY, [[1, 2], [2, 2]])).sw, 0x9000); // 2520 + 6000 of 10 000
  assert.is(send(ration, cmd.debitRation(ISSUE_DAY, [[3, 2]])).sw, GSW.SW_9D05_ENTITLEMENT_EXHAUSTED); // 2400 > 1480
});

test("ration with DF36: the card applies the terminal's points split and signs it (proof version 3), or refuses", () => {
  const card = verified(govCard({ beneficiaries: 2 })); // 10 000 entitlement
  assert.is(send(card, cmd.load(signedLoad({ beneficiaries: 2, sequence: 2, pointsPiastres: 1500 }))).sw, 0x9000);
  const before = card.persistentEntries();
  assert.is(send(card, cmd.debitRationPoints(ISSUE_DAY, [[1, 1]], 1501)).sw, GSW.SW_9D0D_POINTS_INSUFFICIENT);
  assert.is(send(card, cmd.debitRationPoints(ISSUE_DAY, [[1, 1]], 1261)).sw, 0x6a80, 'more points than the basket is worth');
  assert.is(send(card, cmd.debitRationPoints(ISSUE_DAY, [[1, 3]], 1500)).sw, GSW.SW_9D09_ITEM_CAP_REACHED);
  assert.equal(card.persistentEntries(), before, 'refusals write nothing');
  const answer = send(card, cmd.debitRationPoints(ISSUE_DAY, [[1, 2], [3, 1]], 1000, 'split')); // 2520 + 1200
  assert.is(answer.sw, 0x9000);
  const proof = proofOf(answer.data);
  assert.is(proof.version, 3);
  assert.equal(
    [proof.amount, proof.version !== 1 && proof.pointsPiastres, proof.balanceAfter, rationSplitOf(proof).valuePiastres],
    [3720 - 1000, 1000, 10_000 - 2720, 3720],
  );
  assert.ok(debitProofCodec.verify(proof, CARD_PUBLIC_KEY));
  assert.not.ok(debitProofCodec.verify({ ...proof, pointsPiastres: 999 } as typeof proof, CARD_PUBLIC_KEY), 'the split is signed');
  const state = counters(card);
  assert.equal([state.rationSpent, state.pointsSpent], [2720, 1000]);
  const rest = proofOf(send(card, cmd.debitRationPoints(ISSUE_DAY, [[2, 1]], 0, 'none')).data);
  assert.equal([rest.amount, rest.version !== 1 && rest.pointsPiastres], [3000, 0], 'points 0: all from the entitlement');
  const byDefault = proofOf(send(card, cmd.debitRation(ISSUE_DAY, [[2, 1]], 'default')).data);
  assert.equal([byDefault.amount, byDefault.version !== 1 && byDefault.pointsPiastres], [3000, 0], 'no DF36: entitlement first');
});

test('DF36: only for ration goods and exactly 4 bytes', () => {
  const card = verified(govCard());
  const quantity = berTlv(T.TAG_DF34_QUANTITY, Uint8Array.of(0, 0, 0, 5));
  const points = berTlv(T.TAG_DF36_POINTS, Uint8Array.of(0, 0, 0, 0));
  assert.is(send(card, cmd.debitRaw(SERVICE.BREAD, ISSUE_DAY, concat([quantity, points]))).sw, 0x6a80, 'bread with DF36');
  const bread = cmd.debitRaw(SERVICE.BREAD, ISSUE_DAY, quantity);
  assert.is(send(card, cmd.debitRationPoints(ISSUE_DAY, [[1, 1]], Uint8Array.of(0, 0, 1))).sw, 0x6a80, '3-byte DF36');
  assert.is(send(card, bread).sw, 0x9000, 'the same command without DF36');
});

test('dates: a debit dated before the last accepted date is refused; the debit moves the date on', () => {
  const card = verified(govCard());
  assert.is(send(card, cmd.debitBread(ISSUE_DAY - 1, 5)).sw, GSW.SW_9D07_DATE_BACKWARDS);
  assert.is(send(card, cmd.debitBread(ISSUE_DAY + 3, 5)).sw, 0x9000);
  assert.is(send(card, cmd.debitBread(ISSUE_DAY + 2, 5)).sw, GSW.SW_9D07_DATE_BACKWARDS);
  assert.is(send(card, cmd.debitBread(ISSUE_DAY + 3, 5, 'again')).sw, 0x9000);
});

test('malformed requests: 6A80; payment: 6A81; wrong P1-P2: 6A86', () => {
  const card = verified(govCard());
  const good = cmd.debitBread(ISSUE_DAY, 5);
  const variants: Array<[string, Uint8Array, number]> = [
    ['no data', Uint8Array.of(0x80, 0xde, 0, 0, 0), 0x6a80],
    ['garbage', Uint8Array.of(0x80, 0xde, 0, 0, 3, 0xdf, 0x31, 0x20), 0x6a80],
    ['zero loaves', cmd.debitBread(ISSUE_DAY, 0), 0x6a80],
    ['ration without lines', cmd.debitRation(ISSUE_DAY, []), 0x6a80],
    ['two health visits at once', cmd.debitQuantity(SERVICE.HEALTH, ISSUE_DAY, 2), 0x6a80],
    ['ration codes not increasing', cmd.debitRation(ISSUE_DAY, [[2, 1], [1, 1]]), 0x6a80],
    ['P1', Uint8Array.from([0x80, 0xde, 1, ...good.slice(3)]), 0x6a86],
  ];
  for (const [name, apdu, sw] of variants) assert.is(send(card, apdu).sw.toString(16), sw.toString(16), name);
  assert.is(send(card, cmd.debitQuantity(SERVICE.PAYMENT, ISSUE_DAY, 100)).sw, 0x6a81);
  assert.is(send(card, cmd.debitQuantity(9, ISSUE_DAY, 1)).sw, 0x6a80, 'unknown service');
  assert.is(atcOf(card), 0);
});

test('tearing before commit: no debit, log and counters unchanged; READ LOG at the next insertion shows nothing', () => {
  const card = verified(govCard());
  const before = card.persistentEntries();
  card.tearAt({ apdu: 1, phase: 'before-commit' });
  assert.throws(() => send(card, cmd.debitBread(ISSUE_DAY, 10, 'torn')), (e: unknown) => e instanceof CardTornError);
  assert.equal(card.persistentEntries(), before);
  card.powerOn();
  send(card, cmd.select());
  assert.equal([...valueOf(send(card, cmd.readLog(0)).data, T.TAG_DF51_LOG_COUNT)], [0]);
  assert.is(send(card, cmd.readLog(1)).sw, 0x6a83);
  assert.is(atcOf(card), 0);
});

test('tearing after commit: the debit stands and READ LOG returns its proof for recovery', () => {
  const card = verified(govCard());
  card.tearAt({ apdu: 1, phase: 'after-commit' });
  assert.throws(() => send(card, cmd.debitBread(ISSUE_DAY, 10, 'pending')), (e: unknown) => e instanceof CardTornError);
  card.powerOn();
  send(card, cmd.select());
  const logged = send(card, cmd.readLog(1));
  assert.is(logged.sw, 0x9000);
  const proof = proofOf(logged.data);
  assert.equal([proof.amount, proof.terminalId, proof.atc], [10, TERMINAL_ID, 1]);
  assert.equal(proof.challenge, challenge('pending'), 'the terminal matches its pending transaction by challenge');
  assert.ok(debitProofCodec.verify(proof, decodeCertificate(valueOf(valueOf(send(card, cmd.readData(T.TAG_BF4A_CERTIFICATES)).data, T.TAG_BF4A_CERTIFICATES), T.TAG_DF4C_CARD_CERTIFICATE)).publicKey));
  assert.equal(counters(card).breadTaken[9], 10);
});

test('an exhausted ATC refuses with 6985 and writes nothing', () => {
  const card = verified(govCard({}, { atcLimit: 1 }));
  assert.is(send(card, cmd.debitBread(ISSUE_DAY, 1)).sw, 0x9000);
  const before = card.persistentEntries();
  assert.is(send(card, cmd.debitBread(ISSUE_DAY, 1, 'x')).sw, 0x6985);
  assert.equal(card.persistentEntries(), before);
});

test.run();
