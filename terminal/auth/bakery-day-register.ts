/**
 * The bakery's day register, ready for inspection: flour delivered and the loaves it should yield (at the
 * parameter `loafGrams`, 90 g), opening stock, loaves sold per local hour from the approved bread transactions,
 * the closing stock counted, and the discrepancy: counted closing − (opening + expected from flour − sold).
 * A negative discrepancy is bread that left the bakery without a card transaction (or a yield below the norm).
 *
 * Forms: `bakeryRegisterText` (printable, Arabic right to left, then English) and `encodeBakeryRegister` /
 * `decodeBakeryRegister` (deterministic CBOR for sync, version 1).
 */
import { decodeCbor, encodeCbor } from '../codec/cbor.ts';
import { TerminalError } from '../errors.ts';
import { dayIso } from './calendar.ts';

/** One approved bread sale: when (terminal clock, seconds since 1970-01-01 UTC) and how many loaves. */
export interface BreadSale {
  readonly time: number;
  readonly loaves: number;
}

export interface BakeryDayInput {
  readonly terminalId: number;
  /** The business day, days since 1970-01-01, in local time. */
  readonly day: number;
  readonly utcOffsetMinutes: number;
  readonly flourDeliveredGrams: number;
  /** Flour per loaf, grams (the bread parameters' `loafGrams`). */
  readonly loafGrams: number;
  readonly openingStockLoaves: number;
  /** Counted at closing. */
  readonly closingStockLoaves: number;
  readonly sales: readonly BreadSale[];
}

export interface BakeryDayRegister extends Omit<BakeryDayInput, 'sales'> {
  readonly expectedFromFlour: number;
  /** Loaves sold in each local hour 0–23 of `day`. */
  readonly soldPerHour: readonly number[];
  readonly soldTotal: number;
  readonly transactions: number;
  /** Sales given whose local day is not `day` (left out of the counts, shown so nothing disappears silently). */
  readonly otherDaySales: number;
  readonly expectedClosing: number;
  readonly discrepancy: number;
}

const REGISTER_VERSION = 1;

function check(ok: boolean, what: string): void {
  if (!ok) throw new TerminalError('TERM_REGISTER_INVALID', `bakery register: ${what}`);
}

const isCount = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;

/** Builds the day's register. Throws RangeError naming the field for a negative or non-integer figure. */
export function bakeryDayRegister(input: BakeryDayInput): BakeryDayRegister {
  for (const key of ['terminalId', 'day', 'flourDeliveredGrams', 'openingStockLoaves', 'closingStockLoaves'] as const) {
    check(isCount(input[key]), `${key} must be a non-negative integer`);
  }
  check(isCount(input.loafGrams) && input.loafGrams > 0, 'loafGrams must be a positive integer');
  check(Number.isSafeInteger(input.utcOffsetMinutes) && Math.abs(input.utcOffsetMinutes) <= 840, 'utcOffsetMinutes out of range');
  const soldPerHour = new Array<number>(24).fill(0);
  let transactions = 0;
  let otherDaySales = 0;
  input.sales.forEach((sale, i) => {
    check(isCount(sale.time) && isCount(sale.loaves), `sales[${i}] must hold non-negative integers`);
    const local = sale.time + input.utcOffsetMinutes * 60;
    if (Math.floor(local / 86_400) !== input.day) {
      otherDaySales++;
      return;
    }
    soldPerHour[Math.floor((local % 86_400) / 3600)]! += sale.loaves;
    transactions++;
  });
  const { sales: _sales, ...rest } = input;
  const expectedFromFlour = Math.floor(input.flourDeliveredGrams / input.loafGrams);
  const soldTotal = soldPerHour.reduce((a, b) => a + b, 0);
  const expectedClosing = input.openingStockLoaves + expectedFromFlour - soldTotal;
  return {
    ...rest, expectedFromFlour, soldPerHour, soldTotal, transactions, otherDaySales, expectedClosing,
    discrepancy: input.closingStockLoaves - expectedClosing,
  };
}

const RLM = '\u200f';
const pad2 = (n: number): string => String(n).padStart(2, '0');

/** The printable register: an Arabic block (each line marked right to left), then the same in English. */
export function bakeryRegisterText(r: BakeryDayRegister): string {
  const date = dayIso(r.day);
  const kg = `${Math.floor(r.flourDeliveredGrams / 1000)}.${String(r.flourDeliveredGrams % 1000).padStart(3, '0')}`;
  const hours = r.soldPerHour.flatMap((n, h) => (n > 0 ? [[h, n] as const] : []));
  const ar = [
    `سجل المخبز اليومي — جهاز ${r.terminalId} — ${date}`,
    `الدقيق الوارد: ${kg} كجم (${r.loafGrams} جم للرغيف) = ${r.expectedFromFlour} رغيف`,
    `رصيد أول اليوم: ${r.openingStockLoaves} رغيف`,
    ...hours.map(([h, n]) => `الساعة ${pad2(h)}:00–${pad2(h + 1)}:00: ${n} رغيف`),
    `المباع: ${r.soldTotal} رغيف في ${r.transactions} معاملة`,
    `الرصيد المتوقع آخر اليوم: ${r.expectedClosing} رغيف`,
    `الرصيد الفعلي آخر اليوم: ${r.closingStockLoaves} رغيف`,
    `الفرق: ${r.discrepancy} رغيف`,
    ...(r.otherDaySales > 0 ? [`معاملات من يوم آخر لم تُحتسب: ${r.otherDaySales}`] : []),
  ].map((line) => RLM + line);
  const en = [
    `Bakery day register — terminal ${r.terminalId} — ${date}`,
    `Flour delivered: ${kg} kg (${r.loafGrams} g a loaf) = ${r.expectedFromFlour} loaves`,
    `Opening stock: ${r.openingStockLoaves} loaves`,
    ...hours.map(([h, n]) => `${pad2(h)}:00-${pad2(h + 1)}:00: ${n} loaves`),
    `Sold: ${r.soldTotal} loaves in ${r.transactions} transactions`,
    `Expected closing stock: ${r.expectedClosing} loaves`,
    `Counted closing stock: ${r.closingStockLoaves} loaves`,
    `Discrepancy: ${r.discrepancy} loaves`,
    ...(r.otherDaySales > 0 ? [`Sales from another day not counted: ${r.otherDaySales}`] : []),
  ];
  return `${ar.join('\n')}\n\n${en.join('\n')}\n`;
}

/**
 * The register as deterministic CBOR: `[1, terminalId, day, utcOffsetMinutes, flourDeliveredGrams, loafGrams,
 * openingStockLoaves, closingStockLoaves, soldPerHour (24 uints), transactions, otherDaySales]`. The derived
 * figures (expected, totals, discrepancy) are recomputed on decoding, so they cannot disagree.
 */
export function encodeBakeryRegister(r: BakeryDayRegister): Uint8Array {
  return encodeCbor([
    REGISTER_VERSION, r.terminalId, r.day, r.utcOffsetMinutes, r.flourDeliveredGrams, r.loafGrams,
    r.openingStockLoaves, r.closingStockLoaves, [...r.soldPerHour], r.transactions, r.otherDaySales,
  ]);
}

/** Reads `encodeBakeryRegister` bytes; throws RangeError (or the codec's typed error) for anything else. */
export function decodeBakeryRegister(bytes: Uint8Array): BakeryDayRegister {
  const v = decodeCbor(bytes);
  check(Array.isArray(v) && v.length === 11 && v[0] === REGISTER_VERSION, 'expected a version 1 register of 11 items');
  const a = v as readonly unknown[];
  const hours = a[8];
  check(Array.isArray(hours) && hours.length === 24 && hours.every(isCount), 'soldPerHour must be 24 counts');
  check(isCount(a[9]) && isCount(a[10]), 'transactions and otherDaySales must be counts');
  const base = bakeryDayRegister({
    terminalId: a[1] as number, day: a[2] as number, utcOffsetMinutes: a[3] as number, flourDeliveredGrams: a[4] as number,
    loafGrams: a[5] as number, openingStockLoaves: a[6] as number, closingStockLoaves: a[7] as number, sales: [],
  });
  const soldPerHour = hours as number[];
  const soldTotal = soldPerHour.reduce((x, y) => x + y, 0);
  const expectedClosing = base.openingStockLoaves + base.expectedFromFlour - soldTotal;
  return {
    ...base, soldPerHour, soldTotal, transactions: a[9] as number, otherDaySales: a[10] as number, expectedClosing,
    discrepancy: base.closingStockLoaves - expectedClosing,
  };
}
