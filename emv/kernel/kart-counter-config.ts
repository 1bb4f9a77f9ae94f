import { fromHex } from '../tlv/hex.ts';
import { KART_TEST_CA, KART_TEST_RID } from '../oda/index.ts';
import type { EmvTerminalConfig } from './terminal-config.ts';

/** KARTPAY, the payment application of the Kart card: the test RID and PIX 10 10 (test only). */
export const KARTPAY_TERMINAL_AID: Uint8Array = Uint8Array.of(...KART_TEST_RID, 0x10, 0x10);

/**
 * The documented default for a Kart bakery or grocer counter: an attended merchant terminal, offline with
 * online capability, in Egypt (818), pricing in Egyptian pounds (818, exponent 2), with the EMV 4.4 finger CVMs
 * offline and online, plaintext PIN, signature and no CVM, and SDA, DDA and CDA. Each value:
 *
 * - 9F35 `22`: attended, merchant-operated, offline with online capability (Book 4, Annex A1).
 * - 9F33 `20 AE C8`: IC with contacts; plaintext PIN for ICC verification, signature, no CVM required, online
 *   biometric, offline biometric; SDA, DDA, CDA (Book 4, Annex A2; the biometric bits as EMV 4.4 adds them).
 * - 9F40 `40 00 A0 B0 01`: goods; numeric and command keys; print and display for the attendant, display for
 *   the cardholder; code table 1 (Book 4, Annex A3).
 * - 9F30: finger offline and online (Book 4, A7).
 * - Floor limit 500.00 EGP; random selection below it: 5 % under 200.00 EGP, biased up to 20 % at the limit.
 * - TAC-Denial `00 10 00 00 00`: the card's usage control refuses the service.
 * - TAC-Online and TAC-Default `EC 68 A4 FC 00`: any ODA failure or missing data, an expired, not yet
 *   effective or new card, cardholder verification failed, PIN try limit, an online CVM captured (so finger
 *   online goes to the issuer), floor limit, velocity, random selection, merchant forced, biometric try limit.
 *   As defaults (no host reachable) the same conditions decline.
 * - DDOL `9F37 04`; TDOL `9F02 06 5F2A 02 9A 03 9C 01 9F37 04`.
 * - The only application: KARTPAY (exact match, no partial selection), version 00 02 as the card; the Kart test CA key.
 */
export const KART_COUNTER_CONFIG: EmvTerminalConfig = {
  terminalCountryCode: 818,
  transactionCurrencyCode: 818,
  transactionCurrencyExponent: 2,
  terminalType: 0x22,
  terminalCapabilities: fromHex('20AEC8'),
  additionalTerminalCapabilities: fromHex('4000A0B001'),
  biometricCapabilities: { fingerOffline: true, fingerOnline: true },
  floorLimit: 50_000,
  randomSelection: { thresholdAmount: 20_000, targetPercent: 5, maxTargetPercent: 20 },
  tacDenial: fromHex('0010000000'),
  tacOnline: fromHex('EC68A4FC00'),
  tacDefault: fromHex('EC68A4FC00'),
  applications: [{ aid: KARTPAY_TERMINAL_AID, partialSelection: false, applicationVersion: fromHex('0002'), name: 'KARTPAY' }],
  caKeys: [KART_TEST_CA.publicKey],
  defaultDdol: fromHex('9F3704'),
  defaultTdol: fromHex('9F02065F2A029A039C019F3704'),
};
