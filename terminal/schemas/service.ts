/**
 * The services of the unified card as small integers on the wire, and the unit each one debits. Numbers are
 * never reused; a new service takes the next free number without touching the others.
 */
export const SERVICE = {
  /** Subsidized bread; debit unit: loaves. */
  BREAD: 1,
  /** Ration goods; debit unit: piastres of the monthly entitlement, with item lines. */
  RATION: 2,
  /** Health insurance check-in; debit unit: visits. */
  HEALTH: 3,
  /** E-payment from the card's purse; debit unit: piastres. */
  PAYMENT: 4,
} as const;

export type Service = (typeof SERVICE)[keyof typeof SERVICE];

export const SERVICES: readonly Service[] = Object.values(SERVICE);

/** One ration item line: [catalogue item code, quantity in the item's catalogue unit]. */
export type ItemLine = readonly [itemCode: number, quantity: number];

/** At most this many item lines in one debit. */
export const MAX_ITEM_LINES = 32;
