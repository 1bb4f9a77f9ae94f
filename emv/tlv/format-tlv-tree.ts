import { EmvError } from '../errors.ts';
import { decodeText } from './data-format.ts';
import { decodeTlv } from './decode-tlv.ts';
import { decodeEmvDate, decodeEmvTime } from './emv-date.ts';
import { tagToHex, toHex } from './hex.ts';
import { describeTag, type TagInfo } from './tag-names.ts';
import type { Tlv } from './tlv-node.ts';

/** Options for {@link formatTlvTree}. */
export interface FormatTlvTreeOptions {
  /** Tags whose value (and, if constructed, whole subtree) must not be printed: PIN blocks, keys, biometrics. */
  readonly redact?: (tag: number) => boolean;
  /** Indentation per nesting level (default two spaces). */
  readonly indent?: string;
  /** Tag dictionary (default the EMV one, {@link describeTag}); lets callers add proprietary tags. */
  readonly describe?: (tag: number) => TagInfo | undefined;
}

/**
 * Readable lines for a TLV tree: one per data object, indented by depth, as
 * `TAG Name [length] VALUEHEX` plus `"text"` for a/an/ans values and `(YYYY-MM-DD)` or `(HH:MM:SS)` for
 * n dates and times. A redacted object prints `<redacted N bytes>` instead of its value. Bytes that are not
 * BER-TLV print one line naming the fault; their hex is shown only when no `redact` hook is given, since a
 * hook cannot be applied to what does not decode.
 * @remarks See EMV 4.4 Book 3, Annex A (names and formats) and Annex B (the TLV structure shown).
 */
export function formatTlvTree(input: Uint8Array | readonly Tlv[], options: FormatTlvTreeOptions = {}): string[] {
  let nodes: readonly Tlv[];
  if (input instanceof Uint8Array) {
    try {
      nodes = decodeTlv(input);
    } catch (error) {
      if (!(error instanceof EmvError)) throw error;
      const hex = options.redact ? '' : ` ${toHex(input)}`;
      return [`<not BER-TLV, ${input.length} bytes: ${error.code} at byte ${error.offset ?? 0}>${hex}`];
    }
  } else {
    nodes = input;
  }
  const lines: string[] = [];
  appendLines(nodes, 0, options, lines);
  return lines;
}

function appendLines(nodes: readonly Tlv[], depth: number, options: FormatTlvTreeOptions, lines: string[]): void {
  const pad = (options.indent ?? '  ').repeat(depth);
  const describe = options.describe ?? describeTag;
  for (const node of nodes) {
    const info = describe(node.tag);
    const head = `${pad}${tagToHex(node.tag)} ${info?.name ?? 'Unknown'} [${node.value.length}]`;
    if (options.redact?.(node.tag)) {
      lines.push(`${head} <redacted ${node.value.length} bytes>`);
    } else if (node.children) {
      lines.push(head);
      appendLines(node.children, depth + 1, options, lines);
    } else if (node.value.length === 0) {
      lines.push(head);
    } else {
      lines.push(`${head} ${toHex(node.value)}${readable(node.value, info)}`);
    }
  }
}

function readable(value: Uint8Array, info: TagInfo | undefined): string {
  if (!info) return '';
  try {
    if (info.layout === 'YYMMDD') return ` (${decodeEmvDate(value)})`;
    if (info.layout === 'HHMMSS') return ` (${decodeEmvTime(value)})`;
    if (info.format === 'a' || info.format === 'an' || info.format === 'ans') {
      return ` "${decodeText(info.format, value)}"`;
    }
  } catch (error) {
    if (!(error instanceof EmvError)) throw error;
  }
  return '';
}
