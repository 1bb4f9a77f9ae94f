/**
 * Day and month arithmetic for the decision core. A date is a whole day since 1970-01-01 UTC (the unit of the
 * schemas); a month is a "month index", `year * 12 + (month - 1)`. Entitlements are per day and per month, so
 * nothing here needs a time of day.
 */
const MS_PER_DAY = 86_400_000;

/** The month index (`year * 12 + month - 1`) the day falls in. */
export function monthOf(day: number): number {
  const d = new Date(day * MS_PER_DAY);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** The first day of a month index. */
export function firstDayOf(month: number): number {
  return Date.UTC(Math.floor(month / 12), month % 12, 1) / MS_PER_DAY;
}

/** Days in a month index (28 to 31). */
export function daysIn(month: number): number {
  return firstDayOf(month + 1) - firstDayOf(month);
}

/** Day of the month, 1 to 31. */
export function dayOfMonth(day: number): number {
  return day - firstDayOf(monthOf(day)) + 1;
}

/** Days left in the day's month counting the day itself (1 on the last day). */
export function daysLeftInMonth(day: number): number {
  const month = monthOf(day);
  return firstDayOf(month + 1) - day;
}

/** The day number of an ISO date `YYYY-MM-DD` (UTC); throws RangeError for anything else. */
export function isoDay(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  if (!m || new Date(ms).toISOString().slice(0, 10) !== iso) throw new RangeError(`not an ISO date: ${iso}`);
  return ms / MS_PER_DAY;
}

/** `YYYY-MM-DD` of a day number. */
export function dayIso(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}
