/**
 * VERIFY SUPERVISED on the household card: a supervisor authorization from a supervisor's card of the card's own
 * issuer grants one DEBIT, whose version 3 proof signs the supervised exception; a cashier's card (no SUPERVISE
 * usage), a foreign or expired supervisor certificate, an authorization for another card, another ATC (replay) or
 * another challenge, terminal or date is refused with 6982 and nothing is debited.
 */
import { createHash } from 'node:crypto';
import * as assert from 'uvu/assert';
import { berTlv, concat } from '../../../card/ber-tlv.ts';
import * as T from '../../../card/gov/gov-tags.ts';
import { issueHousehold } from '../../../card/gov/issue-household.ts';
import { certifyCard, scalarFrom } from '../../../card/gov/test-issuer.ts';
import type { CardIssuer } from '../../../card/gov/test-issuer.ts';
import type { CardOs } from '../../../card/card-os.ts';
import { buildCommandApdu } from '../../../emv/apdu/command-apdu.ts';
import { certificateCodec } from '../../../terminal/schemas/certificate.ts';
import { decodeDebitProof, debitProofCodec } from '../../../terminal/schemas/debit-proof.ts';
import { compressedPoint, privateKeyFromScalar } from '../../../terminal/schemas/p256.ts';
import { supervisorAuthorizationCodec } from '../../../terminal/schemas/supervisor-authorization.ts';
import type { SupervisorAuthorization } from '../../../terminal/schemas/supervisor-authorization.ts';
import { suite } from '../../support/suite.ts';
import { CARD_ID, CARD_PUBLIC_KEY, challenge, cmd, day, govCard, ISSUE_DAY, issuer, send, TERMINAL_ID, valueOf, verified } from './gov-fixture.ts';

const test = suite('card/gov/verify-supervised');

const SUPERVISOR_ID = Uint8Array.from(Buffer.from('5078039999999991', 'hex'));
const key = (label: string) => privateKeyFromScalar(scalarFrom(createHash('sha256').update(`verify-supervised TEST ${label}`).digest()));
const supervisorKey = key('supervisor');

const verifySupervisedApdu = (certificate: Uint8Array, authorization: Uint8Array): Uint8Array =>
  buildCommandApdu({
    cla: 0x80, ins: 0x5a, p1: 0, p2: 0,
    data: concat([berTlv(T.TAG_DF55_SUPERVISOR_CERTIFICATE, certificate), berTlv(T.TAG_DF56_SUPERVISOR_AUTHORIZATION, authorization)]),
  });

function certificate(options: { supervisor?: boolean; issuer?: CardIssuer; notAfter?: number } = {}): Uint8Array {
  return certificateCodec.encode(certifyCard(options.issuer ?? issuer(), {
    cardId: SUPERVISOR_ID, householdId: Uint8Array.of(0x4f, 0, 0, 0, 0, 0, 0, 1), publicKey: compressedPoint(supervisorKey), serial: 99,
    notBefore: day('2025-01-01'), notAfter: options.notAfter ?? day('2027-12-31'), supervisor: options.supervisor ?? true,
  }));
}

function authorization(fields: Partial<SupervisorAuthorization> = {}, signer = supervisorKey): Uint8Array {
  return supervisorAuthorizationCodec.encode(supervisorAuthorizationCodec.sign({
    version: 1, cardId: CARD_ID, atc: 0, challenge: challenge('s1'), date: ISSUE_DAY, terminalId: TERMINAL_ID, reason: 1,
    supervisorCardId: SUPERVISOR_ID, ...fields,
  }, signer));
}

const breadDebit = (label = 's1') => cmd.debitBread(ISSUE_DAY, 5, label);

test('a supervisor of the same issuer: accepted, one DEBIT, its v3 proof signs cvm 3 and the supervisor', () => {
  const card = govCard();
  assert.is(send(card, breadDebit()).sw, 0x6982, 'nobody verified yet');
  assert.is(send(card, verifySupervisedApdu(certificate(), authorization())).sw, 0x9000);
  const answer = send(card, breadDebit());
  assert.is(answer.sw, 0x9000);
  const proof = decodeDebitProof(valueOf(answer.data, T.TAG_DF50_DEBIT_PROOF));
  assert.ok(proof.version === 3 && proof.cvm === 3);
  assert.equal(proof.version === 3 && proof.supervisorCardId, SUPERVISOR_ID);
  assert.ok(debitProofCodec.verify(proof, CARD_PUBLIC_KEY));
  assert.is(send(card, breadDebit('s2')).sw, 0x6982, 'the authorization served its one debit');
  assert.is(send(card, verifySupervisedApdu(certificate(), authorization())).sw, 0x6982, 'replayed: the ATC moved on');
});

test('a PIN-verified debit signs cvm 2 and no supervisor', () => {
  const proof = decodeDebitProof(valueOf(send(verified(govCard()), breadDebit()).data, T.TAG_DF50_DEBIT_PROOF));
  assert.ok(proof.version === 3 && proof.cvm === 2 && proof.supervisorCardId === null);
});

const foreign: CardIssuer = (() => {
  const other = key('foreign issuer');
  return { ...issuer(), issuerKey: other, issuerCertificate: { ...issuer().issuerCertificate, publicKey: compressedPoint(other) } };
})();
const refusals: Array<[string, () => Uint8Array, () => Uint8Array, Uint8Array?]> = [
  ["a cashier's card (no SUPERVISE usage)", () => certificate({ supervisor: false }), () => authorization()],
  ['a foreign issuer', () => certificate({ issuer: foreign }), () => authorization()],
  ['an expired supervisor certificate', () => certificate({ notAfter: ISSUE_DAY - 1 }), () => authorization()],
  ['an authorization for another card', () => certificate(), () => authorization({ cardId: Uint8Array.from(Buffer.from('5078030000000018', 'hex')) })],
  ['an authorization for another ATC (an earlier debit)', () => certificate(), () => authorization({ atc: 1 })],
  ['a date before the card\'s last date', () => certificate(), () => authorization({ date: ISSUE_DAY - 1 })],
  ['signed by another key than the certificate\'s', () => certificate(), () => authorization({}, key('impostor'))],
  ['the supervisor named is not the certificate\'s', () => certificate(), () => authorization({ supervisorCardId: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8) })],
];
for (const [name, cert, auth] of refusals) {
  test(`refused with 6982, nothing debited: ${name}`, () => {
    const card = govCard();
    assert.is(send(card, verifySupervisedApdu(cert(), auth())).sw, 0x6982);
    assert.is(send(card, breadDebit()).sw, 0x6982);
  });
}

test('accepted, but a DEBIT with another challenge, terminal or date than the authorization is refused (6982)', () => {
  for (const debit of [breadDebit('other'), cmd.debitBread(ISSUE_DAY + 1, 5, 's1')]) {
    const card = govCard();
    assert.is(send(card, verifySupervisedApdu(certificate(), authorization())).sw, 0x9000);
    assert.is(send(card, debit).sw, 0x6982);
  }
  const card = govCard();
  assert.is(send(card, verifySupervisedApdu(certificate(), authorization({ terminalId: TERMINAL_ID + 1 }))).sw, 0x9000);
  assert.is(send(card, breadDebit()).sw, 0x6982, 'the authorization names another terminal');
});

test('malformed: a missing data object or a certificate that does not decode is 6A80; a supervised session does not release the national ID', () => {
  const card = govCard();
  assert.is(send(card, buildCommandApdu({ cla: 0x80, ins: 0x5a, p1: 0, p2: 0, data: berTlv(T.TAG_DF55_SUPERVISOR_CERTIFICATE, certificate()) })).sw, 0x6a80);
  assert.is(send(card, verifySupervisedApdu(Uint8Array.of(1, 2, 3), authorization())).sw, 0x6a80);
  assert.is(send(card, verifySupervisedApdu(certificate(), authorization())).sw, 0x9000);
  const holder = valueOf(send(card, cmd.readData(T.TAG_BF41_CARDHOLDER)).data, T.TAG_BF41_CARDHOLDER);
  assert.ok(holder.length > 0 && !Buffer.from(holder).includes(Buffer.from('28501011234567')));
});

test('SUPERVISE on an issued supervisor card, end to end: signs after its own PIN only; a citizen card refuses (6985)', () => {
  const members = [{ nationalId: '27001011234561', nameAr: 'مشرف', nameEn: 'SUPERVISOR', role: 'head' as const, age: 50, pin: '8642' }];
  const description = { householdId: Uint8Array.of(0x4f, 0, 0, 0, 0, 0, 0, 2), rationCardNumber: '9000001', beneficiaries: 1, activations: {}, members };
  const [supervisorCard] = issueHousehold(description, { issuer: issuer(), issuedOn: ISSUE_DAY, protocol: 'T=1', supervisors: ['27001011234561'] });
  const [citizen] = issueHousehold({ ...description, householdId: Uint8Array.of(0x4f, 0, 0, 0, 0, 0, 0, 3) }, { issuer: issuer(), issuedOn: ISSUE_DAY, protocol: 'T=1' });
  const superviseApdu = buildCommandApdu({
    cla: 0x80, ins: 0x5c, p1: 0, p2: 0, le: 65536,
    data: concat([
      berTlv(T.TAG_DF57_SUPERVISED_CARD_ID, CARD_ID), berTlv(T.TAG_9F36_ATC, Uint8Array.of(0, 0)), berTlv(T.TAG_DF31_CHALLENGE, challenge('s1')),
      berTlv(T.TAG_9A_DATE, Uint8Array.of(0x26, 0x03, 0x10)), berTlv(T.TAG_DF32_TERMINAL_ID, Uint8Array.of(0x00, 0xa1, 0xb2, 0xc3)),
      berTlv(T.TAG_DF58_SUPERVISION_REASON, Uint8Array.of(1)),
    ]),
  });
  const open = (os: CardOs): CardOs => {
    os.powerOn();
    assert.is(send(os, cmd.select()).sw, 0x9000);
    return os;
  };
  const sup = open(supervisorCard!.card);
  assert.is(send(sup, superviseApdu).sw, 0x6982, 'no PIN yet');
  assert.is(send(sup, cmd.verifyPin('8642')).sw, 0x9000);
  const signed = send(sup, superviseApdu);
  assert.is(signed.sw, 0x9000);
  const cit = open(citizen!.card);
  assert.is(send(cit, cmd.verifyPin('8642')).sw, 0x9000);
  assert.is(send(cit, superviseApdu).sw, 0x6985);

  const household = govCard();
  const present = verifySupervisedApdu(valueOf(signed.data, T.TAG_DF55_SUPERVISOR_CERTIFICATE), valueOf(signed.data, T.TAG_DF56_SUPERVISOR_AUTHORIZATION));
  assert.is(send(household, present).sw, 0x9000);
  assert.is(send(household, breadDebit()).sw, 0x9000);
  assert.equal(supervisorAuthorizationCodec.decode(valueOf(signed.data, T.TAG_DF56_SUPERVISOR_AUTHORIZATION)).cardId, CARD_ID);
});

test.run();
