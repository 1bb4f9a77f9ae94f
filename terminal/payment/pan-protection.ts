/**
 * What the terminal keeps of a PAN: the masked form for receipts and the journal (first 6 and last 4 digits, PCI
 * DSS v4.0 requirement 3.4.1), and a keyed token (HMAC-SHA-256 under the acquirer's tokenisation key) so the ledger,
 * which holds the key, can tell payments of one card apart without the PAN being stored anywhere. A plain hash
 * would not do: a PAN has too few unknown digits (BIN known, Luhn check digit), so it is brute-forced in seconds.
 */
import { createHmac } from 'node:crypto';
import { decodeCn } from '../../emv/tlv/data-format.ts';
import { PaymentError } from './payment-error.ts';

const PAN = /^[0-9]{12,19}$/;

/** The PAN digits of a 5A value (cn 19, padded with F). Throws `PAY_CARD_DATA_INVALID` for anything else. */
export function panDigits(value: Uint8Array): string {
  let digits = '';
  try {
    digits = decodeCn(value);
  } catch {
    // not cn: refused below with the PAN's own code
  }
  if (!PAN.test(digits)) throw new PaymentError('PAY_CARD_DATA_INVALID', `the card's PAN (5A) is not 12 to 19 digits (${value.length} bytes)`);
  return digits;
}

/** `123456******7890`: first 6, last 4. */
export function maskPan(pan: string): string {
  if (!PAN.test(pan)) throw new PaymentError('PAY_CARD_DATA_INVALID', 'a PAN is 12 to 19 digits');
  return `${pan.slice(0, 6)}${'*'.repeat(pan.length - 10)}${pan.slice(-4)}`;
}

/** HMAC-SHA-256(key, PAN as ASCII digits), 32 bytes. The key is at least 16 bytes. */
export function panToken(pan: string, key: Uint8Array): Uint8Array {
  if (!PAN.test(pan)) throw new PaymentError('PAY_CARD_DATA_INVALID', 'a PAN is 12 to 19 digits');
  if (key.length < 16) throw new PaymentError('PAY_CONFIG_INVALID', 'the PAN tokenisation key is shorter than 16 bytes');
  return new Uint8Array(createHmac('sha256', key).update(pan, 'ascii').digest());
}
