/**
 * The Authorisation Response Codes (8A, an 2, ISO 8583:1987 field 39 values) Kart's reference issuer host returns,
 * and why. The terminal approves only on `00`; every other code declines.
 * @remarks See EMV 4.4 Book 3, Annex A (8A Authorisation Response Code) and ISO 8583:1987 field 39.
 */
export const ARC = {
  /** Approved. */
  APPROVED: '00',
  /** Do not honour: the ARQC does not verify, or the cryptogram version is not one this host knows. */
  DO_NOT_HONOUR: '05',
  /** Invalid card number: no account for this PAN and PAN sequence number. */
  INVALID_CARD_NUMBER: '14',
  /** Format error: the ICC data is malformed, incomplete, or does not carry an ARQC. */
  FORMAT_ERROR: '30',
  /** Insufficient funds. */
  INSUFFICIENT_FUNDS: '51',
  /** Restricted card: the account is blocked. */
  RESTRICTED_CARD: '62',
  /** Security violation: the online biometric (finger) did not match the cardholder. Kart's choice; see README. */
  SECURITY_VIOLATION: '63',
  /** Duplicate transmission: the ATC is at or below one already seen for this card (a replay). */
  DUPLICATE_TRANSMISSION: '94',
  /** System malfunction: an online biometric arrived but the host cannot verify it. */
  SYSTEM_MALFUNCTION: '96',
} as const;

export type AuthorisationResponseCode = (typeof ARC)[keyof typeof ARC];

/** The two ASCII bytes of an ARC, the 8A value the ARPC covers (`'00'` → `30 30`). */
export function arcBytes(code: string): Uint8Array {
  return Uint8Array.of(code.charCodeAt(0) & 0xff, code.charCodeAt(1) & 0xff);
}
