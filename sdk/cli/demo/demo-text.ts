/**
 * How `kart demo` writes: headings, Arabic beside English (each Arabic run in a right-to-left isolate, U+2067 …
 * U+2069, so that a bidi-aware terminal shows it right to left), the receipt framed as paper, the ledger's
 * acknowledgement, and a timer line for the slow steps. No colour unless asked.
 */
import type { UserMessage } from '../../../terminal/errors.ts';
import type { BatchAck } from '../../../terminal/sync/batch-ack.ts';

/** Writes the demo's lines to a stream, coloured or not. */
export class DemoText {
  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly color: boolean,
  ) {}

  private paint(code: string, text: string): string {
    return this.color ? `\u001b[${code}m${text}\u001b[0m` : text;
  }

  line(text = ''): void {
    this.out.write(`${text}\n`);
  }

  heading(step: number, text: string): void {
    this.line();
    this.line(this.paint('1', `${step}. ${text}`));
  }

  ok(text: string): void {
    this.line(`   ${this.paint('32', '✓')} ${text}`);
  }

  declined(text: string): void {
    this.line(`   ${this.paint('31', '✗')} ${text}`);
  }

  note(text: string): void {
    this.line(this.paint('2', `   ${text}`));
  }

  /** A message in both languages, Arabic first. */
  message(m: UserMessage, indent = '     '): void {
    this.line(`${indent}${rtl(m.ar)}`);
    this.line(`${indent}${m.en}`);
  }

  /** The receipt's paper (logical text, as `renderReceiptText` and the sim printer read it) inside a frame. */
  receipt(paper: string, columns: number): void {
    const lines = paper.replace(/\n$/, '').split('\n');
    this.line(`   ┌${'─'.repeat(columns + 2)}┐`);
    for (const text of lines) {
      // Arabic lines are printed right aligned, as on the paper; the isolate lets the terminal order them right to left.
      const arabic = /[\u0600-\u06ff]/.test(text);
      const padded = arabic ? `${' '.repeat(Math.max(0, columns - text.length))}${rtl(text)}` : text.padEnd(columns);
      this.line(`   │ ${padded} │`);
    }
    this.line(`   └${'─'.repeat(columns + 2)}┘`);
  }

  /** Runs `work`, showing the seconds it takes on a terminal; then "done in N s". */
  async timed<T>(label: string, work: Promise<T>): Promise<T> {
    const started = Date.now();
    const seconds = (): string => ((Date.now() - started) / 1000).toFixed(1);
    let ticker: NodeJS.Timeout | undefined;
    if (this.out.isTTY) {
      this.out.write(`   ${label}…`);
      ticker = setInterval(() => this.out.write(`\r   ${label}… ${seconds()} s`), 200);
    }
    try {
      const value = await work;
      if (ticker) this.out.write('\r\u001b[2K');
      this.line(`   ${label}: done in ${seconds()} s`);
      return value;
    } finally {
      clearInterval(ticker);
    }
  }
}

/** An Arabic run in a right-to-left isolate. */
export const rtl = (text: string): string => `\u2067${text}\u2069`;

const SERVICE_NAMES: Readonly<Record<number, string>> = { 1: 'bread (loaves)', 2: 'ration goods (piastres)', 3: 'health (visits)' };

/** What a batch acknowledgement says, for a person. */
export function ackLines(ack: BatchAck): string[] {
  const lines = [
    `batch ${Buffer.from(ack.batchId).toString('hex').slice(0, 16)}…: ${ack.status}${ack.reason === 'OK' ? '' : ` (${ack.reason})`}, stored up to seq ${ack.storedUpToSeq}, durable: ${ack.durable}`,
  ];
  for (const t of ack.totals) {
    const service = SERVICE_NAMES[t.service] ?? `service ${t.service}`;
    lines.push(`  ledger totals: ${service}, ${t.type === 0 ? 'approved' : 'declined'}: ${t.count} record(s), amount ${t.amount}`);
  }
  for (const v of ack.verdicts) lines.push(`  seq ${v.seq} ${v.kind}: ${v.code}`);
  return lines;
}

/** Why `durable: false` matters. */
export const NOT_DURABLE_NOTE =
  'durable: false: the embedded ledger keeps its rows in PGlite in memory, without fsync, so a power cut could lose them. ' +
  'The terminal therefore keeps every record in its journal (acknowledged, not deleted) and re-sends if the ledger ' +
  'comes back without them; only a durable acknowledgement (a ledger on PostgreSQL with fsync) lets it compact them away.';
