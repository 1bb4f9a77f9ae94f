/**
 * One APDU data field as trace lines: a TLV tree with EMV tag names (`emv/tlv` `formatTlvTree`) when it parses
 * as BER-TLV, else hex, 16 bytes a line. Redacted spans print as `<redacted: PIN block, 8 bytes>` either way.
 */
import { EmvError } from '../../emv/errors.ts';
import { decodeTlv } from '../../emv/tlv/decode-tlv.ts';
import { formatTlvTree } from '../../emv/tlv/format-tlv-tree.ts';
import { describeTag, type TagInfo } from '../../emv/tlv/tag-names.ts';
import { redactedHexItems, redactionMarker, type RedactedBytes, type Redaction } from '../hal/redaction/redact.ts';
import { findTlvSpans, type TlvSpan } from '../hal/redaction/tlv-spans.ts';
import type { TraceNames } from './trace-names.ts';

const BYTES_PER_LINE = 16;

// See ISO/IEC 7816-11, tables 2 to 4: the biometric templates redaction talks about, named in traces too.
const ISO_7816_TAGS: ReadonlyMap<number, TagInfo> = new Map(
  (
    [
      [0x7f61, 'Biometric Information Group Template', true],
      [0x7f60, 'Biometric Information Template', true],
      [0x7f2e, 'Biometric Data Template', true],
      [0x5f2e, 'Biometric Data Block', false],
    ] as const
  ).map(([tag, name, constructed]) => [tag, { name, format: 'b', source: 'card', constructed }]),
);

const standardTag = (tag: number): TagInfo | undefined => describeTag(tag) ?? ISO_7816_TAGS.get(tag);

/**
 * Lines for `redacted.bytes[start, end)`; `tree` false forces hex (data that is never TLV, such as a name).
 * `names` adds an applet's proprietary tags (asked first).
 */
export function formatTraceData(redacted: RedactedBytes, start: number, end: number, tree: boolean, names: TraceNames = {}): string[] {
  if (end <= start) return [];
  const inside = redacted.redactions.filter((r) => r.offset < end && r.offset + r.length > start);
  const whole = inside.find((r) => r.offset <= start && r.offset + r.length >= end);
  if (whole) return [redactionMarker({ label: whole.label, length: end - start })];
  if (tree) {
    const extra = names.describeTag;
    const describe = extra ? (tag: number) => extra(tag) ?? standardTag(tag) : standardTag;
    const lines = treeLines(redacted.bytes, start, end, inside, describe);
    if (lines) return lines;
  }
  const items = redactedHexItems(redacted, start, end);
  const lines: string[] = [];
  for (let i = 0; i < items.length; i += BYTES_PER_LINE) lines.push(items.slice(i, i + BYTES_PER_LINE).join(' '));
  return lines;
}

/** The TLV tree, or undefined when the bytes are not TLV or a redacted span is not exactly one value. */
function treeLines(
  bytes: Uint8Array, start: number, end: number, redactions: readonly Redaction[], describe: (tag: number) => TagInfo | undefined,
): string[] | undefined {
  const data = bytes.subarray(start, end);
  try {
    decodeTlv(data);
  } catch (error) {
    if (error instanceof EmvError) return undefined;
    throw error;
  }
  const spans = findTlvSpans(bytes, start, end);
  if (!spans) return undefined;
  // Which tags to hide, and under which label: the nodes whose value is exactly a redacted span.
  const labels = new Map<number, string>();
  let matched = 0;
  const visit = (nodes: readonly TlvSpan[]): void => {
    for (const node of nodes) {
      const hit = redactions.find((r) => r.offset === node.valueOffset && r.length === node.valueLength);
      if (hit) {
        labels.set(node.tag, hit.label);
        matched++;
      } else if (node.children) {
        visit(node.children);
      }
    }
  };
  visit(spans);
  if (matched < redactions.length) return undefined;
  const lines = formatTlvTree(data, { redact: (tag) => labels.has(tag), describe });
  // formatTlvTree prints "<redacted N bytes>"; the trace names what was hidden.
  return lines.map((line) => {
    const tag = /^\s*([0-9A-F]+) /.exec(line)?.[1];
    const label = tag === undefined ? undefined : labels.get(parseInt(tag, 16));
    return label === undefined ? line : line.replace(/<redacted (\d+) bytes>/, (_, n: string) => redactionMarker({ label, length: Number(n) }));
  });
}

