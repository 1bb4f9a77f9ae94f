/**
 * GET DATA: 80 CA <tag> 00 for the card's counters: ATC (9F36), PIN Try Counter (9F17), Last Online ATC Register
 * (9F13), Biometric Try Counters Template (BF4C, finger only) and Preferred Attempts Template (BF4D). No
 * transaction log is kept, so Log Format (9F4F) and anything else is 6A88.
 *
 * @remarks See EMV 4.4 Book 3, 6.5.7 (GET DATA) and Annex A (the data objects; BF4C / BF4D with DF51 finger).
 */
import type { AppletContext, AppletResponse } from '../applet.ts';
import { berTlv } from '../ber-tlv.ts';
import type { CommandApdu } from '../command-apdu.ts';
import * as SW from '../status-word.ts';
import { encodeBiometricTryCounters, encodePreferredAttempts } from '../../emv/biometric/biometric-data-objects.ts';
import { TAG_9F13_LAST_ONLINE_ATC_REGISTER, TAG_9F17_PIN_TRY_COUNTER, TAG_9F36_ATC } from '../../emv/tlv/tags.ts';
import { TAG_BF4C_BIOMETRIC_TRY_COUNTERS_TEMPLATE, TAG_BF4D_PREFERRED_ATTEMPTS_TEMPLATE } from './payment-constants.ts';
import { KEY, PaymentStore } from './payment-store.ts';

const two = (value: number): Uint8Array => Uint8Array.of(value >> 8, value & 0xff);

export function getData(apdu: CommandApdu, context: AppletContext): AppletResponse {
  if (apdu.data.length > 0) return { sw: SW.SW_6700_WRONG_LENGTH };
  const tag = (apdu.p1 << 8) | apdu.p2; // See Book 3, 6.5.7.2: P1 P2 = the tag.
  const store = new PaymentStore(context.store);
  const ok = (value: Uint8Array): AppletResponse => ({ data: berTlv(tag, value), sw: SW.SW_9000_NO_ERROR });
  switch (tag) {
    case TAG_9F36_ATC:
      return ok(two(context.atc.value));
    case TAG_9F17_PIN_TRY_COUNTER:
      return ok(Uint8Array.of(store.byte(KEY.PIN_TRIES)));
    case TAG_9F13_LAST_ONLINE_ATC_REGISTER:
      return ok(two(store.lastOnlineAtc()));
    case TAG_BF4C_BIOMETRIC_TRY_COUNTERS_TEMPLATE:
      return ok(encodeBiometricTryCounters({ finger: store.byte(KEY.FINGER_TRIES) }));
    case TAG_BF4D_PREFERRED_ATTEMPTS_TEMPLATE:
      return ok(encodePreferredAttempts({ finger: store.byte(KEY.FINGER_PREFERRED) }));
    default:
      return { sw: SW.SW_6A88_DATA_NOT_FOUND };
  }
}
