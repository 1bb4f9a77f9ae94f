/**
 * Redaction, the single place that applies `redaction-rules.ts`: the recorder calls it before a byte reaches a
 * file, the trace before a byte reaches the screen, and loggers through `redactApduForLog` and `redactLogText`.
 * A redacted span keeps its offset and length and loses its bytes (zero-filled), so a redacted APDU keeps its
 * shape: same header, same Lc and Le, same TLV structure.
 */
import { EmvError } from '../../../emv/errors.ts';
import { parseCommandApdu, type ParsedCommandApdu } from '../../../emv/apdu/parse-command-apdu.ts';
import { describeTag } from '../../../emv/tlv/tag-names.ts';
import { redactNationalIdsInText } from './national-id.ts';
import { DEFAULT_REDACTION_RULES, type RedactionRules } from './redaction-rules.ts';
import { findTlvSpans, type TlvSpan } from './tlv-spans.ts';

/** One hidden span: `length` bytes from `offset`, which were `label` (a PIN block, a key...). */
export interface Redaction {
  readonly offset: number;
  readonly length: number;
  readonly label: string;
}

/** Bytes with their redacted spans zero-filled, and the list of those spans in offset order. */
export interface RedactedBytes {
  readonly bytes: Uint8Array;
  readonly redactions: readonly Redaction[];
}

/** Finds what to hide in a command APDU (command rules, then tag and value rules on its data field). */
export function redactCommandApdu(capdu: Uint8Array, rules: RedactionRules = DEFAULT_REDACTION_RULES): RedactedBytes {
  const fields = commandFields(capdu);
  if (!fields || fields.data.length === 0) return apply(capdu, []);
  const start = fields.extended ? 7 : 5;
  const end = start + fields.data.length;
  const data = fields.data;
  for (const rule of rules.commands) {
    if (!rule.ins.includes(fields.ins)) continue;
    if (rule.p2 && !rule.p2.includes(fields.p2)) continue;
    if (rule.dataPrefix && !rule.dataPrefix.every((byte, i) => data[i] === byte)) continue;
    return apply(capdu, [{ offset: start, length: data.length, label: rule.label }]);
  }
  return apply(capdu, findInData(capdu, start, end, rules));
}

/**
 * Finds what to hide in a response APDU (its data field; the status word is never hidden). `capdu` is the
 * command it answers: a GET DATA for a listed tag hides a bare value that carries no tag of its own.
 */
export function redactResponseApdu(
  rapdu: Uint8Array,
  capdu?: Uint8Array,
  rules: RedactionRules = DEFAULT_REDACTION_RULES,
): RedactedBytes {
  const end = rapdu.length - 2;
  if (end <= 0) return apply(rapdu, []);
  const fields = capdu ? commandFields(capdu) : undefined;
  // See ISO/IEC 7816-4, 11.4.3: GET DATA (CA/CB) with P1-P2 naming the tag asked for.
  if (fields && (fields.ins === 0xca || fields.ins === 0xcb)) {
    const asked = fields.p1 * 256 + fields.p2;
    const rule = rules.tags.find((r) => r.tag === asked && !r.within);
    const spans = findTlvSpans(rapdu, 0, end);
    if (rule && (!spans || spans[0]!.tag !== asked)) return apply(rapdu, [{ offset: 0, length: end, label: rule.label }]);
  }
  return apply(rapdu, findInData(rapdu, 0, end, rules));
}

/** The command's fields, or undefined for bytes that are no command APDU (nothing is then hidden by command). */
function commandFields(capdu: Uint8Array): ParsedCommandApdu | undefined {
  try {
    return parseCommandApdu(capdu);
  } catch (error) {
    if (error instanceof EmvError) return undefined;
    throw error;
  }
}

/** The first tag rule for `tag` nested in `parent`, or a name rule matching its dictionary name. */
function tagRuleFor(rules: RedactionRules, tag: number, parent: number | undefined): { label: string } | undefined {
  const byTag = rules.tags.find((r) => r.tag === tag && (!r.within || (parent !== undefined && r.within.includes(parent))));
  if (byTag) return byTag;
  const name = describeTag(tag)?.name;
  return name === undefined ? undefined : rules.tagNames.find((r) => r.pattern.test(name) && !r.except?.test(name));
}

function findInData(bytes: Uint8Array, start: number, end: number, rules: RedactionRules): Redaction[] {
  const spans = findTlvSpans(bytes, start, end);
  if (!spans) {
    const rule = rules.values.find((r) => r.test(bytes.subarray(start, end)));
    return rule ? [{ offset: start, length: end - start, label: rule.label }] : [];
  }
  const found: Redaction[] = [];
  const visit = (nodes: readonly TlvSpan[], parents: readonly number[]): void => {
    for (const node of nodes) {
      const value = bytes.subarray(node.valueOffset, node.valueOffset + node.valueLength);
      const tagRule = tagRuleFor(rules, node.tag, parents[parents.length - 1]);
      const rule = tagRule ?? (node.children ? undefined : rules.values.find((r) => r.test(value)));
      if (rule && node.valueLength > 0) found.push({ offset: node.valueOffset, length: node.valueLength, label: rule.label });
      else if (node.children) visit(node.children, [...parents, node.tag]);
    }
  };
  visit(spans, []);
  return found;
}

function apply(bytes: Uint8Array, redactions: Redaction[]): RedactedBytes {
  const out = Uint8Array.from(bytes);
  for (const r of redactions) out.fill(0, r.offset, r.offset + r.length);
  return { bytes: out, redactions };
}

/**
 * Zero-fills the union of two span lists (the spans a recording carries and those today's rules find), merging
 * overlaps; a merged span keeps the first label.
 */
export function mergeRedactions(bytes: Uint8Array, a: readonly Redaction[], b: readonly Redaction[]): RedactedBytes {
  const merged: Redaction[] = [];
  for (const r of [...a, ...b].sort((x, y) => x.offset - y.offset)) {
    const last = merged[merged.length - 1];
    if (last && r.offset < last.offset + last.length) {
      const end = Math.max(last.offset + last.length, r.offset + r.length);
      merged[merged.length - 1] = { ...last, length: end - last.offset };
    } else {
      merged.push({ ...r });
    }
  }
  return apply(bytes, merged);
}

/** The marker printed in place of a redacted span: `<redacted: PIN block, 8 bytes>`. */
export function redactionMarker(redaction: Pick<Redaction, 'label' | 'length'>): string {
  return `<redacted: ${redaction.label}, ${redaction.length} byte${redaction.length === 1 ? '' : 's'}>`;
}

/**
 * Hex of `bytes[start, end)` with each redacted span shown as its marker:
 * `00 20 00 80 08 <redacted: PIN block, 8 bytes>`.
 */
export function formatRedactedHex(redacted: RedactedBytes, start = 0, end = redacted.bytes.length): string {
  return redactedHexItems(redacted, start, end).join(' ');
}

/** The items `formatRedactedHex` joins: one per shown byte, one per (clipped) redacted span. */
export function redactedHexItems(redacted: RedactedBytes, start = 0, end = redacted.bytes.length): string[] {
  const items: string[] = [];
  let pos = start;
  for (const r of redacted.redactions) {
    const rEnd = r.offset + r.length;
    if (rEnd <= start || r.offset >= end) continue;
    for (; pos < r.offset; pos++) items.push(hexByte(redacted.bytes[pos]!));
    items.push(redactionMarker({ label: r.label, length: Math.min(rEnd, end) - Math.max(r.offset, start) }));
    pos = Math.min(rEnd, end);
  }
  for (; pos < end; pos++) items.push(hexByte(redacted.bytes[pos]!));
  return items;
}

function hexByte(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}

/** A command or response APDU as a log may print it: hex with the secret parts replaced by markers. */
export function redactApduForLog(apdu: Uint8Array, direction: 'command' | 'response', capdu?: Uint8Array): string {
  return formatRedactedHex(direction === 'command' ? redactCommandApdu(apdu) : redactResponseApdu(apdu, capdu));
}

/** A free-text log line with any national ID number replaced by a marker. */
export function redactLogText(text: string): string {
  return redactNationalIdsInText(text);
}

/**
 * An error message as a recording or trace may keep it: national ID numbers, and hex runs of 4 bytes or more
 * (`24123 4FF...`, `24 12 34 FF`: they may quote APDU bytes, PIN blocks included), replaced by markers.
 */
export function redactErrorMessage(message: string): string {
  return redactLogText(message)
    .replace(/\b[0-9A-Fa-f]{8,}\b/g, '<hex>')
    .replace(/\b(?:[0-9A-Fa-f]{2}[ :]){3,}[0-9A-Fa-f]{2}\b/g, '<hex>');
}
