/**
 * The government-services applet's AID, instruction bytes and data object tags: the wire contract between the
 * KARTGOV applet (card/gov) and the terminal (terminal/services), kept here once so both sides import the same
 * numbers (the terminal never imports card/). card/gov/COMMANDS.md is the reference; the names keep the hex.
 * Proprietary tags are context-specific (DFxx primitive, BFxx constructed).
 */

/**
 * "KARTGOV" under the proprietary category F0: F0 4B 41 52 54 47 4F 56. See ISO/IEC 7816-5 (AID category F:
 * proprietary, not registered); a national deployment would take a registered RID (category A) instead.
 */
export const GOV_AID = Uint8Array.of(0xf0, 0x4b, 0x41, 0x52, 0x54, 0x47, 0x4f, 0x56);
export const GOV_APPLICATION_LABEL = 'KART GOV';

// See ISO/IEC 7816-4:2020, Table 1 (interindustry INS, class 00).
export const INS_20_VERIFY = 0x20;
export const INS_21_VERIFY_BIOMETRIC = 0x21;
export const INS_88_INTERNAL_AUTHENTICATE = 0x88;
export const INS_CB_GET_DATA_ODD = 0xcb;
// Proprietary commands, class 80.
export const INS_CA_READ_DATA = 0xca;
export const INS_DA_SET_DATE = 0xda;
export const INS_DE_DEBIT_ENTITLEMENT = 0xde;
export const INS_B2_READ_LOG = 0xb2;
export const INS_D4_LOAD_ENTITLEMENTS = 0xd4;
/** VERIFY SUPERVISED (the household card accepts a supervisor authorization). */
export const INS_5A_VERIFY_SUPERVISED = 0x5a;
/** SUPERVISE (a supervisor's card signs an authorization). */
export const INS_5C_SUPERVISE = 0x5c;

/** VERIFY P2: plaintext PIN block, reference data 0 (as EMV). See EMV 4.4 Book 3, 6.5.12. */
export const P2_80_PIN = 0x80;
/** VERIFY P2 for the biometric reference: specific reference data, number 0x11 (finger). ISO/IEC 7816-11 style. */
export const P2_91_BIOMETRIC = 0x91;

// See ISO/IEC 7816-4:2020, 6.3 and EMV 4.4 Book 3, Annex A for the interindustry and EMV tags reused here.
export const TAG_6F_FCI = 0x6f;
export const TAG_84_DF_NAME = 0x84;
export const TAG_A5_FCI_PROPRIETARY = 0xa5;
export const TAG_50_LABEL = 0x50;
export const TAG_5F2D_LANGUAGE = 0x5f2d;
export const TAG_5F20_NAME_LATIN = 0x5f20;
export const TAG_5F24_EXPIRY = 0x5f24;
export const TAG_9A_DATE = 0x9a;
export const TAG_9F36_ATC = 0x9f36;
export const TAG_9F17_PIN_TRIES = 0x9f17;
/** Tag list in GET DATA (odd INS) command data. See ISO/IEC 7816-4:2020, 7.4.3. */
export const TAG_5C_TAG_LIST = 0x5c;
/** Biometric data template, and the biometric data inside it. See ISO/IEC 7816-11:2017, Table 5. */
export const TAG_7F2E_BIOMETRIC_DATA_TEMPLATE = 0x7f2e;
export const TAG_81_BIOMETRIC_DATA = 0x81;

// Proprietary data objects (READ DATA P1-P2, or inside the templates).
export const TAG_BF41_CARDHOLDER = 0xbf41;
export const TAG_BF42_HOUSEHOLD = 0xbf42;
export const TAG_BF43_SERVICES = 0xbf43;
export const TAG_BF45_COUNTERS = 0xbf45;
export const TAG_BF4A_CERTIFICATES = 0xbf4a;
export const TAG_DF10_CARD_ID = 0xdf10;
export const TAG_DF11_NATIONAL_ID = 0xdf11;
export const TAG_DF12_NATIONAL_ID_REDACTED = 0xdf12;
export const TAG_DF13_NAME_ARABIC = 0xdf13;
export const TAG_DF18_BIOMETRIC_TRIES = 0xdf18;
export const TAG_DF21_HOUSEHOLD_ID = 0xdf21;
export const TAG_DF22_RATION_CARD_NUMBER = 0xdf22;
export const TAG_DF23_ROLE = 0xdf23;
export const TAG_DF24_CARRIES_RATION = 0xdf24;
export const TAG_DF25_ENTITLEMENT_GRANT = 0xdf25;
export const TAG_DF26_SERVICE_ACTIVATION = 0xdf26;
export const TAG_DF31_CHALLENGE = 0xdf31;
export const TAG_DF32_TERMINAL_ID = 0xdf32;
export const TAG_DF33_SERVICE = 0xdf33;
export const TAG_DF34_QUANTITY = 0xdf34;
export const TAG_DF35_ITEM_LINES = 0xdf35;
/** DEBIT ENTITLEMENT, ration goods: the bread points to spend, piastres (uint32); absent = the card's default split. */
export const TAG_DF36_POINTS = 0xdf36;
export const TAG_DF44_CARD_STATUS = 0xdf44;
export const TAG_DF46_ENTITLEMENT_STATE = 0xdf46;
export const TAG_DF47_ENTITLEMENT_PARAMS = 0xdf47;
export const TAG_DF48_LAST_DATE = 0xdf48;
export const TAG_DF4B_ISSUER_CERTIFICATE = 0xdf4b;
export const TAG_DF4C_CARD_CERTIFICATE = 0xdf4c;
export const TAG_DF50_DEBIT_PROOF = 0xdf50;
export const TAG_DF51_LOG_COUNT = 0xdf51;
export const TAG_DF52_ENTITLEMENT_LOAD = 0xdf52;
export const TAG_DF53_APPLET_VERSION = 0xdf53;
/** The supervisor's card certificate (certificate v1 CBOR, `SUPERVISE` usage). */
export const TAG_DF55_SUPERVISOR_CERTIFICATE = 0xdf55;
/** A supervisor authorization (terminal/schemas `supervisorAuthorization` CBOR). */
export const TAG_DF56_SUPERVISOR_AUTHORIZATION = 0xdf56;
/** SUPERVISE: the household card to authorize (8). */
export const TAG_DF57_SUPERVISED_CARD_ID = 0xdf57;
/** SUPERVISE: the reason (1: verification failed, 2: method blocked). */
export const TAG_DF58_SUPERVISION_REASON = 0xdf58;
