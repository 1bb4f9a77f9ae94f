/**
 * The services suites' match-on-card verifier: it sends each scripted probe straight to the card with VERIFY
 * (biometric), so a suite decides exactly what the card sees. The product's verifier is
 * `MatchOnCardVerifier` (terminal/biometrics-verify/), which adds the capture policy (ask again on low quality,
 * PIN at once for a vendor template or a blocked card); suites that test those paths use it.
 */
import type { Transceiver } from '../../../emv/transceiver.ts';
import type { FingerprintReference, FingerprintVerification, FingerprintVerifier, FingerprintVerifyOptions } from '../../../terminal/hal/fingerprint-verifier.ts';
import { GovApdu } from '../../../terminal/services/gov-apdu.ts';
import { govCardChannel } from '../../../terminal/services/gov-card-channel.ts';
import { ServiceError } from '../../../terminal/services/service-error.ts';

/** What the verifier needs from a scanner: one capture, yielding a template or a reason to ask again. */
export interface ProbeScanner {
  capture(options: { readonly purpose: 'verify'; readonly signal?: AbortSignal; readonly timeoutMs?: number }): Promise<{
    readonly template?: Uint8Array;
    readonly rejected?: string;
  }>;
}

/** A verifier for `{ kind: 'card' }` references over `transceive` (KARTGOV selected). */
export function createMatchOnCardVerifier(scanner: ProbeScanner, transceive: Transceiver): FingerprintVerifier {
  return {
    async verify(reference: FingerprintReference, options: FingerprintVerifyOptions = {}): Promise<FingerprintVerification> {
      if (reference.kind !== 'card') return { outcome: 'error' };
      const capture = await scanner.capture({ purpose: 'verify', ...options });
      if (!capture.template || capture.rejected) return { outcome: 'low-quality' };
      // See COMMANDS.md, VERIFY (biometric): 9000 match, 63Cx no match, 6983 blocked (the PIN still works).
      const { sw } = await govCardChannel(transceive, options.signal).send(GovApdu.verifyBiometric(capture.template), 'VERIFY biometric');
      if (sw === 0x9000) return { outcome: 'match' };
      if ((sw & 0xfff0) === 0x63c0) return { outcome: 'no-match' };
      if (sw === 0x6983 || sw === 0x6a80) return { outcome: 'error' };
      throw new ServiceError('SVC_CARD_PROTOCOL', `VERIFY biometric: the card answered ${sw.toString(16)}`);
    },
  };
}
