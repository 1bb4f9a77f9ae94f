/** A virtual old ration smart card: a card OS with the "RATION1" applet only (LEGACY.md). */
import { createCardOs } from '../card-os.ts';
import type { CardOs, CardOsOptions } from '../card-os.ts';
import { createLegacyRationApplet } from './legacy-ration-applet.ts';
import type { LegacyPersonalization } from './legacy-ration-applet.ts';

/** Card image kind of the old ration card. */
export const LEGACY_CARD_KIND = 'kart-legacy-ration';

export interface LegacyRationCardOptions extends Omit<CardOsOptions, 'applets' | 'kind'> {
  /** Used only when the persistent memory has nothing for the applet yet (a fresh card). */
  readonly personalization?: LegacyPersonalization;
}

/** Creates the card (not powered: call `powerOn()`). */
export function createLegacyRationCard(options: LegacyRationCardOptions): CardOs {
  return createCardOs({ ...options, applets: [createLegacyRationApplet(options.personalization)], kind: LEGACY_CARD_KIND });
}
