/**
 * KARTPAY's fixed profile: AIP, AFL, the DOLs, the default CVM List and Issuer Action Codes, the finger solution ID
 * and the cryptogram version. `PAYMENT-APP.md` explains each choice.
 *
 * @remarks See EMV 4.4 Book 3, 10.2 (AFL), 5.4 (DOLs), Annex C1 (AIP), Annex C3 (CV Rules); Book 2, 8.1 (Table 28).
 */
import { AIP1, SFI_1_AUTHENTICATED, SFI_2_CERTIFICATES } from './payment-constants.ts';

/**
 * The default CVM List: amounts X = Y = 0, then finger offline (08), plaintext PIN by ICC (01), signature (1E),
 * each "if terminal supports the CVM" (03) and "apply succeeding CV Rule if unsuccessful" (b7). A terminal without
 * a scanner goes to the PIN; a finger refused at the scanner's preferred attempts falls back to the PIN too; an
 * attended terminal with neither takes a signature. No "No CVM required" rule: this card always verifies.
 * @remarks See EMV 4.4 Book 3, 10.5 and Annex C3 (CV Rules; EMV 4.4 finger biometric codes 08 / 09).
 */
export const DEFAULT_CVM_LIST = Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0x48, 0x03, 0x41, 0x03, 0x5e, 0x03);

/** AIP: SDA, DDA, cardholder verification, terminal risk management, CDA; issuer authentication by 91 in CDOL2. */
export const KARTPAY_AIP = Uint8Array.of(
  AIP1.SDA_SUPPORTED | AIP1.DDA_SUPPORTED | AIP1.CARDHOLDER_VERIFICATION_SUPPORTED | AIP1.TERMINAL_RISK_MANAGEMENT_TO_BE_PERFORMED | AIP1.CDA_SUPPORTED,
  0x00,
);
/** AFL: SFI 1 records 1-2 (both for offline data authentication), SFI 2 records 1-3 (none). See Book 3, 10.2. */
export const KARTPAY_AFL = Uint8Array.of(SFI_1_AUTHENTICATED << 3, 1, 2, 2, SFI_2_CERTIFICATES << 3, 1, 3, 0);
/** PDOL: Terminal Type (9F35, 1), Terminal Country Code (9F1A, 2). */
export const KARTPAY_PDOL = Uint8Array.of(0x9f, 0x35, 0x01, 0x9f, 0x1a, 0x02);
/**
 * CDOL1: what `CryptogramInput` needs (9F02 9F03 9F1A 95 5F2A 9A 9C 9F37), then CVM Results (9F34, 3) so the
 * card sees which CVM the terminal settled on. 32 bytes.
 */
export const KARTPAY_CDOL1 = Uint8Array.of(
  0x9f, 0x02, 0x06, 0x9f, 0x03, 0x06, 0x9f, 0x1a, 0x02, 0x95, 0x05, 0x5f, 0x2a, 0x02, 0x9a, 0x03, 0x9c, 0x01,
  0x9f, 0x37, 0x04, 0x9f, 0x34, 0x03,
);
/** CDOL2: Authorisation Response Code (8A, 2), Issuer Authentication Data (91, 10: ARPC || ARC), TVR (95), UN (9F37). */
export const KARTPAY_CDOL2 = Uint8Array.of(0x8a, 0x02, 0x91, 0x0a, 0x95, 0x05, 0x9f, 0x37, 0x04);
/** DDOL: the terminal's Unpredictable Number. See Book 2, 6.5.1. */
export const KARTPAY_DDOL = Uint8Array.of(0x9f, 0x37, 0x04);
/** Biometric Solution ID in the card's BIT: Kart's own "KA" version 1 (compact card minutiae, Kart's matcher). */
export const KART_FINGER_SOLUTION_ID = Uint8Array.of(0x4b, 0x41, 0x01);
/** Cryptogram version in the IAD: Kart CVN 01 (`emv/cryptogram/issuer-application-data.ts`). */
export const KARTPAY_CVN = 0x01;

/**
 * Default Issuer Action Codes (9F0D / 9F0E / 9F0F), common test-card values. Default DC 40 00 A8 00 and online
 * DC 40 04 F8 00: ODA not performed or failed (SDA, DDA, CDA), card on the exception file, expired application,
 * floor limit and upper consecutive offline limit exceeded, merchant forced online; online also on online PIN
 * entered, lower limit exceeded and random selection. Denial 00 10 00 00 00: requested service not allowed.
 * @remarks See EMV 4.4 Book 3, 10.7 (terminal action analysis) and Book 3, Annex C5 (TVR bits).
 */
export const DEFAULT_IAC = {
  default: Uint8Array.of(0xdc, 0x40, 0x00, 0xa8, 0x00),
  denial: Uint8Array.of(0x00, 0x10, 0x00, 0x00, 0x00),
  online: Uint8Array.of(0xdc, 0x40, 0x04, 0xf8, 0x00),
};
