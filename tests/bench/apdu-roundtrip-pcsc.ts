/**
 * The real-stack half of `apdu-roundtrip.bench.ts`, run in a child process because libpcsclite reads
 * PCSCLITE_CSOCK_NAME once per process: PcscCardReader → a private pcscd (quick-ack namespace) → vpcd → demo card.
 * Usage: node --import tsx tests/bench/apdu-roundtrip-pcsc.ts <count>. Prints `progress <done> <total>` lines on
 * stderr and one JSON line on stdout: {"samples": [ms...], "quickack": bool, "reason"?: string}.
 */
import { createDemoCard } from '../../card/demo-card.ts';
import { startPrivatePcscd } from '../../sdk/testbench/private-pcscd.ts';
import { createPcscCardReader } from '../../terminal/hal/pcsc/pcsc-card-reader.ts';
import { SELECT_DEMO } from '../terminal/hal/test-card.ts';

const count = Number(process.argv[2] ?? 2_000);
const pcscd = await startPrivatePcscd();
process.env['PCSCLITE_CSOCK_NAME'] = pcscd.socketPath;
try {
  const reader = await createPcscCardReader();
  const bridge = await pcscd.serveCard(createDemoCard());
  const name = pcscd.readerNames[0]!;
  await reader.waitForCard(name, { timeoutMs: 5_000 });
  const connection = await reader.connect(name);
  for (let i = 0; i < 50; i += 1) await connection.transmit(SELECT_DEMO); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    await connection.transmit(SELECT_DEMO);
    samples.push(performance.now() - started);
    if (i % 100 === 99) process.stderr.write(`progress ${i + 1} ${count}\n`);
  }
  await connection.disconnect();
  await reader.close();
  await bridge.close();
  const result = pcscd.reason ? { samples, quickack: pcscd.quickack, reason: pcscd.reason } : { samples, quickack: pcscd.quickack };
  process.stdout.write(JSON.stringify(result) + '\n');
} finally {
  await pcscd.stop();
  setTimeout(() => process.exit(), 500).unref(); // see pcsc-card-reader.test.ts: a native handle may linger
}
