import type { Tlv } from './tlv-node.ts';

/** A tag path from the top level down: `[0x6f, 0xa5, 0xbf0c]`; a single number is a one-step path. */
export type TlvPath = number | readonly number[];

/**
 * The first node at `path` (each step matched among the children of the previous match, depth first),
 * or `undefined`.
 * @remarks See EMV 4.4 Book 1, 11.3.4 (FCI template nesting 6F / A5 / BF0C) for the kind of paths used.
 */
export function findTlv(nodes: readonly Tlv[], path: TlvPath): Tlv | undefined {
  return findAllTlv(nodes, path)[0];
}

/**
 * Every node at `path`, in document order (all branches: two `61` entries under one `BF0C` both match
 * `[0x6f, 0xa5, 0xbf0c, 0x61]`).
 * @remarks See EMV 4.4 Book 1, 12.2.3 (several Application Templates in one FCI or record).
 */
export function findAllTlv(nodes: readonly Tlv[], path: TlvPath): Tlv[] {
  const steps = typeof path === 'number' ? [path] : path;
  let level: readonly Tlv[] = nodes;
  let matches: Tlv[] = [];
  for (let i = 0; i < steps.length; i++) {
    matches = level.filter((node) => node.tag === steps[i]);
    if (i < steps.length - 1) level = matches.flatMap((node) => node.children ?? []);
  }
  return steps.length === 0 ? [] : matches;
}

/**
 * The first node with `tag` anywhere in the tree (depth first, document order), or `undefined`: the way a
 * kernel looks up a data element whatever template carried it.
 * @remarks See EMV 4.4 Book 3, 10.2 (data elements read from records are used wherever they were found).
 */
export function searchTlv(nodes: readonly Tlv[], tag: number): Tlv | undefined {
  for (const node of nodes) {
    if (node.tag === tag) return node;
    const inner = node.children ? searchTlv(node.children, tag) : undefined;
    if (inner) return inner;
  }
  return undefined;
}
