/**
 * The readable APDU trace: one block per exchange (command name, CLA INS P1 P2 Lc Le, data as a TLV tree with
 * EMV tag names or hex, the response likewise, the status word and its meaning, the timing), and one line per
 * other call or reader event. Redacted spans print as `<redacted: PIN block, 8 bytes>`.
 */
import type { Recording } from '../hal/record/recording-format.ts';
import { traceEntries, type LiveExchange, type TraceEntry } from './trace-entries.ts';
import type { TraceNames, TraceNamesTracker } from './trace-names.ts';

export interface ApduTraceOptions {
  /** ANSI colours (default false). */
  readonly color?: boolean;
  /**
   * An applet's proprietary tag and command names (e.g. `KARTGOV_TRACE_NAMES`), asked before the EMV ones; or names
   * that follow the selected applet (`namesBySelectedApplet`, e.g. `KART_CARD_TRACE_NAMES`).
   */
  readonly names?: TraceNames | (() => TraceNamesTracker);
}

const ANSI = { dim: '2', bold: '1', cyan: '36', green: '32', yellow: '33', red: '31', magenta: '35' } as const;
type Paint = (style: keyof typeof ANSI, text: string) => string;

const hex2 = (n: number): string => n.toString(16).toUpperCase().padStart(2, '0');
const ms = (us: number | undefined): string => (us === undefined ? '' : `${(us / 1000).toFixed(3)} ms`);

/** Renders a recording, or live exchanges, as trace text (a header line for a recording, then one block per entry). */
export function formatApduTrace(input: Recording | readonly LiveExchange[], options: ApduTraceOptions = {}): string {
  const paint: Paint = options.color ? (style, text) => `\u001b[${ANSI[style]}m${text}\u001b[0m` : (_, text) => text;
  const out: string[] = [];
  if ('header' in input) {
    const h = input.header;
    out.push(paint('bold', `Card session recorded ${h.created} from ${h.source} (${h.redacted ? 'redacted' : 'NOT redacted'})`));
    if (h.notice) out.push(paint('red', h.notice));
    out.push('');
  }
  for (const entry of traceEntries(input, options.names)) out.push(...formatEntry(entry, paint));
  return out.join('\n') + '\n';
}

/** The lines of one entry. */
export function formatEntry(entry: TraceEntry, paint: Paint = (_, t) => t): string[] {
  const stamp = paint('dim', `#${String(entry.step).padEnd(4)} ${ms(entry.at).padStart(12)}`);
  const took = entry.dur === undefined ? '' : paint('dim', ` (${ms(entry.dur)})`);
  const failed = entry.error ? [`      ${paint('red', `✗ ${entry.error.code}: ${entry.error.message}`)}`] : [];
  if (entry.kind === 'note') return [`${stamp}  ${entry.text}${took}`, ...failed];
  const c = entry.command;
  const header = [`CLA ${hex2(c.cla)}`, `INS ${hex2(c.ins)}`, `P1 ${hex2(c.p1)}`, `P2 ${hex2(c.p2)}`];
  if (c.lc !== undefined) header.push(`Lc ${c.lc}`);
  if (c.le !== undefined) header.push(`Le ${c.le}`);
  const marked = (line: string): string => line.replace(/<redacted: [^>]*>/g, (m) => paint('magenta', m));
  const lines = [
    `${stamp}  ${paint('dim', `connection ${entry.conn}`)}${took}`,
    `  → ${paint('cyan', paint('bold', c.name))}  ${header.join(' ')}`,
    ...c.data.map((line) => `      ${marked(line)}`),
  ];
  const r = entry.response;
  if (r) {
    const colour = r.swCategory === 'normal' ? 'green' : r.swCategory === 'warning' ? 'yellow' : 'red';
    lines.push(`  ← ${paint(colour, r.sw)}  ${r.swMeaning}`, ...r.data.map((line) => `      ${marked(line)}`));
  }
  return [...lines, ...failed, ''];
}
