import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { buildCandidateList } from '../../../emv/kernel/application-selection.ts';
import { finalSelection } from '../../../emv/kernel/final-selection.ts';
import type { TerminalApplication } from '../../../emv/kernel/terminal-config.ts';
import { toHex } from '../../../emv/tlv/hex.ts';
import { createFakeCard, type Exchange } from '../apdu/fake-card.ts';
import { assertEmvErrorAsync } from '../assert-emv-error.ts';
import { app, fci, PSE_HEX, readRecord, select, tlv } from './kernel-fixtures.ts';

const test = suite('emv/kernel/application-selection');

const A = 'A0000009991010';
const B = 'A0000009992020';
const pseFci = fci(PSE_HEX, tlv('88', '01'));
/** A PSE directory record: 70 { 61 { 4F aid, 50 label, 87 priority } ... }. */
const dirRecord = (...entries: [aid: string, label: string, priority?: string][]): string =>
  tlv('70', entries.map(([aid, label, p]) => tlv('61', tlv('4F', aid) + tlv('50', toHex(new TextEncoder().encode(label))) + (p ? tlv('87', p) : ''))).join('')) + '9000';

interface Row {
  readonly name: string;
  readonly apps: readonly TerminalApplication[];
  readonly script: readonly Exchange[];
  readonly method?: 'pse' | 'list-of-aids';
  /** ADF names in candidate order. */
  readonly candidates?: readonly string[];
  readonly error?: 'EMV_CARD_REFUSED';
}

const rows: Row[] = [
  {
    name: 'PSE with two applications: priority 1 before priority 2',
    apps: [app(A), app(B)],
    script: [[select(PSE_HEX), pseFci + '9000'], [readRecord(1, 1), dirRecord([A, 'KARTPAY', '02'], [B, 'OTHER', '01'])], [readRecord(1, 2), '6A83']],
    method: 'pse',
    candidates: [B, A],
  },
  {
    name: 'PSE: entries over two records, one the terminal does not support, no priority last',
    apps: [app(A), app(B)],
    script: [
      [select(PSE_HEX), pseFci + '9000'],
      [readRecord(1, 1), dirRecord([B, 'OTHER'], ['A0000000031010', 'VISA', '01'])],
      [readRecord(1, 2), dirRecord([A, 'KARTPAY', '05'])],
      [readRecord(1, 3), '6A83'],
    ],
    method: 'pse',
    candidates: [A, B],
  },
  {
    name: 'PSE: partial AID match when the terminal allows it',
    apps: [app('A000000999', true)],
    script: [[select(PSE_HEX), pseFci + '9000'], [readRecord(1, 1), dirRecord([A, 'KARTPAY'])], [readRecord(1, 2), '6A83']],
    method: 'pse',
    candidates: [A],
  },
  {
    name: 'no PSE (6A82): list of AIDs, exact match',
    apps: [app(A)],
    script: [[select(PSE_HEX), '6A82'], [select(A), fci(A, tlv('50', '4B415254')) + '9000']],
    method: 'list-of-aids',
    candidates: [A],
  },
  {
    name: 'PSE blocked (6283): list of AIDs',
    apps: [app(A)],
    script: [[select(PSE_HEX), '6283'], [select(A), fci(A) + '9000']],
    method: 'list-of-aids',
    candidates: [A],
  },
  {
    name: 'PSE with no matching entry: list of AIDs',
    apps: [app(A)],
    script: [
      [select(PSE_HEX), pseFci + '9000'],
      [readRecord(1, 1), dirRecord(['A0000000031010', 'VISA'])],
      [readRecord(1, 2), '6A83'],
      [select(A), fci(A) + '9000'],
    ],
    method: 'list-of-aids',
    candidates: [A],
  },
  {
    name: 'PSE directory record malformed: list of AIDs',
    apps: [app(A)],
    script: [[select(PSE_HEX), pseFci + '9000'], [readRecord(1, 1), '7005610342019000'], [select(A), fci(A) + '9000']],
    method: 'list-of-aids',
    candidates: [A],
  },
  {
    name: 'list of AIDs: partial selection with next occurrence finds two applications',
    apps: [app('A000000999', true)],
    script: [
      [select(PSE_HEX), '6A82'],
      [select('A000000999'), fci(A) + '9000'],
      [select('A000000999', true), fci(B) + '9000'],
      [select('A000000999', true), '6A82'],
    ],
    method: 'list-of-aids',
    candidates: [A, B],
  },
  {
    name: 'list of AIDs: partial name without partial selection allowed: not a candidate, next occurrence still asked',
    apps: [app('A000000999', false), app(B)],
    script: [
      [select(PSE_HEX), '6A82'],
      [select('A000000999'), fci(A) + '9000'],
      [select('A000000999', true), '6A82'],
      [select(B), fci(B) + '9000'],
    ],
    method: 'list-of-aids',
    candidates: [B],
  },
  {
    name: 'list of AIDs: blocked application (6283) left out',
    apps: [app(A), app(B)],
    script: [[select(PSE_HEX), '6A82'], [select(A), fci(A) + '6283'], [select(B), fci(B) + '9000']],
    method: 'list-of-aids',
    candidates: [B],
  },
  {
    name: 'list of AIDs: nothing matches',
    apps: [app(A)],
    script: [[select(PSE_HEX), '6A82'], [select(A), '6A82']],
    method: 'list-of-aids',
    candidates: [],
  },
  {
    name: 'card blocked (6A81 to SELECT PSE): terminate',
    apps: [app(A)],
    script: [[select(PSE_HEX), '6A81']],
    error: 'EMV_CARD_REFUSED',
  },
  {
    name: 'card blocked (6A81 to the first list-of-AIDs SELECT after no PSE): terminate',
    apps: [app(A)],
    script: [[select(PSE_HEX), '6A82'], [select(A), '6A81']],
    error: 'EMV_CARD_REFUSED',
  },
];

for (const row of rows) {
  test(row.name, async () => {
    const card = createFakeCard(row.script);
    if (row.error) {
      await assertEmvErrorAsync(() => buildCandidateList(card.trx, row.apps), row.error);
    } else {
      const list = await buildCandidateList(card.trx, row.apps);
      assert.is(list.method, row.method);
      assert.equal(list.candidates.map((c) => toHex(c.adfName)), row.candidates);
    }
    card.assertDone();
  });
}

test('candidate details: label, priority and the confirmation bit', async () => {
  const card = createFakeCard([[select(PSE_HEX), pseFci + '9000'], [readRecord(1, 1), dirRecord([A, 'KARTPAY', '81'])], [readRecord(1, 2), '6A83']]);
  const list = await buildCandidateList(card.trx, [app(A)]);
  assert.is(list.candidates[0]!.label, 'KARTPAY');
  assert.is(list.candidates[0]!.priority, 1);
  assert.is(list.candidates[0]!.confirmationRequired, true);
});

const candidate = (aid: string, confirmationRequired = false, priority = 0) => ({
  adfName: Uint8Array.from(Buffer.from(aid, 'hex')),
  terminalApplication: app(aid),
  priority,
  confirmationRequired,
});

test('final selection: one candidate, FCI with PDOL', async () => {
  const card = createFakeCard([[select(A), fci(A, tlv('50', '4B415254') + tlv('9F38', '9F0206')) + '9000']]);
  const selected = await finalSelection(card.trx, [candidate(A)]);
  assert.is(toHex(selected.dfName), A);
  assert.is(toHex(selected.fciData.get(0x9f38)!), '9F0206');
  card.assertDone();
});

test('final selection: SELECT fails (6A82), candidate removed, the next one selected', async () => {
  const card = createFakeCard([[select(A), '6A82'], [select(B), fci(B) + '9000']]);
  const candidates = [candidate(A), candidate(B)];
  const chosen: number[] = [];
  const selected = await finalSelection(card.trx, candidates, async (list) => {
    chosen.push(list.length);
    return 0;
  });
  assert.is(toHex(selected.dfName), B);
  assert.equal(chosen, [2], 'asked once with two candidates; the last one needs no confirmation');
  assert.is(candidates.length, 1);
  card.assertDone();
});

test('final selection: FCI naming another DF or without A5 counts as failed', async () => {
  const card = createFakeCard([[select(A), fci(B) + '9000'], [select(B), tlv('6F', tlv('84', B)) + '9000']]);
  await assertEmvErrorAsync(() => finalSelection(card.trx, [candidate(A), candidate(B)], async () => 0), 'EMV_NO_APPLICATION');
  card.assertDone();
});

test('final selection: confirmation required and no way to ask: no application', async () => {
  const card = createFakeCard([]);
  await assertEmvErrorAsync(() => finalSelection(card.trx, [candidate(A, true)]), 'EMV_NO_APPLICATION');
  card.assertDone();
});

test('final selection: the cardholder picks the second; cancelling is no application', async () => {
  const card = createFakeCard([[select(B), fci(B) + '9000']]);
  const selected = await finalSelection(card.trx, [candidate(A), candidate(B)], async () => 1);
  assert.is(toHex(selected.dfName), B);
  card.assertDone();
  await assertEmvErrorAsync(() => finalSelection(createFakeCard([]).trx, [candidate(A), candidate(B)], async () => undefined), 'EMV_NO_APPLICATION');
});

test.run();
