/**
 * Talking to an old ration card through the terminal's one seam to the card (`Transceiver`): read it, debit its
 * balance, stop it. Whatever the card answers becomes an outcome value, never a crash: a card that is not an old
 * ration card, a file that does not parse, a refused debit. Transport faults (`HalError`) pass through.
 */
import type { Transceiver } from '../../emv/transceiver.ts';
import { EmvCommands } from '../../emv/apdu/emv-commands.ts';
import { parseResponseApdu } from '../../emv/apdu/response-apdu.ts';
import { LEGACY_RATION_AID, LegacyCommands, parseLegacyCardFile, SW_9E01_BALANCE_INSUFFICIENT } from './legacy-card-file.ts';
import type { LegacyCardData } from './legacy-card-file.ts';

/** Why talking to the card did not give what was asked. */
export type LegacyCardProblem = 'NOT_A_LEGACY_CARD' | 'LEGACY_CARD_UNREADABLE' | 'LEGACY_CARD_STOPPED' | 'LEGACY_BALANCE_INSUFFICIENT' | 'LEGACY_CARD_REFUSED';

export type LegacyCardResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: LegacyCardProblem; readonly sw?: number };

/** SELECT RATION1, then READ BINARY of its file. A stopped card still reads (SELECT answers 6283). */
export async function readLegacyCard(transceive: Transceiver): Promise<LegacyCardResult<LegacyCardData>> {
  const select = parseResponseApdu(await transceive(EmvCommands.selectByName(LEGACY_RATION_AID)));
  if (select.sw !== 0x9000 && select.sw !== 0x6283) return { ok: false, problem: 'NOT_A_LEGACY_CARD', sw: select.sw };
  const read = parseResponseApdu(await transceive(LegacyCommands.readBinary()));
  const file = read.sw === 0x9000 ? parseLegacyCardFile(read.data) : undefined;
  if (!file) return { ok: false, problem: 'LEGACY_CARD_UNREADABLE', sw: read.sw };
  return { ok: true, value: file };
}

/** DEBIT of `piastres` (the card selected): the balance after and the card's ATC. */
export async function debitLegacyCard(
  transceive: Transceiver,
  piastres: number,
): Promise<LegacyCardResult<{ readonly balanceAfter: number; readonly atc: number }>> {
  const r = parseResponseApdu(await transceive(LegacyCommands.debit(piastres)));
  if (r.sw === 0x6985) return { ok: false, problem: 'LEGACY_CARD_STOPPED', sw: r.sw };
  if (r.sw === SW_9E01_BALANCE_INSUFFICIENT) return { ok: false, problem: 'LEGACY_BALANCE_INSUFFICIENT', sw: r.sw };
  if (r.sw !== 0x9000 || r.data.length !== 6) return { ok: false, problem: 'LEGACY_CARD_REFUSED', sw: r.sw };
  const view = new DataView(r.data.buffer, r.data.byteOffset, 6);
  return { ok: true, value: { balanceAfter: view.getUint32(0), atc: view.getUint16(4) } };
}

/** STOP (the card selected): sent when the terminal knows the household has switched; idempotent. */
export async function stopLegacyCard(transceive: Transceiver): Promise<LegacyCardResult<true>> {
  const r = parseResponseApdu(await transceive(LegacyCommands.stop()));
  return r.sw === 0x9000 ? { ok: true, value: true } : { ok: false, problem: 'LEGACY_CARD_REFUSED', sw: r.sw };
}
