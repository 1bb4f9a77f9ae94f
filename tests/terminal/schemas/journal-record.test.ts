import * as assert from 'uvu/assert';
import type { CborValue } from '../../../terminal/codec/cbor.ts';
import { decodeJournalRecord, encodeJournalRecord } from '../../../terminal/schemas/journal-record.ts';
import type { JournalRecord } from '../../../terminal/schemas/journal-record.ts';
import { decodeDebitProof } from '../../../terminal/schemas/debit-proof.ts';
import { suite } from '../../support/suite.ts';
import { loadVector, mutated, throwsSchemaError } from './vector-helpers.ts';

const test = suite('terminal/schemas/journal-record');

for (const file of [
  'journal-record-bread.json', 'journal-record-ration.json', 'journal-record-ration-points.json', 'journal-record-declined.json',
  'journal-record-v2-bread.json', 'journal-record-v2-legacy.json',
]) {
  test(`${file}: encode gives the vector bytes, decode gives the value`, () => {
    const { value, bytes } = loadVector(file);
    assert.equal(encodeJournalRecord(value as JournalRecord), bytes);
    assert.equal(decodeJournalRecord(bytes), value);
  });
}

test('the embedded debit proof is the debit proof vector byte for byte', () => {
  const record = decodeJournalRecord(loadVector('journal-record-bread.json').bytes);
  assert.equal(record.debitProof, loadVector('debit-proof-bread.json').bytes);
  assert.is(decodeDebitProof(record.debitProof!).atc, 42);
});

const bread = loadVector('journal-record-bread.json').bytes;
const ration = loadVector('journal-record-ration.json').bytes;
const declined = loadVector('journal-record-declined.json').bytes;
const otherProof = loadVector('debit-proof-ration.json').bytes;
const proofWithBadQuantity = mutated(otherProof, (r) => (((r[5] as CborValue[])[2] as CborValue[])[1] = -3));
const cases: [string, Uint8Array, string, string?][] = [
  ['wrong version', mutated(bread, (r) => (r[0] = 3)), 'journalRecord[0].version', 'unsupported version 3'],
  ['v1 relabelled version 2 (no card kind)', mutated(bread, (r) => (r[0] = 2)), 'journalRecord', 'expected array of 22 items, got 19'],
  ['missing field', mutated(bread, (r) => r.pop()), 'journalRecord', 'expected array of 19 items, got 18'],
  ['extra field', mutated(bread, (r) => r.push(null)), 'journalRecord', 'got 20'],
  ['sequence 0', mutated(bread, (r) => (r[2] = 0)), 'journalRecord[2].terminalSeq', 'start at 1'],
  ['offset out of range', mutated(bread, (r) => (r[4] = 900)), 'journalRecord[4].utcOffsetMinutes', 'outside'],
  ['unknown outcome', mutated(bread, (r) => (r[5] = 2)), 'journalRecord[5].outcome'],
  ['lower-case code', mutated(declined, (r) => (r[6] = 'card_blocked')), 'journalRecord[6].code', 'does not match'],
  ['decline coded APPROVED', mutated(declined, (r) => (r[6] = 'APPROVED')), 'journalRecord[6].code', 'does not fit'],
  ['approval with a decline code', mutated(bread, (r) => (r[6] = 'CARD_BLOCKED')), 'journalRecord[6].code'],
  ['household id of 9 bytes', mutated(bread, (r) => (r[8] = new Uint8Array(9))), 'journalRecord[8].householdId', '8 bytes'],
  ['cvm 7', mutated(bread, (r) => (r[13] = 7)), 'journalRecord[13].cvm'],
  ['supervised without supervisor', mutated(ration, (r) => (r[14] = null)), 'journalRecord[14].supervisorCardId'],
  ['supervisor without exception', mutated(bread, (r) => (r[14] = new Uint8Array(8))), 'journalRecord[14].supervisorCardId'],
  ['online as 1', mutated(bread, (r) => (r[15] = 1)), 'journalRecord[15].online', 'boolean'],
  ['approval without proof', mutated(bread, (r) => (r[16] = null)), 'journalRecord[16].debitProof', 'needs'],
  ['approval with the proof of another sale', mutated(bread, (r) => (r[16] = otherProof)), 'journalRecord[16].debitProof', 'another service'],
  ['proof amount differs', mutated(bread, (r) => (r[10] = 11)), 'journalRecord[16].debitProof', 'amount differs'],
  ['embedded proof malformed', mutated(ration, (r) => (r[16] = proofWithBadQuantity)), 'journalRecord[16].debitProof[5].items[2][1]', 'unsigned integer'],
  ['decline with a proof', mutated(declined, (r) => (r[16] = otherProof)), 'journalRecord[16].debitProof', 'no debit proof'],
  ['decline debiting', mutated(declined, (r) => (r[10] = 5)), 'journalRecord[10].amount', 'debits nothing'],
  ['blocklist version as text', mutated(bread, (r) => (r[18] = '1234')), 'journalRecord[18].blocklistVersion'],
  ['a float where an integer goes', Uint8Array.of(...bread.subarray(0, bread.length - 3), 0xfb, 0x40, 0x93, 0x48, 0, 0, 0, 0, 0), 'journalRecord', 'not deterministic'],
];
for (const [name, bytes, path, hint] of cases) {
  test(`malformed: ${name} → SCHEMA_INVALID at ${path}`, () => {
    throwsSchemaError(() => decodeJournalRecord(bytes), path, hint);
  });
}

const v2bread = loadVector('journal-record-v2-bread.json').bytes;
const legacy = loadVector('journal-record-v2-legacy.json').bytes;
const v2cases: [string, Uint8Array, string, string?][] = [
  ['card kind 2', mutated(v2bread, (r) => (r[19] = 2)), 'journalRecord[19].cardKind'],
  ['unified with an old card counter', mutated(v2bread, (r) => (r[20] = 3)), 'journalRecord[20].legacyAtc', 'only an old ration card'],
  ['unified approval without proof', mutated(v2bread, (r) => (r[16] = null)), 'journalRecord[16].debitProof', 'needs'],
  ['old card with a proof', mutated(legacy, (r) => (r[16] = otherProof)), 'journalRecord[16].debitProof', 'no debit proof'],
  ['old card approval without its counter', mutated(legacy, (r) => (r[20] = null)), 'journalRecord[20].legacyAtc', 'counter and balance'],
  ['old card approval without its balance', mutated(legacy, (r) => (r[21] = null)), 'journalRecord[20].legacyAtc', 'counter and balance'],
  ['old card selling bread', mutated(legacy, (r) => ((r[7] = 1), (r[11] = []))), 'journalRecord[7].service', 'ration goods only'],
  ['old card with a PIN', mutated(legacy, (r) => (r[13] = 2)), 'journalRecord[13].cvm', 'no cardholder'],
  ['counter as text', mutated(legacy, (r) => (r[20] = '7')), 'journalRecord[20].legacyAtc', 'unsigned integer'],
];
for (const [name, bytes, path, hint] of v2cases) {
  test(`malformed v2: ${name} → SCHEMA_INVALID at ${path}`, () => {
    throwsSchemaError(() => decodeJournalRecord(bytes), path, hint);
  });
}

test('v1 still decodes, as a unified card\'s record; v2 of the same sale embeds the same proof', () => {
  const v1 = decodeJournalRecord(bread);
  const v2 = decodeJournalRecord(v2bread);
  assert.equal([v1.version, v2.version], [1, 2]);
  assert.equal(v1.debitProof, v2.debitProof);
  assert.ok(v2.version === 2 && v2.cardKind === 0);
  const old = decodeJournalRecord(legacy);
  assert.ok(old.version === 2 && old.cardKind === 1 && old.legacyAtc === 7 && old.debitProof === null);
});

test('a v3 proof\'s verification method must be the record\'s', () => {
  const record = decodeJournalRecord(v2bread);
  const proof = loadVector('debit-proof-v3-supervised.json');
  const supervised = { ...record, amount: 5, debitProof: proof.bytes, cvm: 3 as const, supervisorCardId: (proof.value as { supervisorCardId: Uint8Array }).supervisorCardId };
  assert.is(decodeJournalRecord(encodeJournalRecord(supervised)).cvm, 3);
  throwsSchemaError(() => encodeJournalRecord({ ...supervised, cvm: 2, supervisorCardId: null }), 'journalRecord[16].debitProof', 'verification method');
});

test('a declined ration sale may keep the lines asked for, or none', () => {
  const value = decodeJournalRecord(declined);
  const ration = { ...value, service: 2 as const };
  assert.equal(decodeJournalRecord(encodeJournalRecord(ration)).items, []);
  assert.equal(decodeJournalRecord(encodeJournalRecord({ ...ration, items: [[7, 1]] })).items, [[7, 1]]);
});

test.run();
