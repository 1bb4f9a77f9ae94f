/**
 * Old ration cards in the transaction flow (card/legacy/LEGACY.md): accepted until the household's switch is known,
 * refused afterwards with LEGACY_CARD_SWITCHED and stopped (via the downloaded list, and via this terminal's own
 * earlier unified sale); journaled as record version 2 (card kind 1, the card's counter and balance, no proof). And
 * end to end: a household's first unified bread sale at terminal A, then its old card at terminal B (offline, list
 * not yet downloaded) is accepted at B and flagged by `detectDualUse` over both terminals' journals.
 */
import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { createLegacyRationCard } from '../../../card/legacy/legacy-ration-card.ts';
import type { CardOs } from '../../../card/card-os.ts';
import { detectDualUse } from '../../../terminal/legacy/detect-dual-use.ts';
import type { HouseholdUseRecord } from '../../../terminal/legacy/detect-dual-use.ts';
import { LEGACY_RATION_AID, LegacyCommands, parseLegacyCardFile } from '../../../terminal/legacy/legacy-card-file.ts';
import { SwitchedHouseholds } from '../../../terminal/legacy/switched-households.ts';
import { buildCommandApdu } from '../../../emv/apdu/command-apdu.ts';
import { decodeJournalRecord } from '../../../terminal/schemas/journal-record.ts';
import type { JournalRecord } from '../../../terminal/schemas/journal-record.ts';
import { sellBread } from '../../../terminal/services/bakery-sale.ts';
import { serveBasket } from '../../../terminal/services/grocer-basket.ts';
import type { ServiceBench, ServiceBenchOptions } from './service-fixture.ts';
import { household, serviceBench } from './service-fixture.ts';
import { signedSwitchDelta } from '../legacy/switch-fixture.ts';

const test = suite('terminal/services/legacy-sale', { timeoutMs: 15000 });

/** Rice 2 kg + sugar 1 kg at the terminal's catalogue prices (DEFAULT_PARAMETERS: 1200 and 1250 piastres). */
const BASKET: Array<[number, number]> = [[103, 2], [101, 1]];
const VALUE = 2 * 1200 + 1250;

function oldCard(householdId: Uint8Array, balancePiastres = 20_000): CardOs {
  return createLegacyRationCard({ protocol: 'T=1', personalization: { status: 'active', householdId, rationCardNumber: '100001', beneficiaries: 4, balancePiastres } });
}

/** The old card's file as the card now holds it. */
function fileOf(card: CardOs) {
  card.powerOn();
  card.transmit(buildCommandApdu({ cla: 0, ins: 0xa4, p1: 4, p2: 0, data: LEGACY_RATION_AID, le: 256 }));
  const r = card.transmit(LegacyCommands.readBinary());
  card.powerOff();
  return parseLegacyCardFile(r.slice(0, -2))!;
}

async function records(bench: ServiceBench): Promise<JournalRecord[]> {
  return (await bench.journal.journal.read(1)).filter((r) => r.type === 1).map((r) => decodeJournalRecord(r.body));
}

async function basketAt(bench: ServiceBench, card: CardOs) {
  bench.testbench.insertCard(card);
  try {
    return await serveBasket(bench.runner, { lines: BASKET, points: 'none' });
  } finally {
    bench.testbench.removeCard();
  }
}

async function breadAt(bench: ServiceBench, h: ReturnType<typeof household>) {
  bench.scanner.queue.push(h.fingers[0]!);
  bench.testbench.insertCard(h[0]!.card);
  try {
    return await sellBread(bench.runner, { loaves: 5 });
  } finally {
    bench.testbench.removeCard();
  }
}

const withBench = async (options: ServiceBenchOptions, body: (bench: ServiceBench) => Promise<void>): Promise<void> => {
  const bench = await serviceBench(options);
  try {
    await body(bench);
  } finally {
    await bench.close();
  }
};

test('before the switch: the old card is debited, journaled as v2 card kind 1 with its counter and balance', async () => {
  const h = household();
  const card = oldCard(h[0]!.certificate.subject.householdId);
  await withBench({}, async (bench) => {
    const r = await basketAt(bench, card);
    assert.ok(r.ok, `expected APPROVED, got ${r.outcome}`);
    if (!r.ok) return;
    const value = VALUE;
    assert.equal([r.receipt.cardKind, r.receipt.amount, r.receipt.balanceAfter, r.receipt.atc, r.receipt.cvm], ['legacy', value, 20_000 - value, 1, 0]);
    const [rec] = await records(bench);
    assert.ok(rec!.version === 2 && rec!.cardKind === 1);
    assert.equal([rec!.amount, rec!.debitProof, rec!.version === 2 && rec!.legacyAtc, rec!.version === 2 && rec!.legacyBalanceAfter], [value, null, 1, 20_000 - value]);
    assert.equal(rec!.items, [[101, 1], [103, 2]]);
    assert.equal([fileOf(card).balancePiastres, fileOf(card).status], [20_000 - value, 'active']);
    assert.not.ok(bench.runner.localSwitches.has(h[0]!.certificate.subject.householdId), 'an old-card sale switches nothing');
  });
});

test('after the switch, known from the downloaded list: LEGACY_CARD_SWITCHED, STOP sent, nothing debited', async () => {
  const h = household();
  const householdId = h[0]!.certificate.subject.householdId;
  const list = SwitchedHouseholds.empty();
  list.applyDelta(signedSwitchDelta(0, 1, householdId));
  const card = oldCard(householdId);
  await withBench({ config: { switchedHouseholds: list } }, async (bench) => {
    const r = await basketAt(bench, card);
    assert.is(r.outcome, 'LEGACY_CARD_SWITCHED');
    assert.equal([fileOf(card).status, fileOf(card).balancePiastres], ['stopped', 20_000]);
    const [rec] = await records(bench);
    assert.equal([rec!.code, rec!.amount, rec!.version === 2 && rec!.cardKind], ['LEGACY_CARD_SWITCHED', 0, 1]);
  });
});

test("after the switch, known from this terminal's own unified bread sale: refused and stopped", async () => {
  const h = household();
  const card = oldCard(h[0]!.certificate.subject.householdId);
  await withBench({}, async (bench) => {
    assert.ok((await breadAt(bench, h)).ok);
    assert.ok(bench.runner.localSwitches.has(h[0]!.certificate.subject.householdId));
    assert.is((await basketAt(bench, card)).outcome, 'LEGACY_CARD_SWITCHED');
    assert.is(fileOf(card).status, 'stopped');
  });
});

test('end to end: unified bread at A, then the old card at B (offline, list not downloaded): accepted at B, flagged by detectDualUse', async () => {
  const h = household();
  const householdId = h[0]!.certificate.subject.householdId;
  const card = oldCard(householdId);
  const all: HouseholdUseRecord[] = [];
  const collect = (rs: JournalRecord[]): void => {
    for (const r of rs) {
      all.push({
        terminalId: r.terminalId, terminalSeq: r.terminalSeq, time: r.time, householdId: r.householdId, service: r.service,
        card: r.version === 2 && r.cardKind === 1 ? 'legacy' : 'unified', approved: r.outcome === 0, amountPiastres: r.amount,
      });
    }
  };
  await withBench({ terminalId: 0xa }, async (a) => {
    assert.ok((await breadAt(a, h)).ok);
    collect(await records(a));
  });
  await withBench({ terminalId: 0xb, nowMs: Date.UTC(2026, 2, 15, 9, 0) }, async (b) => {
    const r = await basketAt(b, card);
    assert.ok(r.ok, 'B does not know the switch yet: the old card is served');
    collect(await records(b));
  });
  const flags = detectDualUse(all, { maxOfflineSeconds: 72 * 3600 });
  assert.is(flags.length, 1);
  assert.equal([flags[0]!.terminalId, flags[0]!.amountPiastres, flags[0]!.secondsAfterSwitch, flags[0]!.beyondSyncWindow], [0xb, VALUE, 3600, false]);
});

test.run();
