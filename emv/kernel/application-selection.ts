import { EmvCommands } from '../apdu/emv-commands.ts';
import { EmvError } from '../errors.ts';
import { toHex } from '../tlv/hex.ts';
import {
  TAG_4F_APPLICATION_IDENTIFIER,
  TAG_50_APPLICATION_LABEL,
  TAG_61_APPLICATION_TEMPLATE,
  TAG_6F_FCI_TEMPLATE,
  TAG_70_READ_RECORD_TEMPLATE,
  TAG_84_DF_NAME,
  TAG_87_APPLICATION_PRIORITY_INDICATOR,
  TAG_88_SFI,
  TAG_9F12_APPLICATION_PREFERRED_NAME,
  TAG_A5_FCI_PROPRIETARY_TEMPLATE,
} from '../tlv/tags.ts';
import type { Tlv } from '../tlv/tlv-node.ts';
import type { Transceiver } from '../transceiver.ts';
import { cardFault, childValue, decodeCardTlv, exchange, sameBytes, startsWith, swHex } from './card-exchange.ts';
import type { TerminalApplication } from './terminal-config.ts';

/** The Payment System Environment's DDF name, '1PAY.SYS.DDF01'. See EMV 4.4 Book 1, 12.2.2. */
export const PSE_NAME = new TextEncoder().encode('1PAY.SYS.DDF01');

/** One mutually supported application. */
export interface CandidateApplication {
  /** The card's ADF name (4F from the PSE, 84 from a SELECT). */
  readonly adfName: Uint8Array;
  /** The terminal application it matched. */
  readonly terminalApplication: TerminalApplication;
  readonly label?: string;
  readonly preferredName?: string;
  /** Application Priority Indicator (87) b4-b1: 1 highest .. 15; 0 or absent = no priority. */
  readonly priority: number;
  /** 87 b8: cardholder confirmation required. */
  readonly confirmationRequired: boolean;
}

/** What {@link buildCandidateList} found, and how. */
export interface CandidateList {
  readonly candidates: CandidateApplication[];
  readonly method: 'pse' | 'list-of-aids';
  readonly log: string[];
}

// See EMV 4.4 Book 1, 11.3.5 and 12.3: the status words selection distinguishes.
const SW_OK = 0x9000;
const SW_SELECTED_FILE_INVALIDATED = 0x6283;
const SW_FUNCTION_NOT_SUPPORTED = 0x6a81;
const SW_RECORD_NOT_FOUND = 0x6a83;

/**
 * Builds the candidate list: first through the Payment System Environment (SELECT '1PAY.SYS.DDF01', READ
 * RECORD of its directory), else by trying each terminal AID (with partial selection and next occurrence).
 * Blocked applications (6283) are left out; a blocked card (6A81 to the first SELECT) ends the transaction
 * with `EMV_CARD_REFUSED`. Candidates are ordered by Application Priority Indicator, ties in card order.
 * @remarks See EMV 4.4 Book 1, 12.3 (Building the Candidate List), 12.3.2 (PSE), 12.3.3 (List of AIDs).
 */
export async function buildCandidateList(
  trx: Transceiver,
  applications: readonly TerminalApplication[],
): Promise<CandidateList> {
  const log: string[] = [];
  const fromPse = await candidatesFromPse(trx, applications, log);
  if (fromPse && fromPse.length > 0) return { candidates: byPriority(fromPse), method: 'pse', log };
  const fromList = await candidatesFromListOfAids(trx, applications, log);
  return { candidates: byPriority(fromList), method: 'list-of-aids', log };
}

/** See Book 1, 12.3.2. `undefined` when the PSE is absent or unusable (then the list of AIDs is used). */
async function candidatesFromPse(
  trx: Transceiver,
  applications: readonly TerminalApplication[],
  log: string[],
): Promise<CandidateApplication[] | undefined> {
  // See Book 1, 12.3.2 step 1: SELECT 00 A4 04 00 0E '1PAY.SYS.DDF01' 00.
  const selected = await exchange(trx, EmvCommands.selectByName(PSE_NAME));
  if (selected.sw === SW_FUNCTION_NOT_SUPPORTED) {
    // See Book 1, 12.3.2: 6A81 to the first SELECT: card blocked or SELECT not supported: terminate.
    throw cardFault('EMV_CARD_REFUSED', 'the card is blocked or does not support SELECT (6A81)');
  }
  if (selected.sw !== SW_OK) {
    log.push(`PSE not usable (${swHex(selected.sw)}): list of AIDs`);
    return undefined;
  }
  let sfi: number | undefined;
  try {
    const fci = decodeCardTlv(selected.data, 'PSE FCI');
    const proprietary = fci.find((n) => n.tag === TAG_6F_FCI_TEMPLATE)?.children?.find((n) => n.tag === TAG_A5_FCI_PROPRIETARY_TEMPLATE);
    const sfiValue = childValue(proprietary?.children, TAG_88_SFI);
    if (sfiValue?.length === 1 && sfiValue[0]! >= 1 && sfiValue[0]! <= 10) sfi = sfiValue[0];
  } catch (error) {
    if (!(error instanceof EmvError)) throw error;
  }
  if (sfi === undefined) {
    log.push('PSE FCI without a usable directory SFI (88): list of AIDs');
    return undefined;
  }
  const found: CandidateApplication[] = [];
  // See Book 1, 12.3.2 step 2: READ RECORD from record 1 until 6A83.
  for (let record = 1; record <= 255; record++) {
    const answer = await exchange(trx, EmvCommands.readRecord(sfi, record));
    if (answer.sw === SW_RECORD_NOT_FOUND) break;
    if (answer.sw !== SW_OK) {
      log.push(`PSE directory record ${record}: ${swHex(answer.sw)}: list of AIDs`);
      return undefined;
    }
    let entries: readonly Tlv[];
    try {
      const nodes = decodeCardTlv(answer.data, `PSE directory record ${record}`);
      const template = nodes.find((n) => n.tag === TAG_70_READ_RECORD_TEMPLATE);
      if (!template?.children) throw cardFault('EMV_CARD_DATA_INVALID', 'not a 70 template');
      entries = template.children.filter((n) => n.tag === TAG_61_APPLICATION_TEMPLATE);
    } catch (error) {
      if (!(error instanceof EmvError)) throw error;
      log.push(`PSE directory record ${record} malformed: list of AIDs`);
      return undefined;
    }
    // See Book 1, 12.3.2 step 3: each Application Template (61) with an ADF name (4F); DDF entries (9D) are
    // not followed by this kernel.
    for (const entry of entries) {
      const adfName = childValue(entry.children, TAG_4F_APPLICATION_IDENTIFIER);
      if (!adfName || adfName.length < 5 || adfName.length > 16) continue;
      const match = matchTerminalApplication(adfName, applications);
      if (!match) continue;
      found.push(candidateOf(adfName, match, entry.children ?? []));
    }
  }
  log.push(`PSE directory: ${found.length} matching application(s)`);
  return found;
}

/** See Book 1, 12.3.3: SELECT each terminal AID; partial names lead to SELECT next occurrence. */
async function candidatesFromListOfAids(
  trx: Transceiver,
  applications: readonly TerminalApplication[],
  log: string[],
): Promise<CandidateApplication[]> {
  const found: CandidateApplication[] = [];
  let first = true;
  for (const application of applications) {
    let next = false;
    // A card answers each next-occurrence SELECT with another application or an error; bound the loop anyway.
    for (let occurrence = 0; occurrence < 32; occurrence++) {
      const answer = await exchange(trx, EmvCommands.selectByName(application.aid, next));
      if (first && answer.sw === SW_FUNCTION_NOT_SUPPORTED) {
        // See Book 1, 12.3.3 step 1: 6A81 to the first SELECT: card blocked: terminate.
        throw cardFault('EMV_CARD_REFUSED', 'the card is blocked or does not support SELECT (6A81)');
      }
      first = false;
      if (answer.sw !== SW_OK && answer.sw !== SW_SELECTED_FILE_INVALIDATED) break;
      const fci = parseFciOrUndefined(answer.data);
      const dfName = fci ? childValue(fci.children, TAG_84_DF_NAME) : undefined;
      if (!fci || !dfName) break;
      const blocked = answer.sw === SW_SELECTED_FILE_INVALIDATED;
      if (sameBytes(dfName, application.aid)) {
        // See Book 1, 12.3.3 step 4: an exact match is a candidate unless blocked; then the next terminal AID.
        if (blocked) log.push(`${toHex(dfName)} blocked (6283): not a candidate`);
        else found.push(candidateOf(dfName, application, proprietaryOf(fci)));
        break;
      }
      if (!startsWith(dfName, application.aid)) break;
      // See Book 1, 12.3.3 step 5: a longer DF name: a candidate if partial selection is allowed; then
      // SELECT next occurrence (P2 = 02) with the same AID.
      if (blocked) log.push(`${toHex(dfName)} blocked (6283): not a candidate`);
      else if (application.partialSelection) found.push(candidateOf(dfName, application, proprietaryOf(fci)));
      next = true;
    }
  }
  log.push(`list of AIDs: ${found.length} candidate(s)`);
  return found;
}

function parseFciOrUndefined(data: Uint8Array): Tlv | undefined {
  try {
    return decodeCardTlv(data, 'FCI').find((n) => n.tag === TAG_6F_FCI_TEMPLATE);
  } catch (error) {
    if (error instanceof EmvError) return undefined;
    throw error;
  }
}

function proprietaryOf(fci: Tlv): readonly Tlv[] {
  return fci.children?.find((n) => n.tag === TAG_A5_FCI_PROPRIETARY_TEMPLATE)?.children ?? [];
}

/** The terminal application an ADF name matches exactly, or by partial selection. See Book 1, 12.3.1. */
export function matchTerminalApplication(
  adfName: Uint8Array,
  applications: readonly TerminalApplication[],
): TerminalApplication | undefined {
  return (
    applications.find((app) => sameBytes(app.aid, adfName)) ??
    applications.find((app) => app.partialSelection && adfName.length > app.aid.length && startsWith(adfName, app.aid))
  );
}

function candidateOf(adfName: Uint8Array, application: TerminalApplication, nodes: readonly Tlv[]): CandidateApplication {
  const api = childValue(nodes, TAG_87_APPLICATION_PRIORITY_INDICATOR);
  const label = childValue(nodes, TAG_50_APPLICATION_LABEL);
  const preferred = childValue(nodes, TAG_9F12_APPLICATION_PREFERRED_NAME);
  const text = (bytes: Uint8Array): string => new TextDecoder('latin1').decode(bytes).replace(/[^\x20-\x7e]/g, '?');
  return {
    adfName: Uint8Array.from(adfName),
    terminalApplication: application,
    ...(label ? { label: text(label) } : {}),
    ...(preferred ? { preferredName: text(preferred) } : {}),
    // See Book 1, 12.2.3, table 13: 87 b4-b1 priority, b8 confirmation required.
    priority: api?.length === 1 ? api[0]! & 0x0f : 0,
    confirmationRequired: api?.length === 1 ? (api[0]! & 0x80) !== 0 : false,
  };
}

/** See Book 1, 12.4: priority 1 first, 15 last, no priority (0) after; ties keep the card's order. */
function byPriority(candidates: CandidateApplication[]): CandidateApplication[] {
  const rank = (c: CandidateApplication): number => (c.priority === 0 ? 16 : c.priority);
  return candidates.map((c, i) => [c, i] as const).sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1]).map(([c]) => c);
}
