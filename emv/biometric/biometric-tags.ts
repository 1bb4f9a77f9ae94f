/**
 * Tags of the biometric data objects that only have their meaning inside a biometric template (the same
 * numbers mean other things elsewhere: `90` is the Issuer Public Key Certificate outside `A1`), and the
 * constructed biometric templates. The EMV dictionary (`emv/tlv/tags.ts`) holds the two top-level primitive
 * ones, 9F30 and 9F31.
 * @remarks See EMV 4.4 Book 3, Annex A (data elements dictionary), Annex C7 (Table 48, BIT) and C8 (Table 51,
 * Card BIT Group Template); Book 2, 7.3 (Table 27, Biometric Verification Data Template).
 */

// Constructed templates. See EMV 4.4 Book 3, Annex A and C8.
export const TAG_7F60_BIOMETRIC_INFORMATION_TEMPLATE = 0x7f60;
export const TAG_BF4A_OFFLINE_BIT_GROUP_TEMPLATE = 0xbf4a;
export const TAG_BF4B_ONLINE_BIT_GROUP_TEMPLATE = 0xbf4b;
export const TAG_BF4C_BIOMETRIC_TRY_COUNTERS_TEMPLATE = 0xbf4c;
export const TAG_BF4D_PREFERRED_ATTEMPTS_TEMPLATE = 0xbf4d;
export const TAG_BF4E_BIOMETRIC_VERIFICATION_DATA_TEMPLATE = 0xbf4e;

// Inside the Card BIT Group Template's BF4A / BF4B. See EMV 4.4 Book 3, Annex C8, Table 51.
export const TAG_02_NUMBER_OF_BITS = 0x02;

// Inside a BIT (7F60). See EMV 4.4 Book 3, Annex C7, Table 48.
export const TAG_A1_BIOMETRIC_HEADER_TEMPLATE = 0xa1;
export const TAG_A2_BHT2 = 0xa2;

// Inside the Biometric Header Template (A1). See EMV 4.4 Book 3, Annex C7, Table 48 (ISO/IEC 19785-3 patron format).
export const TAG_80_PATRON_HEADER_VERSION = 0x80;
export const TAG_81_BIOMETRIC_TYPE = 0x81;
export const TAG_82_BIOMETRIC_SUBTYPE = 0x82;
export const TAG_87_FORMAT_OWNER = 0x87;
export const TAG_88_FORMAT_TYPE = 0x88;
export const TAG_90_BIOMETRIC_SOLUTION_ID = 0x90;

// Inside the Biometric Verification Data Template (BF4E). See EMV 4.4 Book 2, 7.3, Table 27.
export const TAG_DF50_ENCIPHERED_BIOMETRIC_KEY_SEED = 0xdf50;
export const TAG_DF51_ENCIPHERED_BIOMETRIC_DATA = 0xdf51;
export const TAG_DF52_MAC_OF_ENCIPHERED_BIOMETRIC_DATA = 0xdf52;

// Inside the Biometric Try Counters Template (BF4C) and the Preferred Attempts Template (BF4D), one byte each.
// See EMV 4.4 Book 3, Annex A.
export const TAG_DF50_FACIAL = 0xdf50;
export const TAG_DF51_FINGER = 0xdf51;
export const TAG_DF52_IRIS = 0xdf52;
export const TAG_DF53_PALM = 0xdf53;
export const TAG_DF54_VOICE = 0xdf54;
