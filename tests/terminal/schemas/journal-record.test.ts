import * as assert from 'uvu/assert';
import type { CborValue } from '../../../terminal/codec/cbor.ts';
import { decodeJournalRecord, encodeJournalRecord } from '../../../terminal/schemas/journal-record.ts';
import type { JournalRecord } from '../../../terminal/schemas/journal-record.ts';
import { decodeDebitProof } from '../../../terminal/schemas/debit-proof.ts';
import { suite } from '../../support/suite.ts';
import { loadVector, mutated, throwsSchemaError } from './vector-helpers.ts';

const test = suite('terminal/schemas/journal-record');

for (const file of ['journal-record-bread.json', 'journal-record-ration.json', 'journal-record-ration-points.json', 'journal-record-declined.json']) {
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

test('a declined ration sale may keep the lines asked for, or none', () => {
  const value = decodeJournalRecord(declined);
  const ration = { ...value, service: 2 as const };
  assert.equal(decodeJournalRecord(encodeJournalRecord(ration)).items, []);
  assert.equal(decodeJournalRecord(encodeJournalRecord({ ...ration, items: [[7, 1]] })).items, [[7, 1]]);
});

test.run();
