/**
 * Date acceptance. The card has no clock: it takes the terminal's date only if it is not before the last date it
 * accepted, and then brings its counters to that date's month (month turn: bread points; a load waiting for that
 * month is applied). Nothing is written until `commit`.
 */
import { SERVICE } from '../../terminal/schemas/service.ts';
import { entitlementLoadCodec } from './entitlement-load.ts';
import type { EntitlementLoad } from './entitlement-load.ts';
import { applyMonthLoad, rollToMonth } from './entitlement-rules.ts';
import type { EntitlementState } from './entitlement-state.ts';
import { monthOfDay } from './gov-date.ts';
import { SW_9D07_DATE_BACKWARDS } from './gov-status-words.ts';
import { GovStore, KEY } from './gov-store.ts';

export type DateAcceptance =
  | {
      readonly ok: true;
      readonly day: number;
      /** Counters for the day's month. */
      readonly counters: EntitlementState;
      /** The last accepted load (beneficiaries and the month's catalogue). */
      readonly grant: EntitlementLoad;
      /** Writes the date and `counters` (default: the rolled ones) into the command's transaction. */
      commit(counters?: EntitlementState): void;
    }
  | { readonly ok: false; readonly sw: number };

/** Accepts `day` if it does not go backwards; refuses with 9D07 otherwise. */
export function acceptDate(gov: GovStore, day: number): DateAcceptance {
  if (day < gov.number(KEY.LAST_DATE)) return { ok: false, sw: SW_9D07_DATE_BACKWARDS };
  const grant = entitlementLoadCodec.decode(gov.bytes(KEY.GRANT));
  const month = monthOfDay(day);
  const before = gov.counters();
  let counters = rollToMonth(gov.params(), before, {
    month,
    beneficiaries: grant.beneficiaries,
    breadFrom: gov.profile().carriesRation ? (gov.services().get(SERVICE.BREAD) ?? null) : null,
  });
  const pendingBytes = gov.raw.get(KEY.PENDING_LOAD);
  const pending = pendingBytes && entitlementLoadCodec.decode(pendingBytes);
  const dropPending = pending !== undefined && pending.month <= month;
  // A pending load is always for a month after the counters' one, so it applies only on a month turn.
  if (pending && pending.month === month) counters = applyMonthLoad(counters, pending);
  const rolled = counters;
  return {
    ok: true,
    day,
    counters: rolled,
    grant,
    commit(final = rolled) {
      gov.setNumber(KEY.LAST_DATE, day);
      gov.setCounters(final);
      if (dropPending) gov.raw.delete(KEY.PENDING_LOAD);
    },
  };
}
