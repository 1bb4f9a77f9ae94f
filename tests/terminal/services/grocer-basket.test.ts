/**
 * The grocer's basket with bread points: the terminal sends its rules engine's split (DF36 = the points part), the
 * card signs it in its version 2+ debit proof, the journal record's amount is the proof's (the entitlement part) and
 * the receipt shows both parts. Points first, a chosen amount, none; asking more points than are left is
 * POINTS_INSUFFICIENT, from the engine, and from the card (9D0D) when only the card knows.
 */
import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { entitlementLoadCodec } from '../../../card/gov/entitlement-load.ts';
import { monthOfDay } from '../../../card/gov/gov-date.ts';
import { EXAMPLE_RATION_CATALOGUE } from '../../../card/gov/issue-household.ts';
import type { IssuedCard } from '../../../card/gov/issue-household.ts';
import { decodeDebitProof, rationSplitOf } from '../../../terminal/schemas/debit-proof.ts';
import { decodeJournalRecord } from '../../../terminal/schemas/journal-record.ts';
import type { PointsChoice } from '../../../terminal/auth/auth-types.ts';
import { serveBasket } from '../../../terminal/services/grocer-basket.ts';
import { declineForCardStatus } from '../../../terminal/services/service-declines.ts';
import type { TransactionResult } from '../../../terminal/services/transaction-types.ts';
import { household, ISSUE_DAY, serviceBench, testIssuer } from './service-fixture.ts';

const test = suite('terminal/services/grocer-basket', { timeoutMs: 15000 });

const POINTS = 3000;
/** Rice 2 kg (2400) + sugar 2 kg (2520) = 4920 piastres. */
const BASKET: Array<[number, number]> = [[3, 2], [1, 2]];
const VALUE = 2 * 1200 + 2 * 1260;

/** Credits `points` bread points on the card for the issue month (an issuer load, sequence 2). */
function withPoints(card: IssuedCard, points: number): void {
  const load = entitlementLoadCodec.encode(entitlementLoadCodec.sign({
    magic: 'kart-gov-load', version: 1, cardId: card.cardId, sequence: 2, month: monthOfDay(ISSUE_DAY), beneficiaries: 4,
    rationPiastres: 20_000, pointsPiastres: points, items: [...EXAMPLE_RATION_CATALOGUE],
  }, testIssuer().issuerKey));
  const os = card.card;
  os.powerOn();
  const send = (apdu: number[]): number => {
    const r = os.transmit(Uint8Array.from(apdu));
    return (r[r.length - 2]! << 8) | r[r.length - 1]!;
  };
  assert.is(send([0x00, 0xa4, 0x04, 0x00, 8, 0xf0, 0x4b, 0x41, 0x52, 0x54, 0x47, 0x4f, 0x56, 0]), 0x9000);
  // LOAD ENTITLEMENTS 80 D4 00 00 Lc DF52 L <load> (extended length: the load is over 255 bytes with its signature).
  const tlv = [0xdf, 0x52, 0x81, load.length, ...load];
  assert.is(send([0x80, 0xd4, 0x00, 0x00, 0x00, tlv.length >> 8, tlv.length & 0xff, ...tlv]), 0x9000);
  os.powerOff();
}

async function serve(points: PointsChoice, credit = POINTS): Promise<{ result: TransactionResult; record: ReturnType<typeof decodeJournalRecord> }> {
  const h = household();
  withPoints(h[0]!, credit);
  const bench = await serviceBench({ ledgerOnline: true });
  try {
    bench.scanner.queue.push(h.fingers[0]!);
    bench.testbench.insertCard(h[0]!.card);
    const result = await serveBasket(bench.runner, { lines: BASKET, points });
    const records = (await bench.journal.journal.read(1)).filter((r) => r.type === 1).map((r) => decodeJournalRecord(r.body));
    assert.is(records.length, 1);
    return { result, record: records[0]! };
  } finally {
    await bench.close();
  }
}

const cases: Array<[string, PointsChoice, number]> = [
  ['points first: all 3000 points, the rest from the entitlement', 'first', POINTS],
  ['a chosen amount of points (1000)', { piastres: 1000 }, 1000],
  ['no points', 'none', 0],
];
for (const [name, choice, points] of cases) {
  test(`${name}: DF36 sent, the card signs the split, record amount = proof amount, receipt shows both`, async () => {
    const { result, record } = await serve(choice);
    assert.ok(result.ok, `expected APPROVED, got ${result.outcome}`);
    if (!result.ok) return;
    const proof = decodeDebitProof(record.debitProof!);
    const split = rationSplitOf(proof);
    assert.equal([split.valuePiastres, split.entitlementPiastres, split.pointsPiastres], [VALUE, VALUE - points, points]);
    assert.is(record.amount, proof.amount);
    assert.is(record.amount, VALUE - points);
    assert.equal([result.receipt.amount, result.receipt.pointsPiastres], [VALUE - points, points]);
    assert.equal(result.receipt.items, [[1, 2], [3, 2]]);
  });
}

test('more points than the card holds: POINTS_INSUFFICIENT, journaled, nothing debited', async () => {
  const { result, record } = await serve({ piastres: POINTS + 1 });
  assert.not.ok(result.ok);
  assert.is(result.outcome, 'POINTS_INSUFFICIENT');
  assert.equal([record.code, record.amount, record.debitProof], ['POINTS_INSUFFICIENT', 0, null]);
  // When only the card knows (its points moved since the engine read them), its 9D0D is the same decline.
  assert.is(declineForCardStatus(0x9d0d), 'POINTS_INSUFFICIENT');
});

test.run();
