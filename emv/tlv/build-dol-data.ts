import type { DataFormat } from './data-format.ts';
import { concatBytes } from './encode-tlv.ts';
import type { DolEntry } from './parse-dol.ts';
import { describeTag } from './tag-names.ts';
import { isConstructedTag } from './tlv-node.ts';

/** Where DOL values come from: a map of tag → value, or a lookup returning `undefined` when absent. */
export type DolDataSource = ReadonlyMap<number, Uint8Array> | ((tag: number) => Uint8Array | undefined);

/** Options for {@link buildDolData}. */
export interface BuildDolDataOptions {
  /** Format of a tag, overriding the EMV dictionary (for proprietary tags); `undefined` → dictionary, else `b`. */
  readonly formatOf?: (tag: number) => DataFormat | undefined;
}

/**
 * Builds the DOL-related data string for a DOL: each entry's value from `source`, fitted to the entry's length.
 * Constructed tags and values the source lacks give zero bytes. A longer value is truncated: format `n` loses
 * its leftmost bytes, any other format its rightmost. A shorter one is padded: `n` with leading `00`, `cn`
 * with trailing `FF`, any other format with trailing `00`.
 * @remarks See EMV 4.4 Book 3, 5.4 (Rules for Using a Data Object List).
 */
export function buildDolData(dol: readonly DolEntry[], source: DolDataSource, options: BuildDolDataOptions = {}): Uint8Array {
  const lookup = typeof source === 'function' ? source : (tag: number) => source.get(tag);
  return concatBytes(dol.map((entry) => fitValue(entry, lookup(entry.tag), formatOf(entry.tag, options))));
}

function formatOf(tag: number, options: BuildDolDataOptions): DataFormat {
  return options.formatOf?.(tag) ?? describeTag(tag)?.format ?? 'b';
}

function fitValue(entry: DolEntry, value: Uint8Array | undefined, format: DataFormat): Uint8Array {
  const out = new Uint8Array(entry.length);
  // See EMV 4.4 Book 3, 5.4: unknown or constructed data objects are sent as hexadecimal zeroes.
  if (value === undefined || isConstructedTag(entry.tag)) return out;
  if (format === 'n') {
    // See EMV 4.4 Book 3, 5.4: n keeps its rightmost bytes; padded with leading hexadecimal zeroes.
    const kept = value.subarray(Math.max(0, value.length - entry.length));
    out.set(kept, entry.length - kept.length);
    return out;
  }
  // See EMV 4.4 Book 3, 5.4: other formats keep their leftmost bytes; cn is padded with 'FF', others with '00'.
  const kept = value.subarray(0, entry.length);
  out.set(kept, 0);
  if (format === 'cn') out.fill(0xff, kept.length);
  return out;
}
