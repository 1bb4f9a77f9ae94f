/**
 * CardPaymentJournal: a record resolves only after the journal's append; an append that throws is reported, never
 * thrown, and the record is kept (an approval as a NOT_JOURNALED decline with its TC) and appended, in order,
 * before the next record once the journal works again.
 */
import * as assert from 'uvu/assert';
import { CardPaymentJournal, NOT_JOURNALED, type PaymentJournalSink } from '../../../terminal/payment/card-payment-journal.ts';
import { TerminalError } from '../../../terminal/errors.ts';
import { CARD_PAYMENT_RECORD_TYPE, CRYPTOGRAM_TYPE, decodeCardPaymentRecord, PAYMENT_OUTCOME } from '../../../terminal/schemas/card-payment-record.ts';
import { suite } from '../../support/suite.ts';
import { VECTORS } from './make-card-payment-vectors.ts';
import { memoryJournal } from './payment-counter.ts';

const test = suite('terminal/payment/card-payment-journal');
const approved = VECTORS['card-payment-offline-tc.json']!.value;
const declined = VECTORS['card-payment-declined.json']!.value;

/** The journal, with appends failing while `failing` is set. */
async function flakyJournal() {
  const journal = await memoryJournal();
  const state = { failing: false, calls: 0 };
  const sink: PaymentJournalSink = {
    append: (entry) => {
      state.calls++;
      if (state.failing) return Promise.reject(new TerminalError('TERM_JOURNAL_IO', 'disk gone (test)'));
      return journal.append(entry);
    },
  };
  return { journal, state, payments: new CardPaymentJournal(sink) };
}

test('a record is durable when record() resolves: type 6, the body decodes to the record', async () => {
  const { journal, payments } = await flakyJournal();
  const result = await payments.record(approved, 1_774_000_000_000);
  assert.equal(result, { ok: true, seq: 1 });
  const [frame] = await journal.read(1, 1);
  assert.is(frame!.type, CARD_PAYMENT_RECORD_TYPE);
  assert.equal(decodeCardPaymentRecord(frame!.body), approved);
});

test('append throws: reported (not thrown), the approval kept as a NOT_JOURNALED decline with its TC, appended first next time', async () => {
  const { journal, state, payments } = await flakyJournal();
  state.failing = true;
  const result = await payments.record(approved, 1_774_000_000_000);
  assert.is(result.ok, false);
  assert.is(((result as { error: TerminalError }).error).code, 'TERM_JOURNAL_IO');
  assert.equal(payments.pending.map((r) => [r.outcome, r.code, r.cryptogramType]), [[PAYMENT_OUTCOME.DECLINED, NOT_JOURNALED, CRYPTOGRAM_TYPE.TC]]);
  assert.equal(payments.pending[0]!.cryptogram, approved.cryptogram, 'the card\'s TC is kept byte for byte');
  assert.is(journal.state.lastSeq, 0, 'nothing written');
  // Still failing: the next record is kept too, behind the first.
  await payments.record(declined, 1_774_000_060_000);
  assert.is(payments.pending.length, 2);
  state.failing = false;
  const next = await payments.record(approved, 1_774_000_120_000);
  assert.equal(next, { ok: true, seq: 3 });
  assert.is(payments.pending.length, 0);
  const codes = (await journal.read(1, 3)).map((f) => decodeCardPaymentRecord(f.body).code);
  assert.equal(codes, [NOT_JOURNALED, 'ISSUER_DECLINED', 'APPROVED'], 'kept records first, in order');
});

test('flush() appends the kept records and stops at the first failure, keeping the rest', async () => {
  const { journal, state, payments } = await flakyJournal();
  state.failing = true;
  await payments.record(approved, 1);
  await payments.record(declined, 2);
  try {
    await payments.flush();
    assert.unreachable('flush must throw while the journal fails');
  } catch (error) {
    assert.is((error as TerminalError).code, 'TERM_JOURNAL_IO');
  }
  state.failing = false;
  assert.is(await payments.flush(), 2);
  assert.is(journal.state.lastSeq, 2);
  assert.is(await payments.flush(), 0);
});

test.run();
