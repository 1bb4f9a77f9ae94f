/** Reading and comparing ration item lines, shared by the debit proof and the journal record. */
import { SchemaError } from './schema-error.ts';
import { check, list, tuple, uint } from './schema-fields.ts';
import { MAX_ITEM_LINES, SERVICE } from './service.ts';
import type { ItemLine, Service } from './service.ts';

const ITEM_FIELDS = ['itemCode', 'quantity'] as const;

/**
 * Reads `[* [itemCode, quantity]]`: codes ≤ 2^32-1 strictly increasing (one line per item, one byte form),
 * quantities ≥ 1; lines only for the ration service, and at least one for it unless `mayBeEmpty` (a decline).
 */
export function readItemLines(value: unknown, path: string, service: Service, mayBeEmpty = false): ItemLine[] {
  const lines = list(value, path, MAX_ITEM_LINES, (v, p): ItemLine => {
    if (!Array.isArray(v) || v.length !== 2) throw new SchemaError(p, 'expected [itemCode, quantity]');
    const { items } = tuple(v, p, ITEM_FIELDS);
    const code = uint(items[0], `${p}[0]`, 0xffff_ffff);
    const quantity = uint(items[1], `${p}[1]`, 0xffff_ffff);
    check(quantity >= 1, `${p}[1]`, 'quantity must be at least 1');
    return [code, quantity];
  });
  for (let i = 1; i < lines.length; i++) {
    check(lines[i]![0] > lines[i - 1]![0], `${path}[${i}][0]`, 'item codes must be strictly increasing');
  }
  if (service === SERVICE.RATION) check(lines.length > 0 || mayBeEmpty, path, 'a ration debit needs at least one item line');
  else check(lines.length === 0, path, 'item lines are for the ration service only');
  return lines;
}

/** True if two item-line lists are equal. */
export function sameItemLines(a: readonly ItemLine[], b: readonly ItemLine[]): boolean {
  return a.length === b.length && a.every((line, i) => line[0] === b[i]![0] && line[1] === b[i]![1]);
}
