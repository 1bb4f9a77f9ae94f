/**
 * A small virtual card for the card-reader tests: answers SELECT of the demo AID with 9000 (and echoes the AID as
 * data when Le is present), anything else with 6D00, and can be torn on a chosen command like the card OS.
 */
import type { VirtualCard } from '../../../card/virtual-card.ts';

/** The demo applet's AID (F04B41525444454D4F, "\xF0KARTDEMO"). */
export const DEMO_AID = Uint8Array.from([0xf0, 0x4b, 0x41, 0x52, 0x54, 0x44, 0x45, 0x4d, 0x4f]);

/** SELECT by DF name of the demo applet, first or only occurrence, Le = 00. See ISO/IEC 7816-4, 11.2.2. */
export const SELECT_DEMO = Uint8Array.from([0x00, 0xa4, 0x04, 0x00, DEMO_AID.length, ...DEMO_AID, 0x00]);

/** ATR offering only T=0 (no TD1). */
export const ATR_T0 = Uint8Array.from([0x3b, 0x02, 0x14, 0x50]);
/** ATR offering only T=1 (TD1 = 01, then TCK). */
export const ATR_T1 = Uint8Array.from([0x3b, 0x80, 0x01, 0x81]);

/** Thrown by the test card when torn, named like the card OS's error so readers treat it the same way. */
export class TestCardTornError extends Error {
  override readonly name = 'CardTornError';
}

export interface TestCard extends VirtualCard {
  /** Command APDUs received, oldest first. */
  readonly received: Uint8Array[];
  /** Makes the next command cut power (throws `CardTornError`). */
  tearNext(): void;
  /** Number of power-ons (cold and warm). */
  readonly powerUps: number;
}

export function createTestCard(atr: Uint8Array = ATR_T0): TestCard {
  let powered = false;
  let tear = false;
  let powerUps = 0;
  const received: Uint8Array[] = [];
  const start = (): Uint8Array => {
    powered = true;
    powerUps += 1;
    return atr;
  };
  return {
    atr,
    received,
    get powered() {
      return powered;
    },
    get powerUps() {
      return powerUps;
    },
    powerOn: start,
    powerOff: () => void (powered = false),
    reset: start,
    tearNext: () => void (tear = true),
    transmit(capdu) {
      if (!powered) throw new Error('test card: transmit while unpowered');
      received.push(Uint8Array.from(capdu));
      if (tear) {
        tear = false;
        powered = false;
        throw new TestCardTornError('torn');
      }
      const isSelect = capdu[1] === 0xa4 && capdu[2] === 0x04;
      const aid = capdu.subarray(5, 5 + (capdu[4] ?? 0));
      if (isSelect && Buffer.from(aid).equals(Buffer.from(DEMO_AID))) {
        return capdu.length > 5 + aid.length ? Uint8Array.from([...aid, 0x90, 0x00]) : Uint8Array.from([0x90, 0x00]);
      }
      return Uint8Array.from([0x6d, 0x00]);
    },
  };
}
