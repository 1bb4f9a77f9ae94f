/**
 * LOAD ENTITLEMENTS: 80 D4 00 00 Lc DF52 <entitlement load CBOR>. Only a load signed by the issuer key (the key of
 * the issuer certificate on the card) with a sequence above the last accepted one is taken: unsigned or badly signed
 * 6982, already seen or for a month already past 9D08, for another card or malformed 6A80. A load for the counters'
 * month applies at once (what was consumed stays consumed); one for a later month waits for that month.
 */
import type { AppletContext, AppletResponse } from '../applet.ts';
import type { CommandApdu } from '../command-apdu.ts';
import * as SW from '../status-word.ts';
import { decodeTlv } from '../../emv/tlv/decode-tlv.ts';
import { decodeCertificate } from '../../terminal/schemas/certificate.ts';
import { entitlementLoadCodec } from './entitlement-load.ts';
import type { EntitlementLoad } from './entitlement-load.ts';
import { applyMonthLoad } from './entitlement-rules.ts';
import { STATUS_CODE } from './gov-card-data.ts';
import { SW_6982_SECURITY_STATUS_NOT_SATISFIED, SW_9D02_CARD_DESTROYED, SW_9D08_LOAD_REPLAYED } from './gov-status-words.ts';
import { GovStore, KEY } from './gov-store.ts';
import { TAG_DF52_ENTITLEMENT_LOAD } from './gov-tags.ts';

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** LOAD ENTITLEMENTS (80 D4): takes an issuer-signed, never-seen entitlement load. */
export function loadEntitlements(apdu: CommandApdu, context: AppletContext): AppletResponse {
  if (apdu.p1 !== 0 || apdu.p2 !== 0) return { sw: SW.SW_6A86_WRONG_P1_P2 };
  let bytes: Uint8Array | undefined;
  let load: EntitlementLoad | undefined;
  try {
    const nodes = decodeTlv(apdu.data, { recurse: false });
    if (nodes.length === 1 && nodes[0]!.tag === TAG_DF52_ENTITLEMENT_LOAD) {
      bytes = nodes[0]!.value;
      load = entitlementLoadCodec.decode(bytes);
    }
  } catch {
    load = undefined;
  }
  if (!load || !bytes) return { sw: SW.SW_6A80_WRONG_DATA };
  const gov = new GovStore(context.store);
  if (gov.number(KEY.STATUS) === STATUS_CODE.destroyed) return { sw: SW_9D02_CARD_DESTROYED };
  const issuerKey = decodeCertificate(gov.bytes(KEY.ISSUER_CERT)).publicKey;
  if (!entitlementLoadCodec.verify(load, issuerKey)) return { sw: SW_6982_SECURITY_STATUS_NOT_SATISFIED };
  if (!sameBytes(load.cardId, gov.profile().cardId)) return { sw: SW.SW_6A80_WRONG_DATA };
  const counters = gov.counters();
  if (load.sequence <= gov.number(KEY.LOAD_SEQ) || load.month < counters.month) return { sw: SW_9D08_LOAD_REPLAYED };
  gov.setNumber(KEY.LOAD_SEQ, load.sequence);
  gov.raw.set(KEY.GRANT, bytes);
  if (load.month === counters.month) gov.setCounters(applyMonthLoad(counters, load));
  else gov.raw.set(KEY.PENDING_LOAD, bytes);
  return { sw: SW.SW_9000_NO_ERROR };
}
