/**
 * The `kart` command line. Each command lives in its own module under `sdk/cli/commands/`, loaded only when
 * asked for, so that `kart trace` never loads pcsclite and `kart card serve` never loads the ledger.
 */
import { CliUsageError, type Command } from './command.ts';

const commands: Record<string, { summary: string; load: () => Promise<{ default: Command }> }> = {
  demo: { summary: 'a bakery counter on the test bench: sales by fingerprint and PIN, a decline, the receipt, the trace, the sync', load: () => import('./commands/demo.ts') },
  'card check': { summary: 'run a card session with the demo card and print its APDU trace', load: () => import('./commands/card-check.ts') },
  'card issue': { summary: 'make the cards of a household from a household file', load: () => import('./commands/card-issue.ts') },
  trace: { summary: 'pretty-print a recorded card session', load: () => import('./commands/trace.ts') },
  'ledger serve': { summary: 'run the reference central ledger', load: () => import('./commands/ledger-serve.ts') },
  'card serve': { summary: 'serve a virtual card to pcscd through vpcd (scriptor, pcsc_scan and the terminal then see it)', load: () => import('./commands/card-serve.ts') },
  'bench day': { summary: 'replay a whole bakery day at one terminal, with faults, then reconcile', load: () => import('./commands/bench-day.ts') },
  'bench fleet': { summary: 'replay a fleet of bakery terminals on one ledger, shared households and seeded faults, then reconcile', load: () => import('./commands/bench-fleet.ts') },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  const lines = Object.entries(commands).map(([name, c]) => `  kart ${name.padEnd(width)}  ${c.summary}`);
  return `usage:\n${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  // Two-word commands ("card serve") are looked up before one-word ones.
  const two = argv.slice(0, 2).join(' ');
  const name = commands[two] ? two : argv[0];
  if (!name || name === 'help' || name === '--help' || !commands[name]) {
    process.stdout.write(usage());
    return name && name !== 'help' && name !== '--help' ? 2 : 0;
  }
  const rest = argv.slice(name.split(' ').length);
  const command = (await commands[name]!.load()).default;
  try {
    return (await command(rest)) ?? 0;
  } catch (error) {
    if (error instanceof CliUsageError) {
      process.stderr.write(`kart ${name}: ${error.message}\n`);
      return 2;
    }
    const coded = error as { code?: string; message?: string };
    process.stderr.write(`kart ${name}: ${coded.code ? `${coded.code}: ` : ''}${coded.message ?? String(error)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
// A command has released everything it opened when it returns; a native handle that lingers (pcsclite's status
// thread now and then keeps a closed context alive) must not keep the command line hanging. The timer is unref'd:
// it never delays an exit that happens anyway.
setTimeout(() => process.exit(), 2_000).unref();
