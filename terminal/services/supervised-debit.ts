/**
 * The supervised exception at the card, right before its DEBIT: the household card's ATC is read (READ DATA 9F36),
 * the supervisor's card (second slot) signs an authorization over the household card id, that ATC, the debit's
 * challenge, the date, this terminal and the reason (SUPERVISE), and the household card is shown it (VERIFY
 * SUPERVISED). Only a supervisor's card of the household card's own issuer can make it accept; the DEBIT that follows
 * must carry the same challenge, and its proof (version 3) signs the exception. A refusal on either card is the
 * decline `CARDHOLDER_NOT_VERIFIED` with that card's status word (6985: the card in the slot is no supervisor's;
 * 6982: the household card refused the authorization). The supervisor's card is released in every case.
 */
import type { VerificationEvent } from '../auth/cardholder-verification.ts';
import { SUPERVISION_REASON } from '../schemas/supervisor-authorization.ts';
import type { SupervisionReason } from '../schemas/supervisor-authorization.ts';
import { GovApdu } from './gov-apdu.ts';
import { TAG_9F36_ATC } from '../schemas/kartgov-tags.ts';
import type { GovCardChannel } from './gov-card-channel.ts';
import { valueOf } from './gov-card-channel.ts';
import { declineSale } from './sale-records.ts';
import type { SaleContext } from './sale-records.ts';
import type { TransactionDeclined } from './transaction-types.ts';

/** Why the exception: the PIN was blocked (or no method was left), or the holder failed the tries. */
export function supervisionReasonOf(events: readonly VerificationEvent[]): SupervisionReason {
  const blocked = events.some((e) => (e.type === 'CVM_PIN' && e.outcome === 'blocked') || e.type === 'CVM_NO_REFERENCE');
  return blocked ? SUPERVISION_REASON.METHOD_BLOCKED : SUPERVISION_REASON.VERIFICATION_FAILED;
}

/** Presents the supervisor's authorization for the debit with `challenge`; undefined when the card accepted it. */
export async function presentSupervision(
  ctx: SaleContext,
  channel: GovCardChannel,
  challenge: Uint8Array,
): Promise<TransactionDeclined | undefined> {
  const desk = ctx.config.devices.supervisor;
  if (!desk || !ctx.cardId) return declineSale(ctx, 'CARDHOLDER_NOT_VERIFIED');
  try {
    // See COMMANDS.md, READ DATA 9F36: the ATC the authorization binds (the debit moves it: one use).
    const atcAnswer = await channel.send(GovApdu.readData(TAG_9F36_ATC), 'READ DATA 9F36');
    const atcBytes = valueOf(atcAnswer.data, TAG_9F36_ATC, 'READ DATA 9F36');
    const atc = atcBytes.reduce((n, b) => n * 256 + b, 0);
    const options = channel.signal ? { signal: channel.signal } : {};
    const signed = await desk.authorize({
      cardId: ctx.cardId, atc, challenge, day: ctx.today, terminalId: ctx.config.terminalId, reason: supervisionReasonOf(ctx.verification),
    }, options);
    if ('refusedSw' in signed) return declineSale(ctx, 'CARDHOLDER_NOT_VERIFIED', { cardSw: signed.refusedSw });
    // See COMMANDS.md, VERIFY SUPERVISED: 9000 accepted for this one debit; 6982 refused.
    const { sw } = await channel.send(GovApdu.verifySupervised(signed.certificate, signed.authorization), 'VERIFY SUPERVISED');
    return sw === 0x9000 ? undefined : declineSale(ctx, 'CARDHOLDER_NOT_VERIFIED', { cardSw: sw });
  } finally {
    await desk.release();
  }
}
