/**
 * The real-stack half of `transaction.bench.ts`, in a child process (libpcsclite reads PCSCLITE_CSOCK_NAME once per
 * process): bakery sales through pcsclite → a private pcscd → vpcd → KARTGOV cards, each card served and removed.
 * Usage: node --import tsx tests/bench/transaction-pcsc.ts <count>. Prints one JSON line: {"samples": [ms...]}
 * (each the sale's wall time from `run` to its durable approval, card insertion excluded).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTerminal } from '../../sdk/create-terminal.ts';
import { startPrivatePcscd } from '../../sdk/testbench/private-pcscd.ts';
import { emptyUsage } from '../../terminal/auth/usage.ts';
import { createPcscCardReader } from '../../terminal/hal/pcsc/pcsc-card-reader.ts';
import { FsJournalStorage } from '../../terminal/journal/fs-journal-storage.ts';
import { sellBread } from '../../terminal/services/bakery-sale.ts';
import { household, serviceBench, TODAY } from '../terminal/services/service-fixture.ts';

const count = Number(process.argv[2] ?? 20);
const pcscd = await startPrivatePcscd();
process.env['PCSCLITE_CSOCK_NAME'] = pcscd.socketPath;
const dir = mkdtempSync(join(tmpdir(), 'kart-tx-bench-'));
try {
  const reader = await createPcscCardReader();
  const bench = await serviceBench({ storage: new FsJournalStorage(dir), terminal: createTerminal({ profile: 'virtual-pcd', bindings: { cardReader: reader } }) });
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const h = household();
    bench.ledger.setHousehold(h[0]!.certificate.subject.householdId, { usage: emptyUsage(TODAY - 1), entitledCards: 1, switched: true });
    bench.scanner.queue.push(h.fingers[0]!);
    const bridge = await pcscd.serveCard(h[0]!.card);
    const started = performance.now();
    const result = await sellBread(bench.runner, { loaves: 5 });
    samples.push(performance.now() - started);
    if (!result.ok) throw new Error(`sale declined: ${result.outcome}`);
    await bridge.close();
    await reader.waitForCardRemoval(pcscd.readerNames[0]!, { timeoutMs: 10_000 });
  }
  await bench.close();
  await reader.close();
  process.stdout.write(JSON.stringify({ samples }) + '\n');
} finally {
  await pcscd.stop();
  rmSync(dir, { recursive: true, force: true });
  setTimeout(() => process.exit(), 500).unref();
}
