import * as assert from 'uvu/assert';
import { loadCard } from '../../../card/card-image.ts';
import { entitlementLoadCodec } from '../../../card/gov/entitlement-load.ts';
import { GOV_CARD_BUILDERS } from '../../../card/gov/gov-card.ts';
import * as T from '../../../card/gov/gov-tags.ts';
import { parseHouseholdDescription } from '../../../card/gov/household-description.ts';
import { carriesRationServices, issueHousehold } from '../../../card/gov/issue-household.ts';
import { decodeCertificate } from '../../../terminal/schemas/certificate.ts';
import { verifyCardChain } from '../../../terminal/schemas/certificate-chain.ts';
import { decodeDebitProof, debitProofCodec } from '../../../terminal/schemas/debit-proof.ts';
import { suite } from '../../support/suite.ts';
import { cmd, day, fingerProbe, issuer, send, valueOf } from './gov-fixture.ts';

const test = suite('card/gov/issue-household');

const ISSUED_ON = day('2026-03-10');
const household = parseHouseholdDescription({
  householdId: '0000000012345678', rationCardNumber: '1234567890', beneficiaries: 5, activations: { health: '2026-07-01' },
  members: [
    { nationalId: '28501011234567', nameAr: 'سيد حسن', nameEn: 'SAYED HASSAN', role: 'head', age: 41, pin: '4321' },
    { nationalId: '28803051234561', nameAr: 'أمل سيد', nameEn: 'AMAL SAYED', role: 'spouse', age: 38, fingerprintHex: 'a1b2c3' },
    { nationalId: '30703051234562', nameAr: 'عمر سيد', nameEn: 'OMAR SAYED', role: 'child', age: 17 },
    { nationalId: '31003051234563', nameAr: 'منى سيد', nameEn: 'MONA SAYED', role: 'child', age: 16 },
    { nationalId: '25003051234564', nameAr: 'حسن علي', nameEn: 'HASSAN ALI', role: 'other', age: 76 },
  ],
});

test('roles to services: head, spouse and children over 16 carry the ration services; the others health and payments', () => {
  assert.equal(
    [['head', 30], ['spouse', 20], ['child', 17], ['child', 16], ['child', 3], ['other', 70]].map(([r, a]) => carriesRationServices(r as 'head', a as number)),
    [true, true, true, false, false, false],
  );
  const cards = issueHousehold(household, { issuer: issuer(), issuedOn: ISSUED_ON });
  assert.equal(cards.map((c) => [c.role, c.carriesRation, c.services.join(',')]), [
    ['head', true, 'payment,bread,ration,health'], ['spouse', true, 'payment,bread,ration,health'],
    ['child', true, 'payment,bread,ration,health'], ['child', false, 'payment,health'], ['other', false, 'payment,health'],
  ]);
  const ids = new Set(cards.map((c) => Buffer.from(c.cardId).toString('hex')));
  const keys = new Set(cards.map((c) => Buffer.from(c.certificate.publicKey).toString('hex')));
  assert.equal([ids.size, keys.size], [5, 5], 'each card its own id and key pair');
  assert.ok([...ids].every((id) => /^5078\d{12}$/.test(id)));
  assert.is(cards[0]!.expiry, day('2029-03-09'));
});

test('issued images load, verify to the TEST CA, and debit with the member PIN; health waits for its date', () => {
  const [head, spouse, , mona] = issueHousehold(household, { issuer: issuer(), issuedOn: ISSUED_ON, protocol: 'T=1' });
  const card = loadCard(head!.image, GOV_CARD_BUILDERS);
  card.powerOn();
  assert.is(send(card, cmd.select()).sw, 0x9000);
  const certs = valueOf(send(card, cmd.readData(T.TAG_BF4A_CERTIFICATES)).data, T.TAG_BF4A_CERTIFICATES);
  const chain = verifyCardChain(
    decodeCertificate(valueOf(certs, T.TAG_DF4B_ISSUER_CERTIFICATE)), decodeCertificate(valueOf(certs, T.TAG_DF4C_CARD_CERTIFICATE)),
    [issuer().caCertificate], ISSUED_ON,
  );
  assert.ok(chain.ok);
  assert.is(send(card, cmd.verifyPin('1234')).sw, 0x63c2, 'the household file set another PIN');
  assert.is(send(card, cmd.verifyPin('4321')).sw, 0x9000);
  const proof = decodeDebitProof(valueOf(send(card, cmd.debitBread(ISSUED_ON, 25)).data, T.TAG_DF50_DEBIT_PROOF));
  assert.ok(chain.ok && debitProofCodec.verify(proof, chain.card.publicKey));
  assert.is(send(card, cmd.debitHealth(ISSUED_ON)).sw, 0x9d04, 'health from 2026-07-01');
  const grant = entitlementLoadCodec.decode(valueOf(valueOf(send(card, cmd.readData(T.TAG_BF42_HOUSEHOLD)).data, T.TAG_BF42_HOUSEHOLD), T.TAG_DF25_ENTITLEMENT_GRANT));
  assert.equal([grant.beneficiaries, grant.rationPiastres], [5, 25_000]);

  const spouseCard = spouse!.card;
  spouseCard.powerOn();
  send(spouseCard, cmd.select());
  assert.is(send(spouseCard, cmd.verifyBiometric(fingerProbe(spouse!.nationalId, 1))).sw, 0x63c4, 'the file\'s opaque reference: no minutiae match');
  assert.is(send(spouseCard, cmd.verifyBiometric(Uint8Array.of(0xa1, 0xb2, 0xc3))).sw, 0x9000, 'fingerprint from the file, exact bytes');
  const monaCard = mona!.card;
  monaCard.powerOn();
  send(monaCard, cmd.select());
  assert.is(send(monaCard, cmd.verifyBiometric(fingerProbe(head!.nationalId, 1))).sw, 0x63c4, 'her father\'s finger is not hers');
  assert.is(send(monaCard, cmd.verifyBiometric(fingerProbe(mona!.nationalId, 1))).sw, 0x9000, 'her own finger, enrolled at issue');
  assert.is(send(monaCard, cmd.verifyPin('1234')).sw, 0x9000, 'default test PIN');
  assert.is(send(monaCard, cmd.debitBread(ISSUED_ON, 5)).sw, 0x9d04, 'no ration services at 16');
});

test.run();
