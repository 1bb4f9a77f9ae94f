/**
 * One reader of the simulator and the card in it: the state `SimCardReader` and its connections share.
 */
import type { CardProtocol, ShareMode } from '../card-reader.ts';
import type { HalErrorCode } from '../errors.ts';
import type { VirtualCard } from '../../../card/virtual-card.ts';

/** A connection's view of its slot: how it shares the card and why it can no longer talk to it, if it can't. */
export interface SimLink {
  readonly share: ShareMode;
  /** Set when the card went away or was reset under this connection: transmits fail with this code. */
  stale?: { readonly code: HalErrorCode; readonly why: string };
}

/** A reader of the simulator, with its card (if any), its open connections and its queued faults. */
export interface SimSlot {
  readonly name: string;
  card: VirtualCard | undefined;
  readonly links: Set<SimLink>;
  /** Codes the next transmits fail with, one per transmit, oldest first. */
  readonly faults: HalErrorCode[];
  /** Protocol negotiated at the card's last power-up (kept while it stays powered). */
  protocol: CardProtocol | undefined;
}

/** A card that takes a PPS (ISO/IEC 7816-3, 9), as the card OS does; `VirtualCard` leaves it optional. */
type PpsCard = VirtualCard & { selectProtocol?(protocol: 'T=0' | 'T=1'): boolean };

/** Tells the card, right after its ATR, which protocol the reader chose (a PPS), when the card takes one. */
export function selectProtocol(card: VirtualCard, protocol: CardProtocol): void {
  (card as PpsCard).selectProtocol?.(protocol === 'T1' ? 'T=1' : 'T=0');
}

/** Marks every open connection of `slot` except `keep` as unable to talk to the card, for the reason given. */
export function invalidateLinks(slot: SimSlot, code: HalErrorCode, why: string, keep?: SimLink): void {
  for (const link of slot.links) if (link !== keep) link.stale = { code, why };
}
