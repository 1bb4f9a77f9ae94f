/**
 * Identifiers shared by the schemas and the blocklist. A card id and a household id are 8 opaque bytes each
 * (`bstr .size 8`): room for the 16-digit number printed on the card as packed BCD (the EMV tag 5A layout) or for
 * a binary serial, and read by the blocklist as one unsigned 64-bit big-endian integer.
 */
export const CARD_ID_LENGTH = 8;
export const HOUSEHOLD_ID_LENGTH = 8;

/** 8 bytes naming one card (a replacement card gets a new id). */
export type CardId = Uint8Array;
/** 8 bytes naming one household (the entitlement holder; several cards may share it). */
export type HouseholdId = Uint8Array;

/** The 16 lower-case hex digits of an 8-byte id. */
export function idToHex(id: Uint8Array): string {
  return Buffer.from(id).toString('hex');
}

/** An 8-byte id from 16 hex digits; throws `RangeError` for anything else. */
export function idFromHex(hex: string): Uint8Array {
  if (!/^[0-9a-fA-F]{16}$/.test(hex)) throw new RangeError(`expected 16 hex digits, got "${hex}"`);
  return new Uint8Array(Buffer.from(hex, 'hex'));
}
