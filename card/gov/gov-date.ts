/**
 * Calendar arithmetic for the card, which has no clock: a date is a whole day since 1970-01-01 UTC (the unit of
 * the schemas), a month is `year * 12 + (month - 1)` (a "month index"). On the wire the card also speaks EMV's
 * YYMMDD in BCD (tag 9A, years 2000 to 2099).
 */
const MS_PER_DAY = 86_400_000;

/** Calendar parts of a day number. */
export interface CalendarDate {
  readonly year: number;
  /** 1 to 12. */
  readonly month: number;
  /** 1 to 31. */
  readonly day: number;
}

/** The calendar date of a day number. */
export function dayToDate(day: number): CalendarDate {
  const d = new Date(day * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The day number of a calendar date; `undefined` if the date does not exist (2026-02-30). */
export function dateToDay(year: number, month: number, day: number): number | undefined {
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return undefined;
  return ms / MS_PER_DAY;
}

/** The day number of an ISO date `YYYY-MM-DD`; `undefined` for anything else. */
export function isoToDay(iso: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? dateToDay(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
}

/** `YYYY-MM-DD` of a day number. */
export function dayToIso(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The month index (`year * 12 + month - 1`) a day falls in. */
export function monthOfDay(day: number): number {
  const { year, month } = dayToDate(day);
  return year * 12 + month - 1;
}

/** The first day number of a month index. */
export function firstDayOfMonth(monthIndex: number): number {
  return Date.UTC(Math.floor(monthIndex / 12), monthIndex % 12, 1) / MS_PER_DAY;
}

/** How many days a month index has (28 to 31). */
export function daysInMonth(monthIndex: number): number {
  return firstDayOfMonth(monthIndex + 1) - firstDayOfMonth(monthIndex);
}

/** The same day `years` years later, minus one day (a validity of `years` years starting on `day`). */
export function lastDayOfYears(day: number, years: number): number {
  const d = dayToDate(day);
  return Date.UTC(d.year + years, d.month - 1, d.day) / MS_PER_DAY - 1;
}

/**
 * A day as EMV YYMMDD in BCD (3 bytes). Throws `RangeError` outside 2000-01-01 to 2099-12-31.
 *
 * @remarks See EMV 4.4 Book 3, Annex A (9A Transaction Date, 5F24 Application Expiration Date; format n 6).
 */
export function dayToYymmdd(day: number): Uint8Array {
  const { year, month, day: dom } = dayToDate(day);
  if (year < 2000 || year > 2099) throw new RangeError(`year ${year} does not fit YYMMDD`);
  const bcd = (n: number): number => ((Math.floor(n / 10) << 4) | n % 10) & 0xff;
  return Uint8Array.of(bcd(year - 2000), bcd(month), bcd(dom));
}

/** The day number of an EMV YYMMDD (3 BCD bytes, years 2000 to 2099); `undefined` if malformed or not a date. */
export function yymmddToDay(bytes: Uint8Array): number | undefined {
  if (bytes.length !== 3) return undefined;
  const parts: number[] = [];
  for (const b of bytes) {
    const hi = b >> 4;
    const lo = b & 0x0f;
    if (hi > 9 || lo > 9) return undefined;
    parts.push(hi * 10 + lo);
  }
  return dateToDay(2000 + parts[0]!, parts[1]!, parts[2]!);
}
