import { EmvCommands } from '../apdu/emv-commands.ts';
import { EmvError } from '../errors.ts';
import { decodeTlv } from '../tlv/decode-tlv.ts';
import { findTlv } from '../tlv/find-tlv.ts';
import {
  TAG_9F13_LAST_ONLINE_ATC_REGISTER,
  TAG_9F14_LOWER_CONSECUTIVE_OFFLINE_LIMIT,
  TAG_9F23_UPPER_CONSECUTIVE_OFFLINE_LIMIT,
  TAG_9F36_ATC,
} from '../tlv/tags.ts';
import type { Transceiver } from '../transceiver.ts';
import { exchange } from './card-exchange.ts';
import type { RandomSelection } from './terminal-config.ts';
import { logStep, type TransactionContext } from './transaction-context.ts';
import { TSI } from './tsi.ts';
import { TVR, setBit } from './tvr.ts';

/** What terminal risk management needs besides the card's data. */
export interface TerminalRiskManagementInput {
  /** Amount, Authorised in binary minor units. */
  readonly amountAuthorised: number;
  /** Terminal Floor Limit (9F1B), binary minor units. */
  readonly floorLimit: number;
  readonly randomSelection: RandomSelection;
  /** A uniform number in [0, 1): seeded in tests. */
  readonly random: () => number;
}

/**
 * Terminal Risk Management: floor limit, random transaction selection (biased above the threshold), and
 * velocity checking with GET DATA of the ATC (9F36) and Last Online ATC Register (9F13) when the card has both
 * consecutive offline limits (9F14, 9F23). Sets TVR byte 4 b8..b5 and byte 2 b4 ('new card'), and the TSI bit.
 * No exception file is kept (TVR byte 1 b5 is never set) and no transaction log is summed for split sales.
 * @remarks See EMV 4.4 Book 3, 10.6 (10.6.1 floor limits, 10.6.2 random transaction selection, 10.6.3
 * velocity checking), 6.5.7 (GET DATA).
 */
export async function terminalRiskManagement(context: TransactionContext, input: TerminalRiskManagementInput): Promise<void> {
  const notes: string[] = [];
  const { amountAuthorised: amount, floorLimit } = input;
  // See Book 3, 10.6.1: amount at or above the floor limit.
  if (amount >= floorLimit) {
    setBit(context.tvr, TVR.TXN_FLOOR_LIMIT_EXCEEDED);
    notes.push('floor limit exceeded');
  } else if (randomlySelected(amount, floorLimit, input.randomSelection, input.random)) {
    // See Book 3, 10.6.2: only transactions below the floor limit are selected at random.
    setBit(context.tvr, TVR.RANDOMLY_SELECTED_FOR_ONLINE);
    notes.push('selected at random for online');
  }
  // See Book 3, 10.6.3: velocity checking when the card has both limits.
  const lower = context.data.get(TAG_9F14_LOWER_CONSECUTIVE_OFFLINE_LIMIT);
  const upper = context.data.get(TAG_9F23_UPPER_CONSECUTIVE_OFFLINE_LIMIT);
  if (lower?.length === 1 && upper?.length === 1) notes.push(await velocityCheck(context, lower[0]!, upper[0]!));
  setBit(context.tsi, TSI.TERMINAL_RISK_MANAGEMENT_PERFORMED);
  logStep(context, `terminal risk management: ${notes.length === 0 ? 'nothing to flag' : notes.join(', ')}`);
}

/**
 * See Book 3, 10.6.2: a random number 1..99 against the Target Percentage, or below the floor limit and at or
 * above the threshold against the interpolated Transaction Target Percent.
 */
export function randomlySelected(amount: number, floorLimit: number, selection: RandomSelection, random: () => number): boolean {
  const drawn = Math.min(99, Math.floor(random() * 99) + 1);
  if (amount < selection.thresholdAmount) return drawn <= selection.targetPercent;
  if (floorLimit <= selection.thresholdAmount) return false;
  const percent =
    ((selection.maxTargetPercent - selection.targetPercent) * (amount - selection.thresholdAmount)) /
      (floorLimit - selection.thresholdAmount) +
    selection.targetPercent;
  return drawn <= percent;
}

async function velocityCheck(context: TransactionContext, lower: number, upper: number): Promise<string> {
  const atc = await getDataCounter(context.trx, TAG_9F36_ATC);
  const lastOnline = atc === undefined ? undefined : await getDataCounter(context.trx, TAG_9F13_LAST_ONLINE_ATC_REGISTER);
  if (atc === undefined || lastOnline === undefined) {
    // See Book 3, 10.6.3: a counter not returned: both limit bits, and 'new card' is not set.
    setBit(context.tvr, TVR.LOWER_CONSECUTIVE_OFFLINE_LIMIT_EXCEEDED);
    setBit(context.tvr, TVR.UPPER_CONSECUTIVE_OFFLINE_LIMIT_EXCEEDED);
    return 'velocity counters not returned: both offline limits flagged';
  }
  context.data.set(TAG_9F36_ATC, Uint8Array.of(atc >> 8, atc & 0xff));
  context.data.set(TAG_9F13_LAST_ONLINE_ATC_REGISTER, Uint8Array.of(lastOnline >> 8, lastOnline & 0xff));
  const notes = [`ATC ${atc}, last online ${lastOnline}`];
  if (atc <= lastOnline) {
    // See Book 3, 10.6.3: an ATC not above the Last Online ATC Register: both limit bits.
    setBit(context.tvr, TVR.LOWER_CONSECUTIVE_OFFLINE_LIMIT_EXCEEDED);
    setBit(context.tvr, TVR.UPPER_CONSECUTIVE_OFFLINE_LIMIT_EXCEEDED);
    notes.push('ATC not above last online: both offline limits flagged');
  } else {
    const offline = atc - lastOnline;
    if (offline > lower) {
      setBit(context.tvr, TVR.LOWER_CONSECUTIVE_OFFLINE_LIMIT_EXCEEDED);
      notes.push('lower offline limit exceeded');
    }
    if (offline > upper) {
      setBit(context.tvr, TVR.UPPER_CONSECUTIVE_OFFLINE_LIMIT_EXCEEDED);
      notes.push('upper offline limit exceeded');
    }
  }
  if (lastOnline === 0) {
    // See Book 3, 10.6.3: Last Online ATC Register zero: new card.
    setBit(context.tvr, TVR.NEW_CARD);
    notes.push('new card');
  }
  return notes.join(', ');
}

/** GET DATA of a 2-byte counter; `undefined` when the card does not return it as such. */
async function getDataCounter(trx: Transceiver, tag: number): Promise<number | undefined> {
  const answer = await exchange(trx, EmvCommands.getData(tag));
  if (answer.sw !== 0x9000) return undefined;
  try {
    const value = findTlv(decodeTlv(answer.data), tag)?.value;
    return value?.length === 2 ? value[0]! * 256 + value[1]! : undefined;
  } catch (error) {
    if (error instanceof EmvError) return undefined;
    throw error;
  }
}
