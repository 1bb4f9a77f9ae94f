/**
 * Application Interchange Profile (82) byte 1: what the card supports and asks for. One table for the kernel, which
 * reads it, and the payment application on the virtual card, which sets it.
 * @remarks See EMV 4.4 Book 3, Annex C1, Table 37 (byte 2 is RFU for contact).
 */
export const AIP1 = {
  SDA_SUPPORTED: 0x40,
  DDA_SUPPORTED: 0x20,
  CARDHOLDER_VERIFICATION_SUPPORTED: 0x10,
  TERMINAL_RISK_MANAGEMENT_TO_BE_PERFORMED: 0x08,
  /** Issuer authentication by EXTERNAL AUTHENTICATE; clear: 91 goes in CDOL2 (Book 3, 10.9). */
  ISSUER_AUTHENTICATION_SUPPORTED: 0x04,
  CDA_SUPPORTED: 0x01,
} as const;
