/**
 * Wire numbers of the card's EMV payment application "KARTPAY" and of the card's PSE: AIDs, instruction bytes,
 * P1/P2 values, bits of the AIP and CID, and the SFIs of its files. Tag numbers come from `emv/tlv/tags.ts`.
 *
 * @remarks See EMV 4.4 Book 3, 6.5 (commands), Annex A (data elements), Annex C1 (AIP); Book 1, 12.2 (PSE).
 */
import { KART_TEST_RID } from '../../emv/oda/test-keys.ts';

/** KARTPAY's AID: the fictitious test RID, PIX 10 10 (test only). See ISO/IEC 7816-5 (RID + PIX). */
export const KARTPAY_AID: Uint8Array = Uint8Array.of(...KART_TEST_RID, 0x10, 0x10);
/** Application label (50) in the FCI and in the PSE directory entry. */
export const KARTPAY_LABEL = 'KARTPAY';
/** The Payment System Environment's DDF name "1PAY.SYS.DDF01". See EMV 4.4 Book 1, 12.2.2. */
export const PSE_AID: Uint8Array = new TextEncoder().encode('1PAY.SYS.DDF01');
/** SFI of the PSE's directory file. See EMV 4.4 Book 1, 12.2.3. */
export const PSE_DIRECTORY_SFI = 1;

// See EMV 4.4 Book 3, 6.5, Table 13 (command INS bytes) and ISO/IEC 7816-4:2020, Table 1.
export const INS_82_EXTERNAL_AUTHENTICATE = 0x82;
export const INS_84_GET_CHALLENGE = 0x84;
export const INS_88_INTERNAL_AUTHENTICATE = 0x88;
export const INS_A8_GET_PROCESSING_OPTIONS = 0xa8;
export const INS_AE_GENERATE_AC = 0xae;
export const INS_B2_READ_RECORD = 0xb2;
export const INS_CA_GET_DATA = 0xca;
export const INS_20_VERIFY = 0x20;

/** VERIFY P2 80: plaintext PIN. See EMV 4.4 Book 3, 6.5.12, Table 24. */
export const P2_80_PLAINTEXT_PIN = 0x80;

/** GENERATE AC P1 b8-b7: the cryptogram type asked for. See EMV 4.4 Book 3, 6.5.5.2, Table 12. */
export const AC_TYPE = { AAC: 0x00, TC: 0x40, ARQC: 0x80 } as const;
export type AcType = keyof typeof AC_TYPE;
/** GENERATE AC P1 b8-b7 mask; C0 is RFU. */
export const P1_AC_TYPE_MASK = 0xc0;
/** GENERATE AC P1 b5: CDA signature requested. See EMV 4.4 Book 3, 6.5.5.2, Table 12. */
export const P1_10_CDA_REQUESTED = 0x10;

/** AIP byte 1 bits: the kernel's table. See EMV 4.4 Book 3, Annex C1, Table 37. */
export { AIP1 } from '../../emv/kernel/aip.ts';

/** Cryptogram Information Data (9F27) b8-b7. See EMV 4.4 Book 3, 6.5.5.4, Table 15. */
export const CID = { AAC: 0x00, TC: 0x40, ARQC: 0x80 } as const;

/** SFI 1 holds the records signed for offline data authentication; SFI 2 the certificates and 93. */
export const SFI_1_AUTHENTICATED = 1;
export const SFI_2_CERTIFICATES = 2;

// Tags used here that `emv/tlv/tags.ts` does not list (EMV 4.4 biometric data objects).
/** Card BIT Group Template. See EMV 4.4 Book 3, Annex A. */
export const TAG_9F31_CARD_BIT_GROUP_TEMPLATE = 0x9f31;
/** Biometric Try Counters Template. See EMV 4.4 Book 3, Annex A. */
export const TAG_BF4C_BIOMETRIC_TRY_COUNTERS_TEMPLATE = 0xbf4c;
/** Preferred Attempts Template, holding DF51 Preferred Finger Attempts. See EMV 4.4 Book 3, Annex A. */
export const TAG_BF4D_PREFERRED_ATTEMPTS_TEMPLATE = 0xbf4d;
