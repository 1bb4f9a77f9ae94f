/**
 * READ LOG: the card's log of its last debits (the signed debit proofs), so a terminal that lost the response to a
 * DEBIT (card pulled, power cut) can tell at the next insertion whether the debit happened: it compares the last
 * entry's challenge and terminal id with its own pending transaction.
 * 80 B2 P1 00: P1 = 0 → DF51 <count>; P1 = n (1 = most recent) → DF50 <debit proof CBOR>; none: 6A83.
 */
import type { AppletContext, AppletResponse } from '../applet.ts';
import { berTlv } from '../ber-tlv.ts';
import type { CommandApdu } from '../command-apdu.ts';
import * as SW from '../status-word.ts';
import { GovStore, KEY } from './gov-store.ts';
import { TAG_DF50_DEBIT_PROOF, TAG_DF51_LOG_COUNT } from './gov-tags.ts';

/** READ LOG (80 B2 P1 00): the log count (P1 = 0) or the P1-th most recent debit proof. */
export function readLog(apdu: CommandApdu, context: AppletContext): AppletResponse {
  if (apdu.p2 !== 0) return { sw: SW.SW_6A86_WRONG_P1_P2 };
  if (apdu.data.length > 0) return { sw: SW.SW_6700_WRONG_LENGTH };
  const log = new GovStore(context.store).log();
  if (apdu.p1 === 0) return { data: berTlv(TAG_DF51_LOG_COUNT, Uint8Array.of(log.length)), sw: SW.SW_9000_NO_ERROR };
  const entry = log[log.length - apdu.p1];
  return entry ? { data: berTlv(TAG_DF50_DEBIT_PROOF, entry), sw: SW.SW_9000_NO_ERROR } : { sw: SW.SW_6A83_RECORD_NOT_FOUND };
}

/** Appends a debit proof to the log (inside the command's transaction), keeping the last `log-size` entries. */
export function appendToLog(gov: GovStore, proof: Uint8Array): void {
  const size = gov.number(KEY.LOG_SIZE);
  gov.setLog([...gov.log(), proof].slice(-size));
}
