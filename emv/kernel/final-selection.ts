import { EmvCommands } from '../apdu/emv-commands.ts';
import { EmvError } from '../errors.ts';
import { toHex } from '../tlv/hex.ts';
import { TAG_6F_FCI_TEMPLATE, TAG_84_DF_NAME, TAG_A5_FCI_PROPRIETARY_TEMPLATE } from '../tlv/tags.ts';
import type { Tlv } from '../tlv/tlv-node.ts';
import type { Transceiver } from '../transceiver.ts';
import type { CandidateApplication } from './application-selection.ts';
import { cardFault, childValue, decodeCardTlv, exchange, sameBytes, swHex } from './card-exchange.ts';

/**
 * Lets the cardholder pick among the candidates (highest priority first); returns the index chosen, or
 * `undefined` when the cardholder cancels. Called when there is more than one candidate, or when the only
 * one asks for confirmation (87 b8). See EMV 4.4 Book 1, 12.4.
 */
export type ChooseApplication = (candidates: readonly CandidateApplication[]) => Promise<number | undefined>;

/** The application selected for the transaction and the primitive data objects of its FCI. */
export interface SelectedApplication {
  readonly candidate: CandidateApplication;
  /** DF name (84) as the card confirmed it. */
  readonly dfName: Uint8Array;
  /** Primitive objects of the FCI (84, 50, 87, 9F38, 5F2D, 9F11, 9F12, BF0C contents ...) by tag. */
  readonly fciData: ReadonlyMap<number, Uint8Array>;
}

/**
 * Final selection: chooses an application (by priority, or through `choose`), SELECTs it and checks its FCI.
 * A SELECT that fails (not 9000, or an FCI without 84 and A5) removes that candidate from `candidates` (the
 * array is changed) and selection starts again; an empty list ends with `EMV_NO_APPLICATION`.
 * @remarks See EMV 4.4 Book 1, 12.4 (Final Selection) and 11.3.4 (FCI returned by SELECT).
 */
export async function finalSelection(
  trx: Transceiver,
  candidates: CandidateApplication[],
  choose?: ChooseApplication,
  log: string[] = [],
): Promise<SelectedApplication> {
  while (candidates.length > 0) {
    const index = await pick(candidates, choose);
    if (index === undefined) throw cardFault('EMV_NO_APPLICATION', 'no application chosen');
    const candidate = candidates[index]!;
    // See Book 1, 12.4 step 4: SELECT 00 A4 04 00 Lc <ADF name> 00.
    const answer = await exchange(trx, EmvCommands.selectByName(candidate.adfName));
    const fciData = answer.sw === 0x9000 ? readFci(answer.data, candidate.adfName) : undefined;
    if (fciData) {
      log.push(`selected ${toHex(candidate.adfName)}${candidate.label ? ` (${candidate.label})` : ''}`);
      return { candidate, dfName: candidate.adfName, fciData };
    }
    // See Book 1, 12.4: the application cannot be selected: remove it and choose again.
    log.push(`SELECT ${toHex(candidate.adfName)} failed (${swHex(answer.sw)}): removed from the candidates`);
    candidates.splice(index, 1);
  }
  throw cardFault('EMV_NO_APPLICATION', 'no mutually supported application is left');
}

async function pick(candidates: readonly CandidateApplication[], choose?: ChooseApplication): Promise<number | undefined> {
  // See Book 1, 12.4 steps 1-3.
  if (candidates.length === 1 && !candidates[0]!.confirmationRequired) return 0;
  if (choose) {
    const index = await choose(candidates);
    if (index === undefined) return undefined;
    if (!Number.isInteger(index) || index < 0 || index >= candidates.length) {
      throw new EmvError('EMV_FORMAT_INVALID', `chooseApplication returned ${String(index)}, not a candidate index`);
    }
    return index;
  }
  // Without a way to ask: the highest-priority application that needs no confirmation.
  const index = candidates.findIndex((c) => !c.confirmationRequired);
  return index < 0 ? undefined : index;
}

/** The FCI's primitive data by tag, or `undefined` when it is not 6F with 84 (equal to `name`) and A5. */
function readFci(data: Uint8Array, name: Uint8Array): Map<number, Uint8Array> | undefined {
  let nodes: Tlv[];
  try {
    nodes = decodeCardTlv(data, 'FCI');
  } catch (error) {
    if (error instanceof EmvError) return undefined;
    throw error;
  }
  const fci = nodes.find((n) => n.tag === TAG_6F_FCI_TEMPLATE);
  const dfName = childValue(fci?.children, TAG_84_DF_NAME);
  const proprietary = fci?.children?.find((n) => n.tag === TAG_A5_FCI_PROPRIETARY_TEMPLATE);
  if (!fci || !dfName || !proprietary || !sameBytes(dfName, name)) return undefined;
  const out = new Map<number, Uint8Array>();
  const collect = (list: readonly Tlv[]): void => {
    for (const node of list) {
      if (node.children) collect(node.children);
      else if (!out.has(node.tag)) out.set(node.tag, node.value);
    }
  };
  collect(fci.children ?? []);
  return out;
}
