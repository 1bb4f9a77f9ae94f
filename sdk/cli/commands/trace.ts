/**
 * `kart trace FILE [--no-color] [--json]`: pretty-prints a recorded card session (a file written by
 * `recordCardReader`), redacted whatever the recording holds. `--json` prints the same entries as JSON.
 */
import { readFileSync } from 'node:fs';
import { CliUsageError, type Command } from '../command.ts';
import { readRecording } from '../../../terminal/hal/record/read-recording.ts';
import { formatApduTrace } from '../../../terminal/trace/apdu-trace.ts';
import { traceEntries } from '../../../terminal/trace/trace-entries.ts';
import { KART_CARD_TRACE_NAMES } from '../../../terminal/trace/kart-card-trace-names.ts';

const USAGE = 'usage: kart trace FILE [--no-color] [--json]';

const trace: Command = async (args) => {
  let file: string | undefined;
  let color = process.stdout.isTTY === true && !process.env['NO_COLOR'];
  let json = false;
  for (const arg of args) {
    if (arg === '--no-color') color = false;
    else if (arg === '--json') json = true;
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    } else if (arg.startsWith('-')) throw new CliUsageError(`unknown option ${arg}\n${USAGE}`);
    else if (file === undefined) file = arg;
    else throw new CliUsageError(`one file at a time\n${USAGE}`);
  }
  if (file === undefined) throw new CliUsageError(`no recording given\n${USAGE}`);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as Error).message}`);
  }
  const recording = readRecording(bytes);
  if (json) {
    const entries = traceEntries(recording, KART_CARD_TRACE_NAMES);
    process.stdout.write(`${JSON.stringify({ header: recording.header, entries }, null, 2)}\n`);
  } else {
    // KARTGOV's and KARTPAY's names, each while its applet is selected; EMV's everywhere.
    process.stdout.write(formatApduTrace(recording, { color, names: KART_CARD_TRACE_NAMES }));
  }
  return 0;
};
export default trace;
