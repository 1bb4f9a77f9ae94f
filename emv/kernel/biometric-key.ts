import { EmvError } from '../errors.ts';
import { recoverIccPublicKey, type RsaPublicKey, type YearMonth } from '../oda/index.ts';
import {
  TAG_5A_PAN,
  TAG_9F2D_ICC_PIN_ENCIPHERMENT_PK_CERTIFICATE,
  TAG_9F2E_ICC_PIN_ENCIPHERMENT_PK_EXPONENT,
  TAG_9F2F_ICC_PIN_ENCIPHERMENT_PK_REMAINDER,
  TAG_9F46_ICC_PUBLIC_KEY_CERTIFICATE,
  TAG_9F47_ICC_PUBLIC_KEY_EXPONENT,
  TAG_9F48_ICC_PUBLIC_KEY_REMAINDER,
} from '../tlv/tags.ts';
import type { OfflineDataAuthenticationResult } from './offline-data-authentication.ts';
import { panDigits } from './read-application-data.ts';
import { logStep, type TransactionContext } from './transaction-context.ts';

/**
 * The public key the terminal enciphers the finger for: the ICC PIN Encipherment Public Key (9F2D, 9F2E, 9F2F)
 * when the card has one, else the ICC Public Key (the one ODA recovered, or recovered here from 9F46 when ODA
 * chose SDA). `undefined` when no key can be recovered: the offline finger CVM then fails (the verifier sees no
 * key). A certificate that does not recover is logged, never thrown; no TVR bit is set for it.
 * @remarks See EMV 4.4 Book 2, 7.1 (Keys and Certificates: the key for PIN and biometric encipherment, Table 24,
 * and footnote 31: the PIN encipherment certificate hashes no static data).
 */
export function biometricEnciphermentKey(
  context: TransactionContext,
  oda: OfflineDataAuthenticationResult,
  today: YearMonth,
): RsaPublicKey | undefined {
  const data = context.data;
  const pinCertificate = data.get(TAG_9F2D_ICC_PIN_ENCIPHERMENT_PK_CERTIFICATE);
  const pinExponent = data.get(TAG_9F2E_ICC_PIN_ENCIPHERMENT_PK_EXPONENT);
  if (pinCertificate && pinExponent) {
    // See Book 2, 7.1 point 1: the card's own PIN encipherment key, also for biometric data.
    if (!oda.issuerPublicKey) return undefined;
    const remainder = data.get(TAG_9F2F_ICC_PIN_ENCIPHERMENT_PK_REMAINDER);
    return recover(context, () =>
      recoverIccPublicKey({
        issuerKey: oda.issuerPublicKey!,
        certificate: pinCertificate,
        ...(remainder ? { remainder } : {}),
        exponent: pinExponent,
        pan: panDigits(data.get(TAG_5A_PAN)!),
        staticData: new Uint8Array(),
        today,
      }),
    );
  }
  // See Book 2, 7.1 point 2: the ICC Public Key of offline dynamic data authentication.
  if (oda.iccPublicKey) return oda.iccPublicKey;
  const certificate = data.get(TAG_9F46_ICC_PUBLIC_KEY_CERTIFICATE);
  const exponent = data.get(TAG_9F47_ICC_PUBLIC_KEY_EXPONENT);
  if (!certificate || !exponent || !oda.issuerPublicKey || !oda.staticData) return undefined;
  const remainder = data.get(TAG_9F48_ICC_PUBLIC_KEY_REMAINDER);
  return recover(context, () =>
    recoverIccPublicKey({
      issuerKey: oda.issuerPublicKey!,
      certificate,
      ...(remainder ? { remainder } : {}),
      exponent,
      pan: panDigits(data.get(TAG_5A_PAN)!),
      staticData: oda.staticData!,
      today,
    }),
  );
}

function recover(context: TransactionContext, fn: () => RsaPublicKey): RsaPublicKey | undefined {
  try {
    return fn();
  } catch (error) {
    if (!(error instanceof EmvError)) throw error;
    logStep(context, `biometric encipherment key not recovered: ${error.code}`);
    return undefined;
  }
}
