/**
 * The debit's ordering contract: the intent is durable before the DEBIT reaches the card, and the approval record
 * is durable (fdatasync returned) before the approval is shown (`onApproved`) or returned. A journal that fails
 * after the card debited shows nothing, and the sale is completed at the next insertion from the card's log.
 */
import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { createTestbench } from '../../../sdk/create-testbench.ts';
import type { JournalFile, JournalStorage } from '../../../terminal/journal/journal-file.ts';
import { PowerLossStorage } from '../../../terminal/journal/power-loss-storage.ts';
import { emptyUsage } from '../../../terminal/auth/usage.ts';
import { sellBread } from '../../../terminal/services/bakery-sale.ts';
import { household, serviceBench, TODAY } from './service-fixture.ts';

const test = suite('terminal/services/debit-card', { timeoutMs: 15000 });

/** Records appends, fdatasyncs, the card's DEBIT and the approval shown, in order; can fail the next datasync. */
function recordingStorage(inner: JournalStorage, events: string[]): JournalStorage & { failNextSync: boolean } {
  const wrap = (file: JournalFile): JournalFile => ({
    get size() { return file.size; },
    read: (p, l) => file.read(p, l),
    truncate: (l) => file.truncate(l),
    close: () => file.close(),
    append: async (bytes) => { events.push('append'); await file.append(bytes); },
    datasync: async () => {
      if (storage.failNextSync) {
        storage.failNextSync = false;
        events.push('datasync-failed');
        throw new Error('EIO (test)');
      }
      await file.datasync();
      events.push('datasync');
    },
  });
  const storage = {
    failNextSync: false,
    exists: (n: string) => inner.exists(n),
    open: async (n: string) => wrap(await inner.open(n)),
    create: async (n: string) => wrap(await inner.create(n)),
    rename: (a: string, b: string) => inner.rename(a, b),
    remove: (n: string) => inner.remove(n),
    syncDir: () => inner.syncDir(),
  };
  return storage;
}

function debitWatcher<T extends { transmit(c: Uint8Array): Uint8Array }>(card: T, onDebit: () => void): T {
  const transmit = card.transmit.bind(card);
  return Object.assign(Object.create(card) as T, {
    transmit: (c: Uint8Array) => {
      if (c[0] === 0x80 && c[1] === 0xde) onDebit();
      return transmit(c);
    },
  });
}

test('intent durable before the DEBIT; approval record durable before the approval is shown or returned', async () => {
  const events: string[] = [];
  const storage = recordingStorage(new PowerLossStorage({ seed: 3 }), events);
  const bench = await serviceBench({ storage, config: { onApproved: () => events.push('approved') } });
  try {
    const h = household();
    bench.ledger.setHousehold(h[0]!.certificate.subject.householdId, { usage: emptyUsage(TODAY - 1), entitledCards: 1, switched: true });
    bench.testbench.insertCard(debitWatcher(h[0]!.card, () => events.push('DEBIT')));
    bench.scanner.queue.push(h.fingers[0]!);
    events.length = 0;
    const result = await sellBread(bench.runner, { loaves: 5 });
    events.push('returned');
    assert.ok(result.ok);
    assert.equal(events, ['append', 'datasync', 'DEBIT', 'append', 'datasync', 'approved', 'returned']);
  } finally {
    await bench.close();
  }
});

test('the journal fails after the card debited: no approval shown, TERM_JOURNAL_IO; completed at the next insertion', async () => {
  const events: string[] = [];
  const disk = new PowerLossStorage({ seed: 4 });
  const storage = recordingStorage(disk, events);
  const testbench = createTestbench();
  const first = await serviceBench({ storage, testbench });
  const h = household();
  const hid = h[0]!.certificate.subject.householdId;
  first.ledger.setHousehold(hid, { usage: emptyUsage(TODAY - 1), entitledCards: 1, switched: true });
  testbench.insertCard(debitWatcher(h[0]!.card, () => (storage.failNextSync = true)));
  first.scanner.queue.push(h.fingers[0]!);
  const error = await sellBread(first.runner, { loaves: 5 }).then(() => undefined, (e: unknown) => e);
  assert.is((error as { code?: string }).code, 'TERM_JOURNAL_IO');
  assert.is(first.approvals.length, 0, 'nothing shown');
  disk.powerCut();
  await first.close();
  testbench.removeCard();
  const second = await serviceBench({ storage: disk, testbench });
  try {
    second.ledger.setHousehold(hid, { usage: emptyUsage(TODAY - 1), entitledCards: 1, switched: true });
    testbench.insertCard(h[0]!.card);
    const result = await sellBread(second.runner, { loaves: 5 });
    assert.ok(result.ok && result.recovered && result.receipt.amount === 5 && result.receipt.atc === 1);
    assert.is(second.approvals.length, 1);
  } finally {
    await second.close();
    await testbench.close();
  }
});

test.run();
