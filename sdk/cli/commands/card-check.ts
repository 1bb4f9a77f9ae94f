/**
 * `kart card check` (what `kart demo` was before the bakery demo): the demo card in a reader, a card session run
 * through the terminal (select, read the cardholder records and counters, verify the PIN, count one transaction),
 * and the session's APDU trace printed with tag names and status-word meanings (PIN blocks redacted).
 *   --real           the same through the real stack: pcsclite → a private pcscd → vpcd → the virtual card
 *   --pin DIGITS     the PIN the cardholder enters (default the demo card's, 1234)
 *   --record FILE    also write the session as a redacted CBOR recording (replay it, or read it with `kart trace`)
 *   --no-color
 */
import { parseArgs } from 'node:util';
import { createDemoCard } from '../../../card/demo-card.ts';
import { runCardCheck, type CardCheckResult } from '../../../terminal/card-check.ts';
import type { CardReader } from '../../../terminal/hal/card-reader.ts';
import { recordCardReader } from '../../../terminal/hal/record/recording-card-reader.ts';
import { formatApduTrace } from '../../../terminal/trace/apdu-trace.ts';
import { createSimCardReader } from '../../../terminal/hal/sim/sim-card-reader.ts';
import { createTerminal } from '../../create-terminal.ts';
import { CliUsageError, type Command } from '../command.ts';

const SIM_READER = 'Kart Sim Reader 0';

interface Bench {
  readonly reader: CardReader;
  readonly profile: string;
  readonly description: string;
  stop(): Promise<void>;
}

async function simBench(): Promise<Bench> {
  const reader = createSimCardReader({ readers: [SIM_READER] });
  reader.insertCard(SIM_READER, createDemoCard());
  return { reader, profile: 'kart-sim-reader', description: `in-process reader "${SIM_READER}"`, stop: async () => {} };
}

async function realBench(): Promise<Bench> {
  const { startPrivatePcscd } = await import('../../testbench/private-pcscd.ts');
  const { createPcscCardReader } = await import('../../../terminal/hal/pcsc/pcsc-card-reader.ts');
  const pcscd = await startPrivatePcscd();
  try {
    process.env['PCSCLITE_CSOCK_NAME'] = pcscd.socketPath;
    await pcscd.serveCard(createDemoCard());
    const reader = await createPcscCardReader();
    return {
      reader,
      profile: 'virtual-pcd',
      description: `pcsclite → private pcscd (${pcscd.socketPath}${pcscd.quickack ? ', quick-ack loopback' : ''}) → vpcd → virtual card`,
      stop: () => pcscd.stop(),
    };
  } catch (error) {
    await pcscd.stop();
    throw error;
  }
}

function summary(result: CardCheckResult): string {
  const rows: [string, string, string | undefined][] = [
    ['Outcome', 'النتيجة', result.ok ? `${result.outcome}` : `${result.outcome}: ${result.reason}`],
    ['Application', 'التطبيق', result.label],
    ['Cardholder', 'حامل البطاقة', result.cardholderName],
    ['Card number', 'رقم البطاقة', result.panMasked],
    ['Expires', 'تاريخ الانتهاء', result.expiry],
    ['PIN tries left', 'محاولات الرقم السري المتبقية', result.pinTriesLeft?.toString()],
    ['Transaction counter', 'عداد المعاملات', result.atcAfter !== undefined ? `${result.atcBefore ?? '?'} → ${result.atcAfter}` : undefined],
  ];
  // Arabic labels sit in a right-to-left isolate (U+2067 … U+2069) so that a bidi-aware terminal shows them RTL.
  return rows
    .filter(([, , value]) => value !== undefined)
    .map(([en, ar, value]) => `  ${en.padEnd(20)} ${value!.padEnd(28)} \u2067${ar}\u2069`)
    .join('\n');
}

const cardCheck: Command = async (args) => {
  let values;
  try {
    ({ values } = parseArgs({ args, options: { real: { type: 'boolean' }, pin: { type: 'string' }, record: { type: 'string' }, 'no-color': { type: 'boolean' } } }));
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  const color = process.stdout.isTTY === true && !values['no-color'];
  const bench = values.real ? await realBench() : await simBench();
  const reader = values.record ? recordCardReader(bench.reader, values.record, { source: `kart card check (${bench.description})` }) : bench.reader;
  const terminal = createTerminal({ profile: bench.profile, bindings: { cardReader: reader } });
  try {
    process.stdout.write(`Kart card check: ${bench.description}\n`);
    const session = await terminal.acceptCard({ timeoutMs: 10_000 });
    process.stdout.write(`Card in "${session.connection.reader}", protocol ${session.connection.protocol}, ATR ${Buffer.from(session.connection.atr).toString('hex').toUpperCase()}\n\n`);
    const result = await runCardCheck(session.transceive, values.pin ?? '1234');
    await session.close('reset');
    process.stdout.write(formatApduTrace(session.exchanges, { color }));
    process.stdout.write(`\n${summary(result)}\n`);
    if (values.record) process.stdout.write(`\nrecording written to ${values.record} (read it with: npx kart trace ${values.record})\n`);
    return result.ok ? 0 : 1;
  } finally {
    await terminal.close();
    await bench.stop();
  }
};
export default cardCheck;
