/**
 * TEST ONLY key material for Kart's reference issuer host and the virtual payment card. These values are public
 * (they are in this repository): never load them into anything that handles real money.
 */
import { fromHex } from '../emv/tlv/hex.ts';

/**
 * TEST ONLY Issuer Master Key for Application Cryptograms (IMK-AC), a double-length Triple DES key chosen for Kart
 * (not from any scheme). Card MKs derive from it by EMV 4.4 Book 2, A1.4.1 Option A.
 */
export const KART_TEST_ISSUER_MASTER_KEY_AC: Uint8Array = fromHex('4B41525454455354 494D4B4143303031');

/** TEST ONLY Derivation Key Index the virtual card writes in its Issuer Application Data for the key above. */
export const KART_TEST_DERIVATION_KEY_INDEX = 0x01;
